// What carries the timing of publishing, seen from the launcher, the reconciler and the API: Bull on Redis in queue
// mode (PublishQueue), the database itself in embedded mode (DatabaseTiming, with the due scan). Either way the
// database is the truth and the claim lets only one attempt publish.
import type { RunMode } from '@app/core';
import type { ScheduleSync, TargetTiming } from '@app/posts';

/** A target a worker has prepared and holds in memory until its time (see Launcher). */
export interface HeldTarget {
  targetId: string;
  runAt: number;
}

export interface PublishTiming extends ScheduleSync {
  readonly mode: RunMode;
  /** Targets are prepared this long before their time (PUBLISH_PREPARE_SECONDS). */
  readonly prepareMs: number;
  /** The target runs at its due (or retry) time: queue mode adds its job; embedded mode's scan finds it anyway. */
  ensureJob(target: TargetTiming): Promise<string | null>;
  /** Gives a target back to be run (by any worker): true when something was added. */
  restoreJob(target: TargetTiming): Promise<boolean>;
  /** restoreJob for many (the reconciler's pass): the number of targets something was added for. */
  restoreJobs(targets: TargetTiming[]): Promise<number>;
  /** Held targets: queue mode marks them in Redis for the reconciler; embedded mode's launcher is the only holder. */
  markHeld(targets: HeldTarget[], graceMs: number): Promise<void>;
  unmarkHeld(targetIds: string[]): Promise<void>;
  /**
   * Targets another worker holds, prepared, whose run time is by `before` (it is behind): any worker may publish
   * them (the claim lets one through), and one that has run out of work of its own helps with them. Ids, soonest
   * first; none in embedded mode (one process holds everything).
   */
  heldElsewhere(before: Date, limit: number): Promise<string[]>;
  /** Those of `ids` still scheduled, as the database has them now. */
  scheduledTargets(ids: string[]): Promise<TargetTiming[]>;
  /** This process takes no new work (shutting down). */
  pauseIntake(): Promise<void>;
}

export const PUBLISH_TIMING = Symbol('PUBLISH_TIMING');
