// What the inbox reads to listen to the networks: the practice's connected accounts, its recently published
// posts (where comments arrive), and the poll cursors it keeps per account. Accounts and targets belong to
// libs/accounts and libs/posts: only read here.
import { DataSource, EntityManager, In, IsNull, MoreThan, Not } from 'typeorm';
import { SocialAccount } from '@app/accounts';
import { PostTarget } from '@app/posts';
import { InboxCursor } from './entities/inbox-cursor.entity';
import type { InboxNetwork } from './networks';

export class SourceStore {
  constructor(private readonly dataSource: DataSource) {}

  account(practiceId: string, accountId: string, tx?: EntityManager): Promise<SocialAccount | null> {
    return this.manager(tx).getRepository(SocialAccount).findOneBy({ practiceId, id: accountId });
  }

  /** Connected accounts with a token on these networks: one practice's, or every practice's when none is named. */
  connectedAccounts(practiceId: string | undefined, networks: InboxNetwork[], tx?: EntityManager) {
    return this.manager(tx)
      .getRepository(SocialAccount)
      .find({
        where: {
          ...(practiceId ? { practiceId } : {}),
          status: 'connected',
          network: In(networks),
          accessTokenEnc: Not(IsNull()),
        },
      });
  }

  /** Across practices: the accounts (not disconnected) for one Facebook Page; a webhook names the Page, not us. */
  facebookPageAccounts(pageId: string, tx?: EntityManager): Promise<SocialAccount[]> {
    return this.manager(tx)
      .getRepository(SocialAccount)
      .findBy({ network: 'facebook', externalId: pageId, status: Not('disconnected') });
  }

  /** The account's posts published since `since` that have a network id, newest first. */
  publishedTargets(
    practiceId: string,
    accountId: string,
    since: Date,
    limit: number,
    tx?: EntityManager,
  ): Promise<PostTarget[]> {
    return this.manager(tx)
      .getRepository(PostTarget)
      .find({
        where: { practiceId, accountId, externalId: Not(IsNull()), publishedAt: MoreThan(since) },
        order: { publishedAt: 'DESC' },
        take: limit,
      });
  }

  /** Where the last poll stopped, per scope, for one account. */
  async cursors(practiceId: string, accountId: string, tx?: EntityManager): Promise<Map<string, string>> {
    const rows = await this.manager(tx).getRepository(InboxCursor).findBy({ practiceId, accountId });
    return new Map(rows.filter((c) => c.cursor).map((c) => [c.scope, c.cursor as string]));
  }

  /** Moves the account's cursors (creating those it has not had yet). */
  async moveCursors(
    practiceId: string,
    accountId: string,
    cursors: Record<string, string>,
    at: () => Date,
    tx: EntityManager,
  ): Promise<void> {
    const repo = tx.getRepository(InboxCursor);
    for (const [scope, cursor] of Object.entries(cursors)) {
      const row = await repo.findOneBy({ accountId, scope });
      if (row) await repo.update({ id: row.id }, { cursor, polledAt: at() });
      else await repo.save(repo.create({ practiceId, accountId, scope, cursor, polledAt: at() }));
    }
  }

  private manager(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }
}
