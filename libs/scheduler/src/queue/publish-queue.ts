// Queue mode's timing (PublishTiming): Bull carries the timing; the database is the truth. Adding, moving and removing a target's delayed job
// keeps one job per target (its current id is kept in Redis), and every add is idempotent.
import { Logger, OnApplicationShutdown } from '@nestjs/common';
import Bull, { Job, JobStatus, Queue } from 'bull';
import type Redis from 'ioredis';
import { TargetSchedule, TargetTiming } from '@app/posts';
import type { HeldTarget, PublishTiming } from '../timing/publish-timing';
import { Clock } from '@app/core';
import {
  groupedJobId,
  JobName,
  PUBLISH_JOB_OPTIONS,
  PUBLISH_QUEUE,
  publishJobId,
  PublishTargetJob,
  runAtOf,
} from './jobs';

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  /** Per social account: at most `max` publishes every `durationMs` (Bull's grouped rate limiter). */
  accountRate?: { max: number; durationMs: number };
}

const LIVE_STATES: ReadonlySet<JobStatus | 'stuck'> = new Set<JobStatus | 'stuck'>([
  'delayed',
  'waiting',
  'active',
  'paused',
]);

/** Bull appends the group to the ids a queue with a grouped limiter adds (its `limiter` is not in the typings). */
function appendsGroup(queue: Queue<PublishTargetJob>): boolean {
  return !!(queue as Queue<PublishTargetJob> & { limiter?: { groupKey?: string } }).limiter?.groupKey;
}

export function createPublishQueue(settings: QueueSettings): Queue<PublishTargetJob> {
  return new Bull<PublishTargetJob>(PUBLISH_QUEUE, settings.redisUrl, {
    prefix: settings.prefix,
    ...(settings.accountRate
      ? { limiter: { max: settings.accountRate.max, duration: settings.accountRate.durationMs, groupKey: 'accountId' } }
      : {}),
    settings: { stalledInterval: 15_000, maxStalledCount: 2 },
  });
}

export class PublishQueue implements PublishTiming, OnApplicationShutdown {
  readonly mode = 'queue' as const;
  private readonly logger = new Logger(PublishQueue.name);

  /** `prepareMs`: jobs run this long before their target's time, to prepare it (PUBLISH_PREPARE_SECONDS). */
  constructor(
    readonly queue: Queue<PublishTargetJob>,
    private readonly redis: Redis,
    private readonly targets: TargetSchedule,
    private readonly clock: Clock,
    private readonly prefix: string,
    readonly prepareMs = 0,
  ) {}

  async pauseIntake(): Promise<void> {
    // Local only (this process's processors), waiting for the running jobs (they prepare targets) to end.
    await this.queue.pause(true);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }

  async scheduled(practiceId: string, postId: string): Promise<void> {
    for (const target of await this.targets.ofPost(practiceId, postId)) {
      if (target.status === 'scheduled') await this.ensureJob(target);
      else await this.removeJob(target);
    }
  }

  async unscheduled(practiceId: string, postId: string): Promise<void> {
    for (const target of await this.targets.ofPost(practiceId, postId)) await this.removeJob(target);
  }

  /** The delayed job for a scheduled target at its due (or retry) time, replacing any other. */
  async ensureJob(target: TargetTiming): Promise<string | null> {
    if (!target.dueAt) return null;
    const runAt = runAtOf(target);
    const jobId = groupedJobId(publishJobId(target.id, runAt), target.accountId);
    const current = await this.redis.get(this.jobKey(target.id));
    if (current && current !== jobId) await this.removeJobById(current);
    const delay = Math.max(0, runAt.getTime() - this.prepareMs - this.clock.now().getTime());
    // A queue with the grouped limiter appends ':' + accountId to the id itself; one without it gets the id
    // with the suffix already on. Either way every process (API, any worker, whatever its limiter setting)
    // adds the same id, so a duplicate add stays a no-op and the processors' limiter finds the group.
    const addId = appendsGroup(this.queue) ? jobId.slice(0, -(target.accountId.length + 1)) : jobId;
    await this.queue.add(
      JobName.PublishTarget,
      { targetId: target.id, accountId: target.accountId },
      { ...PUBLISH_JOB_OPTIONS, jobId: addId, delay },
    );
    await this.redis.set(this.jobKey(target.id), jobId, 'PX', delay + 7 * 86_400_000);
    return jobId;
  }

  /**
   * Marks targets a worker prepared and holds until their time, so the reconciler does not add their (ended)
   * jobs again. A marker outlives its time by `graceMs`: if the worker dies meanwhile, the reconciler restores
   * the job once the marker is gone. Markers only save work; the claim alone keeps a target from going out twice.
   */
  async markHeld(targets: HeldTarget[], graceMs: number): Promise<void> {
    if (targets.length === 0) return;
    const now = this.clock.now().getTime();
    const pipeline = this.redis.pipeline();
    for (const t of targets)
      pipeline.set(this.heldKey(t.targetId), String(t.runAt), 'PX', Math.max(1, t.runAt - now) + graceMs);
    await pipeline.exec();
  }

  async unmarkHeld(targetIds: string[]): Promise<void> {
    if (targetIds.length) await this.redis.del(...targetIds.map((id) => this.heldKey(id)));
  }

  /** Whether a worker holds the target, prepared, for this very run time. */
  private async isHeld(target: Omit<TargetTiming, 'accountId'>): Promise<boolean> {
    return (await this.redis.get(this.heldKey(target.id))) === String(runAtOf(target).getTime());
  }

  async removeJob(target: Pick<TargetTiming, 'id' | 'accountId'>): Promise<void> {
    const current = await this.redis.get(this.jobKey(target.id));
    if (current) await this.removeJobById(current);
    await this.redis.del(this.jobKey(target.id));
  }

  /** Whether the job a target should have is in Redis, waiting to run or running (for the reconciler). */
  async hasJob(target: TargetTiming): Promise<boolean> {
    if (!target.dueAt) return false;
    const job = await this.findJob(publishJobId(target.id, runAtOf(target)), target.accountId);
    return (!!job && LIVE_STATES.has(await job.getState())) || this.isHeld(target);
  }

  /**
   * For the reconciler: adds the job a target should have unless Redis holds it waiting or running. A job
   * that already ended under that id (it failed before anything was claimed, e.g. on a dropped database
   * connection, or stalled too often) is removed first: Bull ignores an add whose id it still holds, so the
   * target would otherwise never run. Re-running is safe: the claim lets only one attempt publish.
   */
  async restoreJob(target: TargetTiming): Promise<boolean> {
    if (!target.dueAt) return false;
    const job = await this.findJob(publishJobId(target.id, runAtOf(target)), target.accountId);
    if (job && LIVE_STATES.has(await job.getState())) return false;
    if (await this.isHeld(target)) return false;
    if (job) {
      await job
        .remove()
        .catch((error: unknown) => this.logger.warn({ err: error, jobId: job.id }, 'Could not remove an ended job'));
    }
    await this.ensureJob(target);
    return true;
  }

  /**
   * restoreJob for a reconcile pass's targets (thousands in a burst): one pipeline answers for those that are
   * plainly fine (held by a worker, or their job delayed, waiting or running), and only the rest go through
   * restoreJob's checks one by one, instead of each target's job being fetched and its state asked for (several
   * round trips apiece) while a burst goes out.
   */
  async restoreJobs(targets: TargetTiming[]): Promise<number> {
    const scheduled = targets.filter((t) => t.dueAt);
    if (scheduled.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const t of scheduled) pipeline.get(this.heldKey(t.id));
    const delayedKey = this.queue.toKey('delayed');
    for (const t of scheduled) pipeline.zscore(delayedKey, groupedJobId(publishJobId(t.id, runAtOf(t)), t.accountId));
    for (const list of ['wait', 'active', 'paused']) pipeline.lrange(this.queue.toKey(list), 0, -1);
    const replies = (await pipeline.exec()) ?? [];
    const reply = (i: number): unknown => (replies[i]?.[0] ? undefined : replies[i]?.[1]);
    const listed = new Set<string>();
    for (let i = 0; i < 3; i++)
      for (const id of (reply(2 * scheduled.length + i) as string[] | undefined) ?? []) listed.add(id);
    let restored = 0;
    for (let i = 0; i < scheduled.length; i++) {
      const t = scheduled[i];
      const jobId = groupedJobId(publishJobId(t.id, runAtOf(t)), t.accountId);
      const held = reply(i) === String(runAtOf(t).getTime());
      const delayed = reply(scheduled.length + i) != null;
      if (held || delayed || listed.has(jobId)) continue;
      if (await this.restoreJob(t)) restored++;
    }
    return restored;
  }

  /**
   * Scheduled targets due by `before` that a worker holds for that run time (its marker says so): prepared, so
   * they passed the per-account limiter when their jobs ran, and only waiting in a worker that is behind. Targets
   * whose jobs have not run yet are not offered (their limiter has not let them through).
   */
  async heldElsewhere(before: Date, limit: number): Promise<string[]> {
    const due = await this.targets.runnableBy(before, limit * 2);
    if (due.length === 0) return [];
    const markers = (await this.redis.mget(...due.map((t) => this.heldKey(t.id)))) as Array<string | null>;
    return due
      .filter((t, i) => t.dueAt && markers[i] === String(runAtOf(t).getTime()))
      .slice(0, limit)
      .map((t) => t.id);
  }

  async scheduledTargets(ids: string[]): Promise<TargetTiming[]> {
    return this.targets.scheduled(ids);
  }

  /** By its grouped id (id + ':' + account), or the bare id that jobs added before grouping was uniform carry. */
  private async findJob(jobId: string, accountId: string): Promise<Job<PublishTargetJob> | null> {
    return (await this.queue.getJob(groupedJobId(jobId, accountId))) ?? (await this.queue.getJob(jobId));
  }

  private async removeJobById(jobId: string): Promise<void> {
    try {
      const job = await this.queue.getJob(jobId);
      if (job && !(await job.isActive())) await job.remove();
    } catch (error) {
      // A job that cannot be removed is harmless: the claim refuses a target that is not due.
      this.logger.warn({ err: error, jobId }, 'Could not remove a stale job');
    }
  }

  private jobKey(targetId: string): string {
    return `${this.prefix}:target-job:${targetId}`;
  }

  private heldKey(targetId: string): string {
    return `${this.prefix}:target-held:${targetId}`;
  }
}
