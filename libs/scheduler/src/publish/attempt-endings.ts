// How a publish attempt that did not publish ends: a retry (with backoff, or after a token refresh), a wait for
// the account to be reconnected, the claim given back, or a failure with its reason, audit entry and alert. Every
// write is fenced by the attempt's claim: an attempt whose claim was taken over changes nothing and alerts nobody.
// One rule above the others: an attempt whose outcome is unknown (the network may have published) never ends
// failed before a read-back has looked for its post (see finalCheck).
import { Logger } from '@nestjs/common';
import { AlertsService } from '@app/alerts';
import { needsReconnectKey, type SocialAccount, versionRetiredKey, waitingForReconnectKey } from '@app/accounts';
import { Clock } from '@app/core';
import { TargetRow, TargetStore, WAITING_FOR_RECONNECT } from '@app/posts';
import { NETWORK_NAMES, PublishingError, withArticle } from '@app/publishing';
import { AccountGateway } from './account-gateway';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-policy';

export type PublishOutcome =
  | { result: 'published'; externalId: string; url: string; recovered: boolean }
  | { result: 'retry'; at: Date; reason: string }
  | { result: 'failed'; reason: string }
  | { result: 'not_claimed' };

export type FailureAlert =
  | 'target_failed'
  | 'needs_reconnect'
  | 'publish_stopped'
  | 'version_retired'
  | 'late_publish'
  | 'authorization_expired';

/** While its account needs reconnecting, a due target looks again this often (until its lateness limit). */
const RECONNECT_CHECK_MS = 60_000;
/** After the last attempt's answer was lost, its post is looked for this long after (the call may land late). */
const FINAL_CHECK_AFTER_MS = 60_000;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The attempt after the last one whose outcome was unknown: it only reads back, and records the post or fails
 * without posting. Set by finalCheck (a retry time and lastErrorKind unknown_outcome past the attempt limit); a
 * person's retry or reschedule clears the retry time, and then the target is published again as usual.
 */
export function isFinalCheck(target: Pick<TargetRow, 'attempts' | 'lastErrorKind' | 'nextAttemptAt'>): boolean {
  return target.attempts > MAX_ATTEMPTS && target.lastErrorKind === 'unknown_outcome' && !!target.nextAttemptAt;
}

export class AttemptEndings {
  private readonly logger = new Logger(AttemptEndings.name);

  constructor(
    private readonly store: TargetStore,
    private readonly accounts: AccountGateway,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly maxLatenessMs: number,
  ) {}

  /**
   * An account that needs reconnecting (not a removed one) makes its targets wait rather than fail at once: a
   * person may reconnect it within the lateness limit. Null: the limit is reached, the target fails as before.
   */
  waitForReconnectUntil(target: TargetRow): Date | null {
    const limit = (target.dueAt ?? target.createdAt).getTime() + this.maxLatenessMs;
    return this.clock.now().getTime() < limit ? new Date(limit) : null;
  }

  /** Tries again every RECONNECT_CHECK_MS until the limit, with the reason on the target and one alert per account. */
  async waitForReconnect(target: TargetRow, account: SocialAccount, until: Date): Promise<PublishOutcome> {
    const at = new Date(Math.min(this.clock.now().getTime() + RECONNECT_CHECK_MS, until.getTime()));
    const network = NETWORK_NAMES[target.network];
    const reason = `Waiting: the ${network} account "${account.name}" needs to be reconnected. It goes out as soon as it is, if that is before ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC; after that it will not be published.`;
    const held = await this.store.scheduleRetry(target, {
      at,
      errorKind: WAITING_FOR_RECONNECT,
      message: reason,
      networkCode: null,
    });
    if (!held) return { result: 'not_claimed' };
    await this.alerts
      .raise(target.practiceId, {
        kind: 'needs_reconnect',
        severity: 'critical',
        title: `Posts are waiting for ${withArticle(network)} account to be reconnected`,
        message: `${account.name} on ${network} needs to be reconnected. Posts due meanwhile wait up to ${Math.round(this.maxLatenessMs / 60_000)} minutes past their time, then they do not go out.`,
        link: '/accounts',
        dedupeKey: waitingForReconnectKey(account.id),
        incidentKey: needsReconnectKey(account.id),
        details: { accountId: account.id, network: target.network },
      })
      .catch(() => undefined);
    return { result: 'retry', at, reason };
  }

  /**
   * Nothing was sent yet (the database failed us before the network call, e.g. SQLite busy or a dropped
   * connection): give the claim back for a retry in a few seconds instead of stranding it until the lease
   * expires. If even that fails, the lease expiry and the reconciler pick it up.
   */
  async release(target: TargetRow, error: unknown): Promise<PublishOutcome> {
    const at = new Date(this.clock.now().getTime() + 5_000);
    this.logger.warn(
      { err: error, targetId: target.id, claim: target.claimedBy },
      'Could not prepare the target before publishing; released it for a retry',
    );
    await this.store.release(target, at);
    return { result: 'retry', at, reason: 'The database was not available; trying again shortly.' };
  }

  /** The network refused or did not answer: retry by the policy, or fail with the network's words. */
  async afterNetworkError(target: TargetRow, error: PublishingError): Promise<PublishOutcome> {
    if (error.kind === 'duplicate') {
      await this.fail(target, error.kind, error.practiceMessage, 'target_failed');
      return { result: 'failed', reason: error.practiceMessage };
    }
    const recovery = await this.accounts
      .recordFailureAndRecover(target.practiceId, target.accountId, error)
      .catch((e: unknown) => {
        this.logger.warn({ err: e }, 'Could not record the account failure');
        return { status: 'connected' as const, tokenRefreshed: false };
      });
    const at =
      this.authRetryAt(error, recovery, target.attempts) ?? nextAttemptAt(error, target.attempts, this.clock.now());
    if (at) return this.retry(target, at, error.kind, error.practiceMessage, error.networkCode ?? null);
    const check = this.finalCheck(target, error);
    if (check) return check;
    await this.fail(
      target,
      error.kind,
      error.practiceMessage,
      error.needsReconnect ? 'needs_reconnect' : error.kind === 'version_retired' ? 'version_retired' : 'target_failed',
      recovery.status === 'needs_reconnect' ? needsReconnectKey(target.accountId) : undefined,
    );
    return { result: 'failed', reason: error.practiceMessage };
  }

  /**
   * No attempt is left, but the last one's outcome is unknown (its answer never came: the post may be live), or
   * this was the read-back after such an attempt and the read-back itself failed: failing now could tell the
   * practice a live post did not go out. One more attempt that only reads back decides (isFinalCheck); the
   * lateness limit bounds how long that can go on. Undefined: nothing is unknown, the target fails.
   */
  private finalCheck(target: TargetRow, error: PublishingError): Promise<PublishOutcome> | undefined {
    const unknown = error.kind === 'unknown_outcome' || (isFinalCheck(target) && error.retryable);
    if (!unknown) return undefined;
    const at = new Date(this.clock.now().getTime() + FINAL_CHECK_AFTER_MS);
    // Kept as unknown_outcome with that attempt's words, whatever the read-back met: isFinalCheck reads it.
    const message = error.kind === 'unknown_outcome' ? error.practiceMessage : (target.lastError ?? '');
    return this.retry(target, at, 'unknown_outcome', message, error.networkCode ?? null);
  }

  private async retry(
    target: TargetRow,
    at: Date,
    errorKind: string,
    message: string,
    networkCode: string | null,
  ): Promise<PublishOutcome> {
    if (!(await this.store.scheduleRetry(target, { at, errorKind, message, networkCode })))
      return { result: 'not_claimed' };
    return { result: 'retry', at, reason: message };
  }

  /**
   * An expired (not revoked) token: after a refresh, try again in a few seconds; when the account is still
   * connected but the refresh could not happen now (another worker holds the refresh, or the token endpoint
   * is down), try again after a backoff instead of failing a post that the next attempt can publish.
   */
  private authRetryAt(
    error: PublishingError,
    recovery: { status: string; tokenRefreshed: boolean },
    attempts: number,
  ): Date | null {
    if (error.kind !== 'auth_expired' || attempts >= MAX_ATTEMPTS) return null;
    const now = this.clock.now().getTime();
    if (recovery.tokenRefreshed) return new Date(now + 5_000);
    if (recovery.status === 'connected')
      return new Date(now + Math.min(15_000 * 2 ** (attempts - 1), 5 * 60_000) * (0.8 + Math.random() * 0.4));
    return null;
  }

  /** Fails the target with its audit entry and one alert; false (nothing written) when the claim was taken over. */
  async fail(
    target: TargetRow,
    kind: string,
    message: string,
    alertKind: FailureAlert,
    incidentKey = alertKind === 'needs_reconnect'
      ? needsReconnectKey(target.accountId)
      : alertKind === 'version_retired'
        ? versionRetiredKey(target.network)
        : undefined,
  ): Promise<boolean> {
    if (!(await this.store.fail(target, kind, message))) return false;
    await this.alerts
      .raise(target.practiceId, {
        kind: alertKind,
        severity: 'critical',
        title:
          alertKind === 'publish_stopped'
            ? `${capitalized(withArticle(NETWORK_NAMES[target.network]))} post was stopped before publishing`
            : `${capitalized(withArticle(NETWORK_NAMES[target.network]))} post did not go out`,
        message,
        link: `/posts/${target.postId}`,
        dedupeKey: `target_failed:${target.id}`,
        // A post failed because its account or the network's API version did: one incident, one e-mail.
        incidentKey,
        details: { targetId: target.id, postId: target.postId, network: target.network, reason: kind },
      })
      .catch(() => undefined);
    return true;
  }
}
