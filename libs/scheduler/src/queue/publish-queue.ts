// Bull carries the timing; the database is the truth. Adding, moving and removing a target's delayed job
// keeps one job per target (its current id is kept in Redis), and every add is idempotent.
import { Logger } from '@nestjs/common';
import Bull, { Queue } from 'bull';
import type Redis from 'ioredis';
import { DataSource, In } from 'typeorm';
import { PostTarget, ScheduleSync } from '@app/calendar';
import { Clock } from '@app/core';
import { JobName, PUBLISH_JOB_OPTIONS, PUBLISH_QUEUE, publishJobId, PublishTargetJob } from './jobs';

export interface QueueSettings {
  redisUrl: string;
  prefix: string;
  /** Per social account: at most `max` publishes every `durationMs` (Bull's grouped rate limiter). */
  accountRate?: { max: number; durationMs: number };
}

export function createPublishQueue(settings: QueueSettings): Queue<PublishTargetJob> {
  return new Bull<PublishTargetJob>(PUBLISH_QUEUE, settings.redisUrl, {
    prefix: settings.prefix,
    ...(settings.accountRate ? { limiter: { max: settings.accountRate.max, duration: settings.accountRate.durationMs, groupKey: 'accountId' } } : {}),
    settings: { stalledInterval: 15_000, maxStalledCount: 2 },
  });
}

export class PublishQueue implements ScheduleSync {
  private readonly logger = new Logger(PublishQueue.name);

  constructor(
    readonly queue: Queue<PublishTargetJob>,
    private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly prefix: string,
  ) {}

  async scheduled(practiceId: string, postId: string): Promise<void> {
    const targets = await this.dataSource.getRepository(PostTarget).findBy({ practiceId, postId });
    for (const target of targets) {
      if (target.status === 'scheduled') await this.ensureJob(target);
      else await this.removeJob(target.id);
    }
  }

  async unscheduled(practiceId: string, postId: string): Promise<void> {
    const targets = await this.dataSource.getRepository(PostTarget).find({ where: { practiceId, postId }, select: ['id'] });
    for (const target of targets) await this.removeJob(target.id);
  }

  /** The delayed job for a scheduled target at its due (or retry) time, replacing any other. */
  async ensureJob(target: Pick<PostTarget, 'id' | 'accountId' | 'dueAt' | 'nextAttemptAt'>): Promise<string | null> {
    if (!target.dueAt) return null;
    const runAt = target.nextAttemptAt && target.nextAttemptAt > target.dueAt ? target.nextAttemptAt : target.dueAt;
    const jobId = publishJobId(target.id, runAt);
    const current = await this.redis.get(this.jobKey(target.id));
    if (current && current !== jobId) await this.removeJobById(current);
    const delay = Math.max(0, runAt.getTime() - this.clock.now().getTime());
    await this.queue.add(JobName.PublishTarget, { targetId: target.id, accountId: target.accountId }, { ...PUBLISH_JOB_OPTIONS, jobId, delay });
    await this.redis.set(this.jobKey(target.id), jobId, 'PX', delay + 7 * 86_400_000);
    return jobId;
  }

  async removeJob(targetId: string): Promise<void> {
    const current = await this.redis.get(this.jobKey(targetId));
    if (current) await this.removeJobById(current);
    await this.redis.del(this.jobKey(targetId));
  }

  /** Whether the job a target should have is in Redis (for the reconciler). */
  async hasJob(target: Pick<PostTarget, 'id' | 'dueAt' | 'nextAttemptAt'>): Promise<boolean> {
    if (!target.dueAt) return false;
    const runAt = target.nextAttemptAt && target.nextAttemptAt > target.dueAt ? target.nextAttemptAt : target.dueAt;
    const job = await this.queue.getJob(publishJobId(target.id, runAt));
    if (!job) return false;
    const state = await job.getState();
    return state === 'delayed' || state === 'waiting' || state === 'active' || state === 'paused';
  }

  async scheduledTargets(ids: string[]): Promise<PostTarget[]> {
    return ids.length ? this.dataSource.getRepository(PostTarget).findBy({ id: In(ids), status: 'scheduled' }) : [];
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
}
