// Runs publish attempts in a worker: at once for a target that is due, or at its time for one prepared ahead
// (PUBLISH_PREPARE_SECONDS). Held targets live in this process's memory only. In queue mode a marker in Redis
// keeps the reconciler from adding their jobs again, and when the process dies the marker lapses and the
// reconciler restores them; on a graceful stop they go back to the queue at once. In embedded mode the due scan
// finds them in the database again after a restart. The claim inside publish() makes every path safe to run twice.
import { Logger } from '@nestjs/common';
import type { TargetTiming } from '@app/posts';
import { Clock } from '@app/core';
import { Batcher } from './batcher';
import { PreparedTarget } from './prepared';
import { AttemptHooks, PublishOutcome, TargetPublisher } from './target-publisher';
import { RequestSlots } from './request-slots';
import type { PublishTiming } from '../timing/publish-timing';
import { MinHeap } from './min-heap';
import { ConnectionWarmer, WarmConnections } from './connection-warmer';

/**
 * A held target is launched this long before its time: its claim and the check that nothing changed run then,
 * and the publisher holds the request itself until the time (never earlier), so at the instant only the network
 * calls remain. Long enough for a fleet's burst (3,000 targets due at 9:00 on one worker: their claims and checks
 * are a dozen statements of 500 targets, about 0.2-0.3 s on two cores), and inside the claim's one-second window.
 */
export const CLAIM_LEAD_MS = 750;

export interface LauncherSettings {
  /** Attempts in flight at once from held targets. */
  concurrency: number;
  /** How long a held marker outlives its target's time (the worker must have claimed it by then). */
  heldGraceMs: number;
}

/**
 * A dead worker's markers lapse this long after their targets' time (at most 30 s, and no more than three
 * reconcile passes, at least 5 s), and the reconciler then restores the targets (README). Not longer: a
 * launched target's marker is gone anyway, and a marker that lapses before a busy worker launches its target
 * costs at most an extra attempt, which the claim refuses.
 */
export function heldGraceMs(reconcileSeconds: number): number {
  return Math.min(30_000, Math.max(5_000, 3 * reconcileSeconds * 1000));
}

/**
 * Held targets in flight at once (PUBLISH_IN_FLIGHT): a launched attempt spends most of its time waiting on the
 * network and on its batched claim and record, so a burst due at one instant goes out at once only with many in
 * flight (more also make those batches bigger). No fewer than the jobs a worker runs at once.
 */
export function launcherSettings(config: {
  WORKER_CONCURRENCY: number;
  PUBLISH_IN_FLIGHT: number;
  RECONCILE_SECONDS: number;
}): LauncherSettings {
  return {
    concurrency: Math.max(config.WORKER_CONCURRENCY, config.PUBLISH_IN_FLIGHT),
    heldGraceMs: heldGraceMs(config.RECONCILE_SECONDS),
  };
}

/**
 * Attempts past the network's answer that may still be writing their outcome, beyond the concurrency: enough for a
 * record batch to fill while the next requests go on (with slots free as well, a burst's record batches reach
 * PublishRecords' 1,000); no more, since every live attempt holds
 * memory and a burst's records would otherwise pile up (10,000 live attempts took a worker's CPU per target up
 * by half in bench:scheduler, most of it garbage collection).
 */
const RECORDING_BACKLOG = 500;

/**
 * Attempts started from held targets beyond the request slots (at most as many as the slots): claimed, checked and
 * waiting for a slot, so that each answered request is followed by the next one at once rather than after a
 * claim's round trip to the database (with few slots, that round trip was a share of every slot's cycle, and the
 * share grew when two workers' claims met in the database).
 */
const CLAIM_AHEAD = 250;

/**
 * Held markers are dropped in Redis at most this often under sustained load (a full batch at once): with few
 * attempts in flight, each launch otherwise cost a round trip of its own. Nothing waits for it, and a marker dropped
 * a little later only hides a lost job from the reconciler a little longer. (Setting one is not spaced: a job's
 * preparation waits for its marker.)
 */
const MARKER_SPACING_MS = 100;

/** Another worker's held target is taken on only once it is this late: the owner is behind, not just about to. */
const HELP_AFTER_MS = 1000;
/** Looks for other workers' late targets at most this often. */
const HELP_SPACING_MS = 250;

/** setTimeout fires at once (after 1 ms) for a longer delay; a later target's timer is armed again on the way. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Launcher {
  private readonly logger = new Logger(Launcher.name);
  private readonly held = new Map<string, PreparedTarget>();
  private readonly due = new MinHeap<PreparedTarget>((a, b) => a.runAt - b.runAt);
  private readonly markers: Batcher<PreparedTarget, void>;
  private readonly unmarkers: Batcher<string, void>;
  private readonly inFlight = new Set<Promise<unknown>>();
  /**
   * Launched attempts that have not yet had the network's answer: the concurrency bounds these (requests in
   * flight), not the attempts still writing their outcome, which would otherwise hold up the requests behind them.
   */
  private awaitingNetwork = 0;
  /** Requests in flight from held targets (the concurrency); attempts started ahead wait here. */
  private readonly requestSlots: RequestSlots;
  private readonly claimAhead: number;
  /** Targets with an attempt running in this process (launched, or run at once). */
  private readonly running = new Set<string>();
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private stopped = false;
  private readonly warmer?: ConnectionWarmer;
  /** Launched held targets since its last look for other workers' late ones found none (see help()). */
  private helping = false;
  private looking = false;
  private lastLook = 0;

  constructor(
    private readonly publisher: TargetPublisher,
    private readonly publishQueue: PublishTiming,
    private readonly clock: Clock,
    private readonly workerId: string,
    private readonly settings: LauncherSettings,
    /** Opens connections to a network ahead of a burst (none: nothing is warmed). */
    warm?: WarmConnections,
  ) {
    if (warm) this.warmer = new ConnectionWarmer(warm, clock, settings.concurrency);
    this.requestSlots = new RequestSlots(settings.concurrency);
    this.claimAhead = Math.min(CLAIM_AHEAD, settings.concurrency);
    this.markers = new Batcher<PreparedTarget, void>(
      async (items) => {
        await this.publishQueue.markHeld(items, this.settings.heldGraceMs);
        return items.map(() => undefined);
      },
      { maxBatch: 500, concurrency: 2 },
    );
    this.unmarkers = new Batcher<string, void>(
      async (ids) => {
        await this.publishQueue.unmarkHeld(ids);
        return ids.map(() => undefined);
      },
      { maxBatch: 500, concurrency: 2, spacingMs: MARKER_SPACING_MS },
    );
  }

  get holding(): number {
    return this.held.size;
  }

  /** Whether this process holds the target for `runAt`, or is running an attempt at it (for the due scan). */
  has(targetId: string, runAt: number): boolean {
    return this.running.has(targetId) || this.held.get(targetId)?.runAt === runAt;
  }

  /** One attempt now, and its follow-up (a retry's job). `hooks`: see TargetPublisher.publish. */
  async runNow(targetId: string, prepared?: PreparedTarget, hooks?: AttemptHooks): Promise<PublishOutcome> {
    this.running.add(targetId);
    try {
      const outcome = await this.publisher.publish(targetId, this.workerId, prepared, hooks);
      if (outcome.result === 'retry' && this.publishQueue.mode === 'queue') {
        const [target] = await this.publishQueue.scheduledTargets([targetId]);
        if (target) await this.publishQueue.ensureJob(target);
      }
      return outcome;
    } finally {
      this.running.delete(targetId);
    }
  }

  /**
   * Keeps a prepared target until its time (holding it again for the same time is a no-op). False when this
   * launcher is stopping: the caller's job then ends and the reconciler gives the target to another worker.
   */
  async hold(prepared: PreparedTarget): Promise<boolean> {
    if (this.stopped) return false;
    if (this.held.get(prepared.targetId)?.runAt === prepared.runAt) return true;
    // Marked before it counts as held, so a stop never leaves a marker behind for a target it gave back.
    await this.markers.submit(prepared);
    if (this.stopped) {
      await this.publishQueue.unmarkHeld([prepared.targetId]).catch(() => undefined);
      return false;
    }
    this.held.set(prepared.targetId, prepared);
    this.due.push(prepared);
    if (prepared.network) this.warmer?.plan(prepared.network, prepared.runAt);
    this.arm();
    return true;
  }

  /**
   * Stops launching and gives every target not yet launched back to the queue (its job, due at its time) so
   * another worker takes it; waits for the attempts in flight.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.warmer?.stop();
    // No new jobs here, and the running ones (preparing targets) finish first, so their jobs have ended and
    // the targets they held can be given back.
    await this.publishQueue.pauseIntake().catch(() => undefined);
    const rest = [...this.held.values()];
    this.held.clear();
    await this.publishQueue.unmarkHeld(rest.map((p) => p.targetId)).catch(() => undefined);
    await this.giveBack(rest);
    if (rest.length)
      this.logger.log(
        { targets: rest.length },
        this.publishQueue.mode === 'queue'
          ? 'Gave held targets back to the queue'
          : 'Let go of held targets; they stay scheduled in the database for the next start',
      );
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * The attempt broke before an outcome (the database or Redis failed us): back to the queue at once rather
   * than when the marker lapses. A claim it may have made stays until its lease ends, as after a crash.
   */
  private async requeue(prepared: PreparedTarget, error: unknown): Promise<void> {
    this.logger.error(
      { err: error, targetId: prepared.targetId },
      'Publish attempt failed before an outcome; giving the target back to the queue',
    );
    try {
      await this.publishQueue.unmarkHeld([prepared.targetId]);
    } catch {
      // Redis is down too: the reconciler restores the job once it is back and the marker has lapsed.
      return;
    }
    await this.giveBack([prepared]);
  }

  /**
   * Each target's job at its time as the database has it now: what was prepared may be stale (rescheduled
   * meanwhile), and a job for a stale time would replace (remove) the target's real one, leaving the target
   * held in some worker's memory until its new time. What was prepared only when the database cannot say.
   */
  private async giveBack(prepared: PreparedTarget[]): Promise<void> {
    const targets: TargetTiming[] = [];
    for (let i = 0; i < prepared.length; i += 500) {
      const chunk = prepared.slice(i, i + 500);
      const current = await this.publishQueue.scheduledTargets(chunk.map((p) => p.targetId)).catch(() => null);
      targets.push(
        ...(current ??
          chunk.map((p) => ({
            id: p.targetId,
            accountId: p.accountId,
            dueAt: p.dueAt,
            nextAttemptAt: p.nextAttemptAt,
          }))),
      );
    }
    for (const target of targets) {
      await this.publishQueue
        .restoreJob(target)
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error, targetId: target.id },
            'Could not give a held target back to the queue; the reconciler will',
          ),
        );
    }
  }

  private arm(): void {
    const next = this.due.peek();
    if (!next || this.stopped) return;
    const wait = next.runAt - CLAIM_LEAD_MS - this.clock.now().getTime();
    // Due, but every launch slot is taken: the next attempt to finish launches it (no timer polling meanwhile).
    if (wait <= 0 && !this.hasRoom()) return;
    if (next.runAt >= this.timerAt && this.timer) return;
    clearTimeout(this.timer);
    this.timerAt = next.runAt;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.timerAt = Infinity;
        this.launch();
      },
      Math.min(MAX_TIMER_MS, Math.max(0, wait)),
    );
  }

  /** Room for one more attempt before the network's answer, and not too many still writing outcomes (RECORDING_BACKLOG). */
  private hasRoom(): boolean {
    return this.awaitingNetwork < this.startLimit && this.inFlight.size < this.startLimit + RECORDING_BACKLOG;
  }

  /** Attempts started and not yet answered by the network, at most: the request slots and those claimed ahead. */
  private get startLimit(): number {
    return this.settings.concurrency + this.claimAhead;
  }

  /** Starts every held target whose time has come (CLAIM_LEAD_MS ahead), up to the concurrency; the rest as attempts finish. */
  private launch(): void {
    const now = this.clock.now().getTime();
    while (!this.stopped && this.hasRoom()) {
      const next = this.due.peek();
      if (!next || next.runAt - CLAIM_LEAD_MS > now) break;
      this.due.pop();
      // A target held again for another time (rescheduled and re-prepared) leaves a stale heap entry.
      if (this.held.get(next.targetId) !== next) continue;
      this.held.delete(next.targetId);
      // Launched, the marker has done its job; left in place, it would hide a later loss of this target's job
      // (a retry due before the original time runs at that same time). Dropped before the attempt, so it
      // cannot remove the marker of a retry this attempt holds again.
      void this.unmarkers.submit(next.targetId).catch(() => undefined);
      this.helping = true;
      this.start(next.targetId, next);
    }
    if (this.helping && this.due.size === 0 && this.hasRoom() && !this.looking && !this.stopped) void this.help();
    this.arm();
  }

  /** One attempt from a held target (`prepared`), or one taken over from a worker that is behind (none). */
  private start(targetId: string, prepared: PreparedTarget | undefined): void {
    let slotHeld = true;
    let requestSlotHeld = false;
    const requestSlot = async (): Promise<void> => {
      await this.requestSlots.acquire();
      requestSlotHeld = true;
    };
    const freeSlot = () => {
      if (!slotHeld) return;
      slotHeld = false;
      this.awaitingNetwork--;
      if (requestSlotHeld) {
        requestSlotHeld = false;
        this.requestSlots.release();
      }
      this.launch();
    };
    this.awaitingNetwork++;
    // Started a microtask later, so the attempt counts in inFlight before it can free its slot.
    const attempt = Promise.resolve()
      .then(() => this.runNow(targetId, prepared, { requestSlot, networkDone: freeSlot }))
      .catch((error: unknown) =>
        prepared
          ? this.requeue(prepared, error)
          : // Another worker's target: it still holds it, and a claim this attempt made lapses with its lease.
            this.logger.error({ err: error, targetId }, 'Publish attempt for another worker’s target failed'),
      )
      .finally(() => {
        this.inFlight.delete(attempt);
        // Its request slot was freed at the network's answer: its place in the backlog frees now.
        if (slotHeld) freeSlot();
        else this.launch();
      });
    this.inFlight.add(attempt);
  }

  /**
   * Out of held targets of its own with room to spare, during a burst: takes on targets another worker holds
   * and is late with (HELP_AFTER_MS past their time), so two workers finish a burst together rather than one
   * idling while the other works through its share. The claim lets only one attempt publish; the owner's own
   * attempt at a target taken here finds it claimed and ends. Looks at most every HELP_SPACING_MS, and stops
   * looking once a look finds nothing (until it launches a held target again).
   */
  private async help(): Promise<void> {
    this.looking = true;
    try {
      const wait = this.lastLook + HELP_SPACING_MS - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastLook = Date.now();
      const room = this.startLimit - this.awaitingNetwork;
      if (this.stopped || room <= 0 || this.due.size > 0) return;
      const before = new Date(this.clock.now().getTime() - HELP_AFTER_MS);
      const ids = (await this.publishQueue.heldElsewhere(before, room)).filter(
        (id) => !this.running.has(id) && !this.held.has(id),
      );
      if (ids.length === 0) {
        this.helping = false;
        return;
      }
      this.logger.log({ targets: ids.length }, 'Taking on late targets another worker holds');
      for (const id of ids) this.start(id, undefined);
    } catch (error) {
      this.helping = false;
      this.logger.warn({ err: error }, 'Could not look for other workers’ late targets');
    } finally {
      this.looking = false;
    }
  }
}
