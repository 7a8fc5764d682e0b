// The social_accounts table: a practice's accounts, their settings, tokens and problems, and the worker's scans.
// Every method on one practice's accounts takes practiceId first; those that span every practice say so by name
// (token renewal, the daily health check, the cadence guard's pass, key rotation).
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import type { Network } from '@app/publishing';
import { SocialAccount } from './social-account.entity';
import { ENDS_BY_USUAL_LIFETIME } from './token-policy';

/** What a new row is made of, besides its practice: the caller seals the tokens to its id before saving it. */
export type NewAccount = Pick<SocialAccount, 'id' | 'network' | 'externalId'> &
  Partial<Omit<SocialAccount, 'practiceId' | 'id' | 'network' | 'externalId'>>;

/** The token columns a refresh, a lost renewal or a key rotation changes (with the error a lost renewal keeps). */
export type TokenChanges = Partial<
  Pick<
    SocialAccount,
    | 'accessTokenEnc'
    | 'refreshTokenEnc'
    | 'tokenExpiresAt'
    | 'refreshTokenExpiresAt'
    | 'tokenIssuedAt'
    | 'lastError'
    | 'lastErrorAt'
  >
>;

export class AccountStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The practice's accounts, by network then name. */
  list(practiceId: string): Promise<SocialAccount[]> {
    return this.repo().find({ where: { practiceId }, order: { network: 'ASC', name: 'ASC' } });
  }

  /** The row (tokens sealed); another practice's account is null. */
  byId(practiceId: string, id: string, tx?: EntityManager): Promise<SocialAccount | null> {
    return this.repo(tx).findOneBy({ practiceId, id });
  }

  /** The practice's row for this Page, organization or user on the network, if it was connected before. */
  byExternalId(
    practiceId: string,
    network: Network,
    externalId: string,
    tx?: EntityManager,
  ): Promise<SocialAccount | null> {
    return this.repo(tx).findOneBy({ practiceId, network, externalId });
  }

  /** Accounts needing a reconnect or disconnected, by name. */
  notConnected(practiceId: string): Promise<SocialAccount[]> {
    return this.repo().find({ where: { practiceId, status: Not('connected') }, order: { name: 'ASC' } });
  }

  /** Connected accounts with a cadence to keep. */
  withCadence(practiceId: string): Promise<SocialAccount[]> {
    return this.repo().findBy({ status: 'connected', cadence: Not(IsNull()), practiceId });
  }

  /** Every practice's connected accounts with a cadence to keep (the cadence guard's pass). */
  withCadenceEverywhere(): Promise<SocialAccount[]> {
    return this.repo().findBy({ status: 'connected', cadence: Not(IsNull()) });
  }

  /** A new row, not saved yet. */
  create(practiceId: string, fields: NewAccount): SocialAccount {
    return this.repo().create({ ...fields, practiceId });
  }

  save(account: SocialAccount, tx?: EntityManager): Promise<SocialAccount> {
    return this.repo(tx).save(account);
  }

  /** A network's refusal, kept as the account's last error. */
  async recordError(practiceId: string, id: string, message: string, at: Date): Promise<void> {
    await this.repo().update({ practiceId, id }, { lastError: message, lastErrorAt: at });
  }

  /** The grant is dead: nothing is published to the account until someone reconnects it. */
  async markNeedsReconnect(
    practiceId: string,
    id: string,
    message: string,
    at: Date,
    tx?: EntityManager,
  ): Promise<void> {
    await this.repo(tx).update({ practiceId, id }, { status: 'needs_reconnect', lastError: message, lastErrorAt: at });
  }

  /** The picture the network serves now. */
  async setPicture(practiceId: string, id: string, pictureUrl: string): Promise<void> {
    await this.repo().update({ practiceId, id }, { pictureUrl });
  }

  async updateTokens(practiceId: string, id: string, changes: TokenChanges, tx?: EntityManager): Promise<void> {
    await this.repo(tx).update({ practiceId, id }, changes);
  }

  /**
   * These accounts published at `at`, kept as their latest publish time: one statement for a batch, whose accounts
   * may belong to several practices (each names its own).
   */
  async recordPublished(accounts: Array<{ practiceId: string; accountId: string }>, at: Date): Promise<void> {
    if (accounts.length === 0) return;
    await this.repo()
      .createQueryBuilder()
      .update()
      .set({ lastPublishedAt: at })
      .where({
        id: In([...new Set(accounts.map((a) => a.accountId))]),
        practiceId: In([...new Set(accounts.map((a) => a.practiceId))]),
      })
      .andWhere('("lastPublishedAt" IS NULL OR "lastPublishedAt" < :at)', { at })
      .execute();
  }

  /**
   * Every practice's connected accounts whose token (or refresh token) ends by `horizon`, X accounts with a refresh
   * token and no end date, and connections that end by their network's usual lifetime with nothing to renew them.
   */
  dueForRenewalEverywhere(horizon: Date): Promise<SocialAccount[]> {
    return this.repo().find({
      where: [
        { status: 'connected', tokenExpiresAt: LessThanOrEqual(horizon) },
        { status: 'connected', refreshTokenExpiresAt: LessThanOrEqual(horizon) },
        { status: 'connected', network: 'x', tokenExpiresAt: IsNull(), refreshTokenEnc: Not(IsNull()) },
        // No end date from the network and nothing to renew it with: its end is estimated from when it was issued
        // (tokenEndsAt), and the warning must come before that (a LinkedIn token is not "never expires").
        {
          status: 'connected',
          network: In([...ENDS_BY_USUAL_LIFETIME]),
          accessTokenEnc: Not(IsNull()),
          tokenExpiresAt: IsNull(),
          refreshTokenEnc: IsNull(),
        },
      ],
      order: { tokenExpiresAt: 'ASC' },
    });
  }

  /** Every practice's connected accounts, oldest first (the daily health check). */
  connectedEverywhere(): Promise<SocialAccount[]> {
    return this.repo().find({ where: { status: 'connected' }, order: { createdAt: 'ASC' } });
  }

  /**
   * Every practice's accounts in id order, in the caller's transaction (key rotation). PostgreSQL: locked, so nobody
   * changes a token under it; SQLite has a single writer already.
   */
  allLockedEverywhere(tx: EntityManager): Promise<SocialAccount[]> {
    const query = this.repo(tx).createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (tx.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    return query.getMany();
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(SocialAccount);
  }
}
