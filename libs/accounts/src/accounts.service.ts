// The practice's social accounts: list, settings, disconnect, and what the scheduler needs (credentials, outcomes).
import { Logger } from '@nestjs/common';
import { Actor, SYSTEM_ACTOR } from '@app/audit';
import { inTransaction, InvalidInputError, NotFoundError } from '@app/core';
import { NETWORK_NAMES, PublishingError, type AccountCredentials } from '@app/publishing';
import { actorOf, SessionUser } from '@app/practices';
import type { AccountsDeps } from './accounts-deps';
import {
  disconnectedKey,
  markNeedsReconnect,
  needsReconnect,
  needsReconnectKey,
  raiseVersionRetired,
  tokenExpiringKey,
} from './account-problems';
import { accountView, auditView, type AccountView } from './account-view';
import { OpenedCredentials } from './opened-credentials';
import { Cadence, SocialAccount } from './social-account.entity';
import type { RefreshOutcome, TokenRenewal } from './usecases/token-renewal';

export interface AccountChanges {
  name?: string;
  /** null clears it. */
  cadence?: Cadence | null;
  evergreenFill?: boolean;
}

export interface FailureOutcome {
  /** The account's status after the failure was recorded. */
  status: SocialAccount['status'];
  /** An auth failure was cured by refreshing the token: retrying the publish may now succeed. */
  tokenRefreshed: boolean;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  private readonly opened: OpenedCredentials;

  constructor(
    private readonly deps: AccountsDeps,
    private readonly renewal: TokenRenewal,
  ) {
    this.opened = new OpenedCredentials(deps.vault);
  }

  async list(practiceId: string): Promise<AccountView[]> {
    return this.views(practiceId, await this.deps.accounts.list(practiceId));
  }

  async get(practiceId: string, id: string): Promise<AccountView> {
    return (await this.views(practiceId, [await this.find(practiceId, id)]))[0];
  }

  /** The row itself (tokens sealed), for the scheduler. Another practice's account is not found. */
  async find(practiceId: string, id: string): Promise<SocialAccount> {
    const account = await this.deps.accounts.byId(practiceId, id);
    if (!account) throw new NotFoundError('Social account', id);
    return account;
  }

  /** Accounts that cannot publish now (needs_reconnect, or disconnected with posts still scheduled to them). */
  async accountsNeedingReconnect(practiceId: string): Promise<AccountView[]> {
    const views = await this.views(practiceId, await this.deps.accounts.notConnected(practiceId));
    return views.filter((v) => v.status === 'needs_reconnect' || v.scheduledPosts > 0);
  }

  async update(practiceId: string, user: SessionUser, id: string, changes: AccountChanges): Promise<AccountView> {
    if (changes.cadence) assertCadence(changes.cadence);
    if (changes.name !== undefined && !changes.name.trim())
      throw new InvalidInputError('name must not be empty', { field: 'name' });
    await inTransaction(this.deps.dataSource, async (tx) => {
      const account = await this.deps.accounts.byId(practiceId, id, tx);
      if (!account) throw new NotFoundError('Social account', id);
      const before = auditView(account);
      if (changes.name !== undefined) account.name = changes.name.trim();
      if (changes.cadence !== undefined)
        account.cadence = changes.cadence === null ? null : normaliseCadence(changes.cadence);
      if (changes.evergreenFill !== undefined) account.evergreenFill = changes.evergreenFill;
      await this.deps.accounts.save(account, tx);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'account.updated',
        entityType: 'social_account',
        entityId: account.id,
        before,
        after: auditView(account),
        details: { fields: Object.keys(changes).filter((k) => changes[k as keyof AccountChanges] !== undefined) },
      });
    });
    return this.get(practiceId, id);
  }

  /**
   * Disconnects: the tokens are wiped and nothing more is published to the account. Posts scheduled to it are not
   * dropped: they stay on the calendar, flagged (scheduledPosts on the account, and an alert naming how many).
   */
  async disconnect(practiceId: string, user: SessionUser, id: string): Promise<AccountView> {
    await inTransaction(this.deps.dataSource, async (tx) => {
      const account = await this.deps.accounts.byId(practiceId, id, tx);
      if (!account) throw new NotFoundError('Social account', id);
      const before = auditView(account);
      Object.assign(account, {
        status: 'disconnected',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        tokenExpiresAt: null,
        refreshTokenExpiresAt: null,
      });
      await this.deps.accounts.save(account, tx);
      const waiting = (await this.deps.waiting.countByAccount(practiceId, [id], tx)).get(id) ?? 0;
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'account.disconnected',
        entityType: 'social_account',
        entityId: id,
        before,
        after: auditView(account),
        details: { network: account.network, externalId: account.externalId, scheduledPosts: waiting },
      });
      await this.deps.alerts.resolve(practiceId, needsReconnectKey(id), tx);
      await this.deps.alerts.resolve(practiceId, tokenExpiringKey(id), tx);
      if (waiting > 0) {
        const name = NETWORK_NAMES[account.network];
        await this.deps.alerts.raise(
          practiceId,
          {
            kind: 'publish_stopped',
            severity: 'warning',
            title: `${waiting === 1 ? '1 scheduled post' : `${waiting} scheduled posts`} cannot go out to ${account.name} on ${name}`,
            message: `${user.name || user.email} disconnected ${account.name} on ${name}. ${waiting === 1 ? 'A post scheduled' : `${waiting} posts scheduled`} to it will not be published there until the account is connected again; open the calendar to move ${waiting === 1 ? 'it' : 'them'} to another account or reconnect it under Accounts.`,
            link: '/calendar',
            dedupeKey: disconnectedKey(id),
            details: { accountId: id, network: account.network, scheduledPosts: waiting },
          },
          tx,
        );
      }
    });
    return this.get(practiceId, id);
  }

  // ---- for the scheduler ----------------------------------------------------------------

  /**
   * The decrypted tokens for one publish, shared (read-only) with the other publishes of the account that hold
   * them now. Throws UnreadableTokenError when SECRET_KEY changed without rotation.
   */
  credentials(account: SocialAccount): AccountCredentials {
    return this.opened.of(account);
  }

  async credentialsFor(practiceId: string, accountId: string): Promise<AccountCredentials> {
    return this.credentials(await this.find(practiceId, accountId));
  }

  /** The accounts published at `at` (kept as their latest publish time): one statement for a batch. */
  recordPublishSuccess(accounts: Array<{ practiceId: string; accountId: string }>, at: Date): Promise<void> {
    return this.deps.accounts.recordPublished(accounts, at);
  }

  /**
   * A network refused a call for this account (the scheduler's AccountGateway.recordFailure). A dead grant marks it
   * needs_reconnect and raises one alert with the network's words and a link to /accounts; a retired LinkedIn version
   * alerts the admin naming LINKEDIN_VERSION; anything else is kept as the account's last error.
   */
  async recordFailure(practiceId: string, accountId: string, error: PublishingError): Promise<void> {
    await this.recordFailureAndRecover(practiceId, accountId, error);
  }

  /**
   * recordFailure, and says what to do next: on auth_expired it first tries a refresh when the token can be refreshed
   * (an expired X token is not a revoked one); `tokenRefreshed: true` means retrying the publish may now succeed.
   */
  async recordFailureAndRecover(
    practiceId: string,
    accountId: string,
    error: PublishingError,
    actor: Actor = SYSTEM_ACTOR,
  ): Promise<FailureOutcome> {
    const account = await this.find(practiceId, accountId);
    const now = this.deps.clock.now();
    if (needsReconnect(error) && account.status === 'connected') {
      if (error.kind === 'auth_expired') {
        const refreshed = await this.renewal
          .refreshAccount(account, now, { force: true })
          .catch((): RefreshOutcome => 'retry_later');
        switch (refreshed) {
          case 'refreshed':
            return { status: 'connected', tokenRefreshed: true };
          case 'needs_reconnect':
            return { status: 'needs_reconnect', tokenRefreshed: false };
          case 'busy':
          case 'retry_later':
          case 'renewal_refused':
            // Another worker is refreshing it, or the token endpoint is down, or the renewal was refused while the
            // access token still answers (then this failure was not about the token): decide on the next attempt.
            return { status: 'connected', tokenRefreshed: false };
          case 'not_due':
          case 'cannot_refresh':
            break;
        }
      }
      await markNeedsReconnect(this.deps, account, error, 'publish', actor);
      return { status: (await this.find(practiceId, accountId)).status, tokenRefreshed: false };
    }
    if (error.kind === 'version_retired') await raiseVersionRetired(this.deps, practiceId, error);
    await this.deps.accounts.recordError(practiceId, accountId, error.networkMessage.slice(0, 2000), now);
    this.logger.warn(
      { practiceId, accountId, network: account.network, kind: error.kind, networkMessage: error.networkMessage },
      'Publish failure recorded on the account',
    );
    return { status: account.status, tokenRefreshed: false };
  }

  private async views(practiceId: string, accounts: SocialAccount[]): Promise<AccountView[]> {
    const ids = accounts.map((a) => a.id);
    const [counts, failed] = await Promise.all([
      this.deps.waiting.countByAccount(practiceId, ids),
      this.deps.waiting.countRetryableByAccount(practiceId, ids),
    ]);
    const now = this.deps.clock.now();
    return accounts.map((a) =>
      accountView(a, {
        now,
        oauthConfigured: this.deps.clients.oauthFor(a.network) !== undefined,
        scheduledPosts: counts.get(a.id) ?? 0,
        failedPosts: failed.get(a.id) ?? 0,
      }),
    );
  }
}

/** Also checked here (not only by the DTO): the worker and imports call the service directly. */
export function assertCadence(cadence: Cadence): void {
  const fail = (field: string, message: string) => {
    throw new InvalidInputError(`cadence.${field} ${message}`, { field: `cadence.${field}` });
  };
  if (!Number.isInteger(cadence.minPostsPerWeek) || cadence.minPostsPerWeek < 0 || cadence.minPostsPerWeek > 50)
    fail('minPostsPerWeek', 'must be a whole number from 0 to 50');
  if (!Number.isInteger(cadence.maxGapDays) || cadence.maxGapDays < 1 || cadence.maxGapDays > 90)
    fail('maxGapDays', 'must be a whole number of days from 1 to 90');
  if (!Array.isArray(cadence.windows) || cadence.windows.length > 21)
    fail('windows', 'must be a list of at most 21 posting windows');
  cadence.windows.forEach((w, i) => {
    if (!Array.isArray(w.days) || w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      fail(`windows.${i}.days`, 'must list days from 1 (Monday) to 7 (Sunday)');
    if (!TIME.test(w.from) || !TIME.test(w.to)) fail(`windows.${i}`, 'from and to must be times like 08:00 and 18:30');
    if (w.from >= w.to) fail(`windows.${i}`, `must end after it starts (from ${w.from} to ${w.to})`);
  });
}

function normaliseCadence(cadence: Cadence): Cadence {
  return {
    minPostsPerWeek: cadence.minPostsPerWeek,
    maxGapDays: cadence.maxGapDays,
    windows: cadence.windows.map((w) => ({ days: [...new Set(w.days)].sort((a, b) => a - b), from: w.from, to: w.to })),
  };
}
