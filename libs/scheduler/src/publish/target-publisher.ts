// Publishes one target exactly once. A worker first claims the target with a conditional update (and a
// lease), so only the claimer calls the network. Any retry, and any takeover of an expired lease, first
// reads the account's recent posts and records an existing one instead of posting twice. The network's id
// is stored the moment it is known; nothing after that can cause a second post.
import { Logger } from '@nestjs/common';
import { AlertsService } from '@app/alerts';
import type { SocialAccount } from '@app/accounts';
import { Clock, collectGarbage, logLevelEnabled } from '@app/core';
import {
  Claimed,
  MediaStore,
  PostMedia,
  Preflight,
  PublicMediaLinks,
  PublishExtras,
  TargetRow,
  TargetStore,
  WAITING_FOR_RECONNECT,
} from '@app/posts';
import {
  type AccountCredentials,
  isPublishingError,
  isSamePostText,
  type Network,
  NETWORK_NAMES,
  NetworkClients,
  PublishingError,
  type PostMedia as NetworkMedia,
  type RecentPost,
  renderForNetwork,
} from '@app/publishing';
import { AccountGateway } from './account-gateway';
import { AttemptEndings, type FailureAlert, isFinalCheck, type PublishOutcome } from './attempt-endings';
import { loadMedia } from './media-loader';
import { PublishRecords } from './publish-records';
import { Batcher } from './batcher';
import { LeaseKeeper } from './lease-keeper';
import { PreparedCheck, PreparedTarget } from './prepared';
import { MAX_ATTEMPTS } from './retry-policy';
import { runAtOf } from '../queue/jobs';
import { Instants } from './instants';

export type { PublishOutcome } from './attempt-endings';

/** What a job found: a target to hold until its time, or one to attempt now (due, or not scheduled: the claim decides). */
export type Preparation = { kind: 'hold'; prepared: PreparedTarget } | { kind: 'due' };

/** What the launcher hears of an attempt it started from a held target. */
export interface AttemptHooks {
  /**
   * Waited for just before the request (claimed, checked and its media read by then): a free request slot. The
   * launcher starts attempts ahead of its request slots, so a freed slot is used at once.
   */
  requestSlot?: () => Promise<void>;
  /**
   * Called once the network has answered the publish request (or it failed), before its outcome is recorded: the
   * launcher then starts the next attempt, so writing outcomes never holds up the requests.
   */
  networkDone?: () => void;
}

/** Requests waiting for one instant that make a burst (see Instants' beforeBurst). */
const BURST_WAITERS = 500;

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
  /** A claim's lease (renewed while its attempt runs); default twice the network timeout plus 30 s. */
  leaseMs?: number;
  /** Signs the image links Instagram and Google download. */
  mediaLinks: PublicMediaLinks;
}

/**
 * Claims under sustained load start at least this far apart (see Batcher's spacing). The launcher claims ahead of
 * its request slots, so the wait is hidden behind requests already in flight; a lone claim still runs at once.
 */
const CLAIM_SPACING_MS = 50;

/** Statements serve many targets at once under load (see Batcher); a lone target runs at once. */
const BATCH = { maxBatch: 100, concurrency: 2 } as const;

export class TargetPublisher {
  private readonly logger = new Logger(TargetPublisher.name);
  private claimCount = 0;
  // Claims in bigger batches: one conditional UPDATE serves them all, and a burst at 9:00 is mostly claims.
  // Spaced (CLAIM_SPACING_MS) under sustained load: with few attempts in flight, each answered request starts one
  // attempt, and unspaced, each of those claimed alone.
  private readonly claims = new Batcher<{ targetId: string; workerId: string }, Claimed | null>(
    (items) => this.claimBatch(items),
    { maxBatch: 500, concurrency: 2, spacingMs: CLAIM_SPACING_MS },
  );
  private readonly checks = new Batcher<TargetRow, Preflight>((targets) => this.checkBatch(targets), BATCH);
  // The network ids, post statuses and audit entries of many publishes in one transaction (see PublishRecords).
  private readonly records: PublishRecords;
  private readonly preparations = new Batcher<string, Preparation>((ids) => this.prepareBatch(ids), BATCH);
  // Read with the claims of held targets, ahead of their instant: as big as the claims' batches.
  private readonly fingerprints = new Batcher<string, string | undefined>(
    async (ids) => {
      const found = await this.store.fingerprints(ids);
      return ids.map((id) => found.get(id));
    },
    { maxBatch: 500, concurrency: 2, spacingMs: CLAIM_SPACING_MS },
  );

  constructor(
    private readonly store: TargetStore,
    private readonly clients: NetworkClients,
    private readonly accounts: AccountGateway,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly settings: PublisherSettings,
  ) {
    this.leases = new LeaseKeeper(store, clock, this.leaseMs);
    this.records = new PublishRecords(store, accounts, alerts, clock);
    this.endings = new AttemptEndings(store, accounts, alerts, clock, settings.maxLatenessMs);
    // A full collection while a burst waits for its instant, rather than a mark-compact in the middle of it.
    this.instants = new Instants(clock, { waiters: BURST_WAITERS, aheadMs: 300, run: () => collectGarbage() });
  }

  /** Retries, waits, releases and failures (every way an attempt ends without publishing). */
  private readonly endings: AttemptEndings;

  /** Renews the leases of this process's attempts while they run. */
  private readonly leases: LeaseKeeper;

  /** Holds a request claimed a little ahead of its time until that time (one timer per instant). */
  private readonly instants: Instants;

  /** Opens connections to a network ahead of a burst of held targets (see Launcher). */
  warmConnections(network: Network, sockets: number): Promise<number> {
    return this.clients.warm(network, sockets);
  }

  get leaseMs(): number {
    return this.settings.leaseMs || this.settings.networkTimeoutMs * 2 + 30_000;
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
  async publish(
    targetId: string,
    workerId: string,
    prepared?: PreparedTarget,
    hooks: AttemptHooks = {},
  ): Promise<PublishOutcome> {
    const claimed = await this.claims.submit({ targetId, workerId });
    if (!claimed) return { result: 'not_claimed' };
    this.leases.keep({ targetId, token: claimed.target.claimedBy! });
    try {
      return await this.attempt(claimed, workerId, prepared, hooks);
    } finally {
      this.leases.release(targetId);
    }
  }

  /** One attempt with the claim held (its lease renewed meanwhile). */
  private async attempt(
    { target, takeover }: Claimed,
    workerId: string,
    prepared: PreparedTarget | undefined,
    { requestSlot, networkDone }: AttemptHooks,
  ): Promise<PublishOutcome> {
    const targetId = target.id;
    const log = {
      targetId,
      postId: target.postId,
      practiceId: target.practiceId,
      network: target.network,
      attempt: target.attempts,
      claim: target.claimedBy,
    };
    // An earlier attempt (or the one this claim took over) may have posted: look for its post before anything else.
    const mayBeLive = takeover || target.attempts > 1;

    let check: Preflight;
    let tooLate: { message: string; alert: FailureAlert } | undefined;
    try {
      tooLate = this.tooLate(target);
      // Nothing can be live: no read-back needed to say it did not go out.
      if (tooLate && !mayBeLive) return await this.failTooLate(target, tooLate);
      check = (await this.stillValid(target, prepared)) ?? (await this.checks.submit(target));
      if (!check.ok && !tooLate && check.reason === 'account_unavailable' && check.account) {
        const waitUntil = this.endings.waitForReconnectUntil(target);
        if (waitUntil) return await this.endings.waitForReconnect(target, check.account, waitUntil);
      }
      if (!check.ok && tooLate) return await this.failTooLate(target, tooLate);
      if (!check.ok) {
        await this.endings.fail(
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
      return this.endings.release(target, error);
    }
    const client = this.clients.client(target.network);
    const credentials = 'credentials' in check ? check.credentials : this.accounts.credentials(check.account);
    const text = renderForNetwork(target.network, check.text);

    try {
      if (mayBeLive) {
        const existing = await this.readBack(target, credentials, text);
        if (existing) {
          this.logger.log(
            { ...log, externalId: existing.externalId },
            'Found the post already on the network; recording it instead of posting again',
          );
          if (!(await this.records.submit({ target, published: existing, recovered: true, workerId })))
            return this.fenced(log, existing.externalId);
          return { result: 'published', externalId: existing.externalId, url: existing.url, recovered: true };
        }
      }
      // Read back and not there: now it can be said that it did not go out.
      if (tooLate) return await this.failTooLate(target, tooLate);
      if (isFinalCheck(target)) return await this.failAfterFinalCheck(target);
      const { media, images } = await this.loadMedia(target, check.media, check.extras);
      await requestSlot?.();
      // Claimed a little ahead of its time (CLAIM_LEAD_MS, or a claim's one-second window): the request leaves at
      // the target's time by the database clock, never before.
      if (target.dueAt) await this.instants.until(runAtOf(target).getTime());
      // The last moment to stop: a claim taken over meanwhile (this process could not renew its lease) must not
      // post, since the worker that holds it now may post too.
      if (!(await this.leases.confirm(targetId))) return this.fenced(log);
      const published = await client
        .publish(credentials, {
          text,
          media,
          images: images?.filter((m) => m !== undefined),
          google: check.extras?.google,
        })
        .finally(networkDone);
      // A burst's requests first: recording this answer waits until every request due at this instant has been
      // made (a few hundred ms at most), so its statements never take the CPU from requests still to be made.
      await this.instants.quiet();
      if (!(await this.records.submit({ target, published, recovered: false, workerId })))
        return this.fenced(log, published.externalId);
      // Per target at debug only: PublishRecords logs each recorded batch (a burst is a few lines, not thousands).
      if (logLevelEnabled('debug')) this.logger.debug({ ...log, externalId: published.externalId }, 'Published');
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
      // Too late, and the read-back could not say whether an earlier attempt posted: it fails, saying so.
      if (tooLate)
        return this.failTooLate(target, {
          ...tooLate,
          message: `${tooLate.message} An earlier attempt may have reached ${NETWORK_NAMES[target.network]} (its posts could not be read to check): look there before posting it again.`,
        });
      return this.endings.afterNetworkError(target, failure);
    }
  }

  /** The post's image or video and its other images, read for the network (nothing to read for a text post). */
  private async loadMedia(
    target: TargetRow,
    first: PostMedia | undefined,
    extras: PublishExtras | undefined,
  ): Promise<{ media: NetworkMedia | undefined; images: Array<NetworkMedia | undefined> | undefined }> {
    if (!first && !extras?.images) return { media: undefined, images: undefined };
    const source = {
      store: this.settings.media,
      links: this.settings.mediaLinks,
      practiceId: target.practiceId,
      targetId: target.id,
      timeoutMs: this.settings.networkTimeoutMs,
      videoHashes: new Map(),
    };
    const media = await loadMedia(target.network, first, source);
    const images = extras?.images
      ? await Promise.all(extras.images.map((m) => loadMedia(target.network, m, source)))
      : undefined;
    return { media, images };
  }

  /** The account's recent posts since a while before the due time, and the one with this text if it is there. */
  private async readBack(
    target: TargetRow,
    credentials: AccountCredentials,
    text: string,
  ): Promise<RecentPost | undefined> {
    const since = new Date((target.dueAt ?? target.createdAt).getTime() - this.settings.readBackWindowMs);
    const recent = await this.clients.client(target.network).findRecent(credentials, since);
    return recent.find((p) => isSamePostText(target.network, text, p.text));
  }

  /** Later than the lateness limit after its time (an outage must not post "Happy Monday" on Tuesday). */
  private tooLate(target: TargetRow): { message: string; alert: FailureAlert } | undefined {
    const lateBy = target.dueAt ? this.clock.now().getTime() - target.dueAt.getTime() : 0;
    if (lateBy <= this.settings.maxLatenessMs) return undefined;
    const waitedForReconnect = target.lastErrorKind === WAITING_FOR_RECONNECT;
    return waitedForReconnect
      ? {
          message: `It waited ${Math.round(lateBy / 60_000)} minutes for the ${NETWORK_NAMES[target.network]} account to be reconnected, which is too late to publish it as planned. Reconnect the account, then retry it or pick a new time.`,
          alert: 'needs_reconnect',
        }
      : {
          message: `It was due ${Math.round(lateBy / 60_000)} minutes ago, which is too late to publish it as planned (for example after an outage). Reschedule it if it still makes sense.`,
          alert: 'late_publish',
        };
  }

  private async failTooLate(
    target: TargetRow,
    { message, alert }: { message: string; alert: FailureAlert },
  ): Promise<PublishOutcome> {
    await this.endings.fail(target, 'too_late', message, alert);
    return { result: 'failed', reason: message };
  }

  /** The read-back after the last attempt's lost answer found nothing: it did not go out, and is not tried again. */
  private async failAfterFinalCheck(target: TargetRow): Promise<PublishOutcome> {
    const network = NETWORK_NAMES[target.network];
    const message = `It did not go out on ${network}: after ${MAX_ATTEMPTS} attempts the last answer from ${network} never came, and the account's posts show no such post, so it was not tried again. Retry it or pick a new time if it still makes sense.`;
    await this.endings.fail(target, 'unknown_outcome', message, 'target_failed');
    return { result: 'failed', reason: message };
  }

  /**
   * This attempt's claim no longer holds the target: another worker took it over after the lease ended. It
   * records nothing; the worker holding the claim reads back first and records a post this one made.
   */
  private fenced(log: Record<string, unknown>, externalId?: string): PublishOutcome {
    this.logger.warn(
      { ...log, externalId },
      externalId
        ? 'Published, but this attempt no longer holds the target; the attempt that does reads it back'
        : 'This attempt no longer holds the target; not publishing',
    );
    return { result: 'not_claimed' };
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
    // A burst holds thousands of these until their time: the targets due at one instant share one Date (and the
    // targets of one account its opened credentials: AccountGateway.credentials shares them across batches).
    const instants = new Map<number, Date>();
    const instant = (at: Date): Date => {
      const shared = instants.get(at.getTime());
      if (shared) return shared;
      instants.set(at.getTime(), at);
      return at;
    };
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
          dueAt: instant(target.dueAt!),
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
      const credentials = this.accounts.credentials(account);
      return { text, media, extras, credentials, approvedHash: target.approvedHash, fingerprint };
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
}
