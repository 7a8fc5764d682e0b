// Publishes one target exactly once. A worker first claims the target with a conditional update (and a
// lease), so only the claimer calls the network. Any retry, and any takeover of an expired lease, first
// reads the account's recent posts and records an existing one instead of posting twice. The network's id
// is stored the moment it is known; nothing after that can cause a second post.
import { Logger } from '@nestjs/common';
import { AlertsService } from '@app/alerts';
import { type SocialAccount, waitingForReconnectKey } from '@app/accounts';
import { MediaStore } from '@app/calendar';
import { Clock } from '@app/core';
import {
  Claimed,
  PostMedia,
  Preflight,
  PublishedTarget,
  PublishExtras,
  TargetRow,
  TargetStore,
  WAITING_FOR_RECONNECT,
} from '@app/posts';
import {
  isPublishingError,
  isSamePostText,
  type Network,
  NETWORK_NAMES,
  NetworkClients,
  PublishingError,
  renderForNetwork,
  withArticle,
} from '@app/publishing';
import { AccountGateway } from './account-gateway';
import { loadMedia } from './media-loader';
import { Batcher } from './batcher';
import { PreparedCheck, PreparedTarget } from './prepared';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-policy';
import { runAtOf } from '../queue/jobs';
import { Instants } from './instants';

export type PublishOutcome =
  | { result: 'published'; externalId: string; url: string; recovered: boolean }
  | { result: 'retry'; at: Date; reason: string }
  | { result: 'failed'; reason: string }
  | { result: 'not_claimed' };

/** What a job found: a target to hold until its time, or one to attempt now (due, or not scheduled: the claim decides). */
export type Preparation = { kind: 'hold'; prepared: PreparedTarget } | { kind: 'due' };

/** While its account needs reconnecting, a due target looks again this often (until its lateness limit). */
const RECONNECT_CHECK_MS = 60_000;

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Closer than this to its time, a target is published at once rather than held. */
const HOLD_MIN_MS = 50;

export interface PublisherSettings {
  networkTimeoutMs: number;
  /** How far back a read-back looks before the due time. */
  readBackWindowMs: number;
  /** Later than this after its time, a post is not published (an outage must not post "Happy Monday" on Tuesday). */
  maxLatenessMs: number;
  /** Where uploaded images are read from. */
  media: MediaStore;
}

/** Statements serve many targets at once under load (see Batcher); a lone target runs at once. */
const BATCH = { maxBatch: 100, concurrency: 2 } as const;

export class TargetPublisher {
  private readonly logger = new Logger(TargetPublisher.name);
  private claimCount = 0;
  private readonly instants: Instants;
  // Claims in bigger batches: one conditional UPDATE serves them all, and a burst at 9:00 is mostly claims.
  private readonly claims = new Batcher<{ targetId: string; workerId: string }, Claimed | null>(
    (items) => this.claimBatch(items),
    { maxBatch: 500, concurrency: 2 },
  );
  private readonly checks = new Batcher<TargetRow, Preflight>((targets) => this.checkBatch(targets), BATCH);
  // One record transaction at a time: they would wait on each other's audit heads anyway, and a record costs
  // about the same for 10 targets as for 100, so what arrives meanwhile makes the next batch bigger.
  private readonly records = new Batcher<PublishedTarget, void>((items) => this.recordBatch(items), {
    maxBatch: 250,
    concurrency: 1,
  });
  /** The accounts' latest publish time, off the records' path (it orders nothing and nobody waits for it). */
  private readonly lastPublished = new Batcher<{ practiceId: string; accountId: string; at: Date }, void>(
    async (items) => {
      await this.accounts
        .recordPublishSuccess(items, new Date(Math.max(...items.map((i) => i.at.getTime()))))
        .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not update the accounts after publishing'));
      return items.map(() => undefined);
    },
    { maxBatch: 500, concurrency: 1 },
  );
  private readonly preparations = new Batcher<string, Preparation>((ids) => this.prepareBatch(ids), BATCH);
  private readonly fingerprints = new Batcher<string, string | undefined>(async (ids) => {
    const found = await this.store.fingerprints(ids);
    return ids.map((id) => found.get(id));
  }, BATCH);

  constructor(
    private readonly store: TargetStore,
    private readonly clients: NetworkClients,
    private readonly accounts: AccountGateway,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly settings: PublisherSettings,
  ) {
    this.instants = new Instants(clock);
  }

  /** Opens connections to a network ahead of a burst of held targets (see Launcher). */
  warmConnections(network: Network, sockets: number): Promise<number> {
    return this.clients.warm(network, sockets);
  }

  get leaseMs(): number {
    return this.settings.networkTimeoutMs * 2 + 30_000;
  }

  /**
   * Ahead of its time: runs the checks publish() would run, without claiming, so that at its time only the
   * claim and the network call remain. A target whose checks fail is held too: they run again at its time
   * (the account may be reconnected meanwhile) and decide there, as always.
   */
  prepare(targetId: string): Promise<Preparation> {
    return this.preparations.submit(targetId);
  }

  /** `prepared`: from prepare(); used only if nothing it relied on changed since (else the checks run again). */
  async publish(targetId: string, workerId: string, prepared?: PreparedTarget): Promise<PublishOutcome> {
    const claimed = await this.claims.submit({ targetId, workerId });
    if (!claimed) return { result: 'not_claimed' };
    const { target, takeover } = claimed;
    const log = {
      targetId,
      postId: target.postId,
      practiceId: target.practiceId,
      network: target.network,
      attempt: target.attempts,
      claim: target.claimedBy,
    };

    let check: Preflight;
    try {
      const lateBy = target.dueAt ? this.clock.now().getTime() - target.dueAt.getTime() : 0;
      if (lateBy > this.settings.maxLatenessMs) {
        const waitedForReconnect = target.lastErrorKind === WAITING_FOR_RECONNECT;
        const message = waitedForReconnect
          ? `It waited ${Math.round(lateBy / 60_000)} minutes for the ${NETWORK_NAMES[target.network]} account to be reconnected, which is too late to publish it as planned. Reconnect the account, then retry it or pick a new time.`
          : `It was due ${Math.round(lateBy / 60_000)} minutes ago, which is too late to publish it as planned (for example after an outage). Reschedule it if it still makes sense.`;
        await this.fail(target, 'too_late', message, waitedForReconnect ? 'needs_reconnect' : 'late_publish');
        return { result: 'failed', reason: message };
      }
      check = (await this.stillValid(target, prepared)) ?? (await this.checks.submit(target));
      if (!check.ok && check.reason === 'account_unavailable' && check.account) {
        const waitUntil = this.waitForReconnectUntil(target);
        if (waitUntil) return await this.waitForReconnect(target, check.account, waitUntil);
      }
      if (!check.ok) {
        await this.fail(
          target,
          check.reason,
          check.message,
          check.reason === 'account_unavailable'
            ? 'needs_reconnect'
            : check.reason === 'authorization_expired'
              ? 'authorization_expired'
              : 'publish_stopped',
        );
        return { result: 'failed', reason: check.message };
      }
    } catch (error) {
      return this.release(target, error);
    }
    const client = this.clients.client(target.network);
    const credentials = 'credentials' in check ? check.credentials : this.accounts.credentials(check.account);
    const text = renderForNetwork(target.network, check.text);

    try {
      if (takeover || target.attempts > 1) {
        const since = new Date((target.dueAt ?? target.createdAt).getTime() - this.settings.readBackWindowMs);
        const existing = (await client.findRecent(credentials, since)).find((p) =>
          isSamePostText(target.network, text, p.text),
        );
        if (existing) {
          this.logger.log(
            { ...log, externalId: existing.externalId },
            'Found the post already on the network; recording it instead of posting again',
          );
          await this.records.submit({ target, published: existing, recovered: true, workerId });
          return { result: 'published', externalId: existing.externalId, url: existing.url, recovered: true };
        }
      }
      const source = {
        store: this.settings.media,
        practiceId: target.practiceId,
        timeoutMs: this.settings.networkTimeoutMs,
      };
      const media = await loadMedia(target.network, check.media, source);
      const images = check.extras?.images
        ? await Promise.all(check.extras.images.map((m) => loadMedia(target.network, m, source)))
        : undefined;
      // Launched a little ahead of its time (CLAIM_LEAD_MS): the request leaves at the time, never before.
      if (prepared) await this.instants.until(prepared.runAt);
      const published = await client.publish(credentials, {
        text,
        media,
        images: images?.filter((m) => m !== undefined),
        google: check.extras?.google,
      });
      await this.records.submit({ target, published, recovered: false, workerId });
      this.logger.log({ ...log, externalId: published.externalId }, 'Published');
      return { result: 'published', externalId: published.externalId, url: published.url, recovered: false };
    } catch (error) {
      const failure = isPublishingError(error)
        ? error
        : new PublishingError({
            kind: 'transient',
            network: target.network,
            networkMessage: (error as Error).message ?? String(error),
          });
      if (!isPublishingError(error))
        this.logger.error({ ...log, err: error }, 'Unexpected error while publishing; will retry after reading back');
      return this.handleFailure(target, failure);
    }
  }

  private async prepareBatch(ids: string[]): Promise<Preparation[]> {
    const now = this.clock.now();
    const rows = await this.store.byIds(ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const runAt = (t: TargetRow) => runAtOf(t).getTime();
    const future = new Set(
      rows.filter((t) => t.status === 'scheduled' && t.dueAt && runAt(t) - now.getTime() >= HOLD_MIN_MS),
    );
    const checks = future.size ? await this.store.preflight([...future], now) : new Map<string, Preflight>();
    // Checks that lean on a patient authorization run again at the time: it may lapse or be revoked meanwhile.
    const passed = [...future].filter((t) => {
      const c = checks.get(t.id);
      return c?.ok && !c.reliesOnAuthorization;
    });
    const fingerprints = await this.store.fingerprints(passed.map((t) => t.id));
    return ids.map((id): Preparation => {
      const target = byId.get(id);
      // Not scheduled (an expired lease to take over, or nothing to do) or due now: the claim decides.
      if (!target || !future.has(target)) return { kind: 'due' };
      const check = checks.get(id);
      const fingerprint = fingerprints.get(id);
      return {
        kind: 'hold',
        prepared: {
          targetId: id,
          accountId: target.accountId,
          network: target.network,
          runAt: runAt(target),
          dueAt: target.dueAt!,
          nextAttemptAt: target.nextAttemptAt,
          check:
            check?.ok && 'account' in check && fingerprint
              ? this.preparedCheck(target, check.text, check.media, check.extras, check.account, fingerprint)
              : undefined,
        },
      };
    });
  }

  /** Undefined when the token cannot be opened now: the attempt at its time meets (and reports) that itself. */
  private preparedCheck(
    target: TargetRow,
    text: string,
    media: PostMedia | undefined,
    extras: PublishExtras | undefined,
    account: SocialAccount,
    fingerprint: string,
  ): PreparedCheck | undefined {
    try {
      return {
        text,
        media,
        extras,
        credentials: this.accounts.credentials(account),
        approvedHash: target.approvedHash,
        fingerprint,
      };
    } catch {
      return undefined;
    }
  }

  /** The prepared checks, if the claimed row and everything they read are as they were; null: check again. */
  private async stillValid(
    target: TargetRow,
    prepared: PreparedTarget | undefined,
  ): Promise<Extract<Preflight, { ok: true }> | null> {
    const check = prepared?.check;
    if (!check || check.approvedHash !== target.approvedHash || prepared.dueAt.getTime() !== target.dueAt?.getTime())
      return null;
    return (await this.fingerprints.submit(target.id)) === check.fingerprint
      ? {
          ok: true,
          text: check.text,
          media: check.media,
          extras: check.extras,
          credentials: check.credentials,
          reliesOnAuthorization: false,
        }
      : null;
  }

  /**
   * An account that needs reconnecting (not a removed one) makes its targets wait rather than fail at once: a
   * person may reconnect it within the lateness limit. Null: the limit is reached, the target fails as before.
   */
  private waitForReconnectUntil(target: TargetRow): Date | null {
    const limit = (target.dueAt ?? target.createdAt).getTime() + this.settings.maxLatenessMs;
    return this.clock.now().getTime() < limit ? new Date(limit) : null;
  }

  /** Tries again every RECONNECT_CHECK_MS until the limit, with the reason on the target and one alert per account. */
  private async waitForReconnect(target: TargetRow, account: SocialAccount, until: Date): Promise<PublishOutcome> {
    const at = new Date(Math.min(this.clock.now().getTime() + RECONNECT_CHECK_MS, until.getTime()));
    const network = NETWORK_NAMES[target.network];
    const reason = `Waiting: the ${network} account "${account.name}" needs to be reconnected. It goes out as soon as it is, if that is before ${until.toISOString().slice(0, 16).replace('T', ' ')} UTC; after that it will not be published.`;
    await this.store.scheduleRetry(target, {
      at,
      errorKind: WAITING_FOR_RECONNECT,
      message: reason,
      networkCode: null,
    });
    await this.alerts
      .raise(target.practiceId, {
        kind: 'needs_reconnect',
        severity: 'critical',
        title: `Posts are waiting for ${withArticle(network)} account to be reconnected`,
        message: `${account.name} on ${network} needs to be reconnected. Posts due meanwhile wait up to ${Math.round(this.settings.maxLatenessMs / 60_000)} minutes past their time, then they do not go out.`,
        link: '/accounts',
        dedupeKey: waitingForReconnectKey(account.id),
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
  private async release(target: TargetRow, error: unknown): Promise<PublishOutcome> {
    const at = new Date(this.clock.now().getTime() + 5_000);
    this.logger.warn(
      { err: error, targetId: target.id, claim: target.claimedBy },
      'Could not prepare the target before publishing; released it for a retry',
    );
    await this.store.release(target, at);
    return { result: 'retry', at, reason: 'The database was not available; trying again shortly.' };
  }

  /** One claim statement per worker for the batch (the token in claimedBy is unique per claim). */
  private async claimBatch(items: Array<{ targetId: string; workerId: string }>): Promise<Array<Claimed | null>> {
    const now = this.clock.now();
    const won = new Map<string, Claimed>();
    for (const workerId of new Set(items.map((i) => i.workerId))) {
      const token = `${workerId.slice(0, 80)}#${(++this.claimCount).toString(36)}`;
      const claimed = await this.store.claim({
        ids: items.filter((i) => i.workerId === workerId).map((i) => i.targetId),
        token,
        now,
        leaseMs: this.leaseMs,
      });
      for (const c of claimed) won.set(c.target.id, c);
    }
    // The calendar shows the post as publishing; only cosmetic until the result is recorded, so never fatal.
    await this.store
      .markPostsPublishing([...won.values()].map((c) => c.target.postId))
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not mark posts as publishing'));
    // A target asked for twice in one batch is claimed once: the second ask gets nothing.
    return items.map((i) => {
      const claimed = won.get(i.targetId) ?? null;
      won.delete(i.targetId);
      return claimed;
    });
  }

  private async checkBatch(targets: TargetRow[]): Promise<Preflight[]> {
    const checks = await this.store.preflight(targets, this.clock.now());
    return targets.map((t) => checks.get(t.id)!);
  }

  /** The publishes of a batch in one transaction; then the account's last publish time and stale alerts. */
  private async recordBatch(items: PublishedTarget[]): Promise<void[]> {
    const now = this.clock.now();
    const record = (batch: PublishedTarget[]) => withDeadlockRetry(() => this.store.recordPublished(batch, now));
    try {
      await record(items);
    } catch (error) {
      // One bad item must not cost the others their audit entries: record them one by one.
      this.logger.warn(
        { err: error, targetIds: items.map((i) => i.target.id) },
        'Recording a batch of publishes failed; recording them one at a time',
      );
      for (const item of items) {
        await record([item]).catch(async (inner: unknown) => {
          // The post is live. Never let bookkeeping turn into a second post: keep the id at least.
          this.logger.error(
            { err: inner, targetId: item.target.id, externalId: item.published.externalId },
            'Published, but the audit/bookkeeping transaction failed; keeping the network id',
          );
          await this.store
            .keepNetworkIds([item], now)
            .catch((last: unknown) =>
              this.logger.error(
                { err: last, targetId: item.target.id },
                'Published, but could not record it; the next attempt will find it by reading back',
              ),
            );
        });
      }
    }
    for (const { target } of items)
      void this.lastPublished.submit({ practiceId: target.practiceId, accountId: target.accountId, at: now });
    // Only fail() raises this alert, and it records lastErrorKind, which only a success clears: a target
    // that never failed has nothing to resolve (saves a query on nearly every publish).
    for (const { target } of items) {
      if (target.lastErrorKind !== null)
        await this.alerts.resolve(target.practiceId, `target_failed:${target.id}`).catch(() => undefined);
    }
    return items.map(() => undefined);
  }

  private async handleFailure(target: TargetRow, error: PublishingError): Promise<PublishOutcome> {
    if (error.kind === 'duplicate') {
      return this.fail(target, error.kind, error.practiceMessage, 'target_failed').then(() => ({
        result: 'failed' as const,
        reason: error.practiceMessage,
      }));
    }
    const recovery = await this.accounts
      .recordFailureAndRecover(target.practiceId, target.accountId, error)
      .catch((e: unknown) => {
        this.logger.warn({ err: e }, 'Could not record the account failure');
        return { status: 'connected' as const, tokenRefreshed: false };
      });
    const at =
      this.authRetryAt(error, recovery, target.attempts) ?? nextAttemptAt(error, target.attempts, this.clock.now());
    if (!at) {
      await this.fail(
        target,
        error.kind,
        error.practiceMessage,
        error.needsReconnect
          ? 'needs_reconnect'
          : error.kind === 'version_retired'
            ? 'version_retired'
            : 'target_failed',
      );
      return { result: 'failed', reason: error.practiceMessage };
    }
    await this.store.scheduleRetry(target, {
      at,
      errorKind: error.kind,
      message: error.practiceMessage,
      networkCode: error.networkCode ?? null,
    });
    return { result: 'retry', at, reason: error.practiceMessage };
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

  private async fail(
    target: TargetRow,
    kind: string,
    message: string,
    alertKind:
      | 'target_failed'
      | 'needs_reconnect'
      | 'publish_stopped'
      | 'version_retired'
      | 'late_publish'
      | 'authorization_expired',
  ): Promise<void> {
    await this.store.fail(target, kind, message);
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
        details: { targetId: target.id, postId: target.postId, network: target.network, reason: kind },
      })
      .catch(() => undefined);
  }
}

/** PostgreSQL may end one of two crossing transactions as a deadlock victim; running it again is safe. */
async function withDeadlockRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const code =
        (error as { code?: string; driverError?: { code?: string } }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || (code !== '40P01' && code !== '40001')) throw error;
    }
  }
}
