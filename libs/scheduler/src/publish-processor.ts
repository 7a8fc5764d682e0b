// The worker's publish job handler: one job = one attempt at one target; the publisher decides the rest.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import { PostTarget } from '@app/calendar';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { TargetPublisher } from './publish/target-publisher';
import { JobName, PublishTargetJob } from './queue/jobs';
import { PublishQueue } from './queue/publish-queue';
import { PUBLISH_BULL_QUEUE, WORKER_ID } from './scheduler.module';

const HANDLERS: Record<JobName, true> = { [JobName.PublishTarget]: true };

@Injectable()
export class PublishProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PublishProcessor.name);

  constructor(
    @Inject(PUBLISH_BULL_QUEUE) private readonly queue: Queue<PublishTargetJob>,
    private readonly publishQueue: PublishQueue,
    private readonly publisher: TargetPublisher,
    private readonly dataSource: DataSource,
    @Inject(WORKER_ID) private readonly workerId: string,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  onApplicationBootstrap(): void {
    // Every job name has exactly one handler (the registry is checked at start-up).
    for (const name of Object.values(JobName)) if (!HANDLERS[name]) throw new Error(`No handler for job ${name}`);
    void this.queue.process(JobName.PublishTarget, this.config.WORKER_CONCURRENCY, (job) => this.handle(job));
    this.queue.on('error', (error) => this.logger.warn({ err: error }, 'Queue connection problem; Bull reconnects and the reconciler restores jobs'));
    // A job fails only when something broke before the publisher could decide (the database, Redis): the
    // target stays in the database and the reconciler restores its job, but the operator must see it.
    this.queue.on('failed', (job, error) => this.logger.error({ err: error, jobId: job.id, targetId: job.data.targetId }, 'Publish job failed; the reconciler will restore it'));
  }

  async handle(job: Job<PublishTargetJob>): Promise<string> {
    const { targetId } = job.data;
    const outcome = await this.publisher.publish(targetId, this.workerId);
    if (outcome.result === 'retry') {
      const target = await this.dataSource.getRepository(PostTarget).findOneBy({ id: targetId });
      if (target?.status === 'scheduled') await this.publishQueue.ensureJob(target);
    }
    this.logger.debug({ jobId: job.id, targetId, outcome: outcome.result }, 'Publish job done');
    return outcome.result;
  }
}
