// Keeps tokens alive ahead of expiry, and the daily check that every connected account still works.
// The worker calls refreshDue every few minutes and verifyAll once a day (see TokenRefresher).
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '@app/audit';
import { inTransaction } from '@app/core';
import { NETWORK_NAMES, PublishingError, isPublishingError, type RefreshedTokens } from '@app/publishing';
import type { AccountsDeps } from '../accounts-deps';
import type { TokenChanges } from '../account-store';
import {
  markNeedsReconnect,
  needsReconnect,
  raiseAppRefused,
  raiseVersionRetired,
  tokenExpiringKey,
} from '../account-problems';
import { openCredentials } from '../credentials';
import { SocialAccount } from '../social-account.entity';
import { canRefresh, EXPIRY_WARNING_MS, reconnectDeadline, refreshIsDue } from '../token-policy';

/**
 * renewal_refused: the network refused the refresh token but the access token still works (see renewalLost); the
 * account stays connected until that token ends, with a warning to reconnect before then.
 */
export type RefreshOutcome =
  'refreshed' | 'not_due' | 'cannot_refresh' | 'retry_later' | 'needs_reconnect' | 'renewal_refused' | 'busy';

export interface RefreshReport {
  checked: number;
  refreshed: number;
  /** 5xx, timeouts, throttles: the account stays connected and the next pass tries again. */
  retryLater: number;
  needsReconnect: number;
  /** Renewal refused while the access token still works: connected until it ends, with a warning. */
  renewalRefused: number;
  failed: number;
}

export interface VerifyReport {
  checked: number;
  ok: number;
  needsReconnect: number;
  /** Not verified this time (network unreachable, throttled, token being refreshed). */
  skipped: number;
  failed: number;
}

const LOCK_MS = 2 * 60_000;

export class TokenRenewal {
  private readonly logger = new Logger(TokenRenewal.name);

  constructor(private readonly deps: AccountsDeps) {}

  /**
   * Refreshes every connected account whose token is inside its network's margin (X < 15 min, LinkedIn < 7 days,
   * Facebook < 10 days), and raises token_expiring for connections that cannot renew themselves and stop within
   * 14 days. Safe to run from several workers at once: one refresh per account at a time (X refresh tokens rotate).
   */
  async refreshDue(now: Date = this.deps.clock.now()): Promise<RefreshReport> {
    const horizon = new Date(now.getTime() + EXPIRY_WARNING_MS);
    const accounts = await this.deps.accounts.dueForRenewalEverywhere(horizon);
    const report: RefreshReport = {
      checked: accounts.length,
      refreshed: 0,
      retryLater: 0,
      needsReconnect: 0,
      renewalRefused: 0,
      failed: 0,
    };
    for (const account of accounts) {
      try {
        const outcome = await this.refreshAccount(account, now);
        if (outcome === 'refreshed') report.refreshed++;
        else if (outcome === 'retry_later') report.retryLater++;
        else if (outcome === 'needs_reconnect') report.needsReconnect++;
        else if (outcome === 'renewal_refused') report.renewalRefused++;
      } catch (error) {
        report.failed++;
        this.logger.error(
          {
            practiceId: account.practiceId,
            accountId: account.id,
            network: account.network,
            error: errorSummary(error),
          },
          'Token refresh failed',
        );
      }
    }
    if (report.refreshed || report.retryLater || report.needsReconnect || report.renewalRefused || report.failed)
      this.logger.log({ ...report }, 'Token refresh pass');
    return report;
  }

  /** Refreshes one account if it is due (or `force`), then raises or resolves its token_expiring alert. */
  async refreshAccount(
    account: SocialAccount,
    now: Date = this.deps.clock.now(),
    options: { force?: boolean } = {},
  ): Promise<RefreshOutcome> {
    const oauthConfigured = this.oauthConfigured(account);
    let outcome: RefreshOutcome = 'not_due';
    let current = account;
    if (!canRefresh(account, oauthConfigured, now)) outcome = 'cannot_refresh';
    else if (options.force || refreshIsDue(account, now)) {
      const result = await this.withLock(account.id, async () => {
        // Another worker may have refreshed it a moment ago: decide on the row as it is now.
        const fresh = await this.deps.accounts.byId(account.practiceId, account.id);
        if (!fresh || fresh.status !== 'connected' || !canRefresh(fresh, oauthConfigured, now))
          return { outcome: 'not_due' as const, account: fresh ?? account };
        if (!options.force && !refreshIsDue(fresh, now)) return { outcome: 'not_due' as const, account: fresh };
        return this.refreshLocked(fresh);
      });
      if (!result) return 'busy';
      outcome = result.outcome;
      current = result.account;
    }
    if (outcome !== 'needs_reconnect' && current.status === 'connected')
      await this.checkExpiring(
        current,
        now,
        outcome === 'renewal_refused'
          ? `${NETWORK_NAMES[current.network]} refused to renew it, for example because the answer to an earlier renewal was lost`
          : undefined,
      );
    return outcome;
  }

  /**
   * The daily health check: each connected account's token must still work for that account (postiz #1328). A revoked
   * token marks the account needs_reconnect with one alert; a network that is down changes nothing.
   */
  async verifyAll(now: Date = this.deps.clock.now()): Promise<VerifyReport> {
    const accounts = await this.deps.accounts.connectedEverywhere();
    const report: VerifyReport = { checked: accounts.length, ok: 0, needsReconnect: 0, skipped: 0, failed: 0 };
    for (const account of accounts) {
      // An expired token that can be refreshed is refreshDue's job, not a reason to ask for a reconnect.
      if (
        account.tokenExpiresAt &&
        account.tokenExpiresAt.getTime() <= now.getTime() &&
        canRefresh(account, this.oauthConfigured(account), now)
      ) {
        report.skipped++;
        continue;
      }
      try {
        const verified = await this.deps.clients
          .client(account.network)
          .verify(openCredentials(this.deps.vault, account));
        // The daily check is the profile call: a changed picture shows in the previews the next day.
        if (verified.pictureUrl && verified.pictureUrl !== account.pictureUrl)
          await this.deps.accounts.setPicture(account.practiceId, account.id, verified.pictureUrl);
        report.ok++;
      } catch (error) {
        if (!isPublishingError(error)) {
          report.failed++;
          this.logger.error(
            {
              practiceId: account.practiceId,
              accountId: account.id,
              network: account.network,
              error: errorSummary(error),
            },
            'Account health check failed',
          );
        } else if (needsReconnect(error)) {
          await markNeedsReconnect(this.deps, account, error, 'health_check');
          report.needsReconnect++;
        } else {
          if (error.kind === 'version_retired') await raiseVersionRetired(this.deps, account.practiceId, error);
          report.skipped++;
          this.logger.warn(
            {
              practiceId: account.practiceId,
              accountId: account.id,
              network: account.network,
              kind: error.kind,
              networkMessage: error.networkMessage,
            },
            'Account health check inconclusive',
          );
        }
      }
    }
    this.logger.log({ ...report }, 'Account health check');
    return report;
  }

  private async refreshLocked(account: SocialAccount): Promise<{ outcome: RefreshOutcome; account: SocialAccount }> {
    let tokens: RefreshedTokens;
    try {
      tokens = await this.deps.clients.client(account.network).refresh(openCredentials(this.deps.vault, account));
    } catch (error) {
      if (!isPublishingError(error)) throw error;
      return this.refreshRefused(account, error);
    }
    if (!tokens.accessToken?.trim()) {
      this.logger.warn(
        { practiceId: account.practiceId, accountId: account.id, network: account.network },
        'Token refresh answered without an access token; will retry',
      );
      return { outcome: 'retry_later', account };
    }
    return { outcome: 'refreshed', account: await this.storeRefreshed(account, tokens) };
  }

  /** Only a dead grant asks for a reconnect; a blip keeps the account connected and is retried (postiz PR #1822). */
  private async refreshRefused(
    account: SocialAccount,
    error: PublishingError,
  ): Promise<{ outcome: RefreshOutcome; account: SocialAccount }> {
    if (needsReconnect(error)) {
      // The renewal is refused, but the access itself may still work: X rotates refresh tokens, and a worker that
      // died between X's answer and storing the new one left a dead refresh token next to a live access token.
      // Flagging the account would stop its posts at once; they can go out until that access token ends.
      const access = await this.accessStillWorks(account);
      if (access === 'works') return { outcome: 'renewal_refused', account: await this.renewalLost(account, error) };
      if (access === 'unknown') return { outcome: 'retry_later', account };
      await markNeedsReconnect(this.deps, account, error, 'refresh');
      return { outcome: 'needs_reconnect', account };
    }
    if (error.adminMessage) await raiseAppRefused(this.deps, account.practiceId, error);
    this.logger.warn(
      {
        practiceId: account.practiceId,
        accountId: account.id,
        network: account.network,
        kind: error.kind,
        networkMessage: error.networkMessage,
      },
      'Token refresh failed for now; the account stays connected and will be retried',
    );
    return { outcome: 'retry_later', account };
  }

  /** Whether the stored access token still opens the account (the network's profile call). */
  private async accessStillWorks(account: SocialAccount): Promise<'works' | 'refused' | 'unknown'> {
    try {
      await this.deps.clients.client(account.network).verify(openCredentials(this.deps.vault, account));
      return 'works';
    } catch (error) {
      if (isPublishingError(error) && needsReconnect(error)) return 'refused';
      if (!isPublishingError(error)) throw error;
      return 'unknown';
    }
  }

  /**
   * The refresh token is dead and the access token works: the refresh token is dropped (it can never work again),
   * the network's refusal is kept as the account's last error and audited, and the account stays connected until
   * its access token ends. checkExpiring then warns with that end (critical within two days): reconnect before it.
   */
  private async renewalLost(account: SocialAccount, error: PublishingError): Promise<SocialAccount> {
    const now = this.deps.clock.now();
    const changes: TokenChanges = {
      refreshTokenEnc: null,
      refreshTokenExpiresAt: null,
      lastError:
        `${NETWORK_NAMES[account.network]} refused to renew the sign-in (${error.networkMessage}); the current one still works until it ends.`.slice(
          0,
          2000,
        ),
      lastErrorAt: now,
    };
    await inTransaction(this.deps.dataSource, async (tx) => {
      await this.deps.accounts.updateTokens(account.practiceId, account.id, changes, tx);
      await this.deps.audit.record(tx, account.practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'account.renewal_refused',
        entityType: 'social_account',
        entityId: account.id,
        details: { network: account.network, kind: error.kind, networkCode: error.networkCode ?? null },
      });
    });
    this.logger.warn(
      { practiceId: account.practiceId, accountId: account.id, network: account.network, kind: error.kind },
      'Token refresh refused while the access token still works; it stays connected until that token ends',
    );
    return Object.assign(account, changes);
  }

  /** The rotated X refresh token is stored at once: the old one is dead from this moment. */
  private async storeRefreshed(account: SocialAccount, tokens: RefreshedTokens): Promise<SocialAccount> {
    const { vault } = this.deps;
    const changes: TokenChanges = {
      accessTokenEnc: vault.seal(tokens.accessToken, account.id),
      tokenExpiresAt: tokens.expiresAt ?? null,
      tokenIssuedAt: this.deps.clock.now(),
    };
    const refreshToken = tokens.refreshToken?.trim();
    if (refreshToken) {
      changes.refreshTokenEnc = vault.seal(refreshToken, account.id);
      if (tokens.refreshTokenExpiresAt) changes.refreshTokenExpiresAt = tokens.refreshTokenExpiresAt;
    }
    await inTransaction(this.deps.dataSource, (tx) =>
      this.deps.accounts.updateTokens(account.practiceId, account.id, changes, tx),
    );
    this.logger.log(
      {
        practiceId: account.practiceId,
        accountId: account.id,
        network: account.network,
        expiresAt: changes.tokenExpiresAt?.toISOString() ?? null,
        rotated: Boolean(refreshToken),
      },
      'Token refreshed',
    );
    return Object.assign(account, changes);
  }

  /** token_expiring for a connection that cannot renew itself and stops within 14 days (Mixpost #79); resolved once it can. */
  private async checkExpiring(account: SocialAccount, now: Date, refusedWhy?: string): Promise<void> {
    const refreshable = canRefresh(account, this.oauthConfigured(account), now);
    const deadline = reconnectDeadline(account, refreshable);
    const key = tokenExpiringKey(account.id);
    if (!deadline || deadline.getTime() - now.getTime() > EXPIRY_WARNING_MS) {
      await this.deps.alerts.resolve(account.practiceId, key);
      return;
    }
    const name = NETWORK_NAMES[account.network];
    const when = deadline.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    const why = refusedWhy
      ? refusedWhy
      : refreshable
        ? `${name} lets a sign-in be renewed only for a limited time`
        : account.network === 'facebook' || this.oauthConfigured(account)
          ? 'no refresh token was stored for it'
          : `the ${name} app is not configured here, so its token cannot be refreshed`;
    const past = deadline.getTime() <= now.getTime();
    await this.deps.alerts.raise(account.practiceId, {
      kind: 'token_expiring',
      severity: deadline.getTime() - now.getTime() < 2 * 24 * 3600_000 ? 'critical' : 'warning',
      title: past
        ? `${account.name} on ${name} has stopped working`
        : `${account.name} on ${name} needs reconnecting by ${when.slice(0, 10)}`,
      message: `${past ? `The ${name} connection for "${account.name}" expired on ${when}` : `The ${name} connection for "${account.name}" stops working on ${when}`} and cannot be renewed automatically (${why}). Reconnect it under Accounts so scheduled posts keep going out.`,
      link: '/accounts',
      dedupeKey: key,
      details: { accountId: account.id, network: account.network, expiresAt: deadline.toISOString() },
    });
  }

  private oauthConfigured(account: Pick<SocialAccount, 'network'>): boolean {
    return this.deps.clients.oauthFor(account.network) !== undefined;
  }

  /** One refresh of an account at a time across workers; null when another holds it. */
  private async withLock<T>(accountId: string, work: () => Promise<T>): Promise<T | null> {
    const key = `${this.deps.keyPrefix}:accounts:refresh-lock:${accountId}`;
    const token = randomUUID();
    if (!(await this.deps.store.setIfAbsent(key, token, LOCK_MS))) return null;
    try {
      return await work();
    } finally {
      await this.deps.store.deleteIfEquals(key, token).catch(() => undefined);
    }
  }
}

/** Errors are logged by name and message only: a network error object may carry a request URL with a token in it. */
export function errorSummary(error: unknown): string {
  if (isPublishingError(error)) return `${error.kind}: ${error.networkMessage}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
