// The worker's publish job handler: one job = one attempt at one target; the publisher decides the rest.
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { APP_CONFIG, Clock, logLevelEnabled, ResolvedConfig } from '@app/core';
import { Launcher } from './publish/launcher';
import { TargetPublisher } from './publish/target-publisher';
import { JobName, PublishTargetJob, runAtOfJobId } from './queue/jobs';
import { PublishQueue } from './queue/publish-queue';
import { PUBLISH_BULL_QUEUE } from './scheduler.module';

const HANDLERS: Record<JobName, true> = { [JobName.PublishTarget]: true };

@Injectable()
export class PublishProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PublishProcessor.name);

  constructor(
    @Inject(PUBLISH_BULL_QUEUE) private readonly queue: Queue<PublishTargetJob>,
    private readonly publishQueue: PublishQueue,
    private readonly publisher: TargetPublisher,
    private readonly launcher: Launcher,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    // Every job name has exactly one handler (the registry is checked at start-up).
    for (const name of Object.values(JobName)) if (!HANDLERS[name]) throw new Error(`No handler for job ${name}`);
    void this.queue.process(JobName.PublishTarget, this.config.WORKER_CONCURRENCY, (job) => this.handle(job));
    this.queue.on('error', (error) =>
      this.logger.warn({ err: error }, 'Queue connection problem; Bull reconnects and the reconciler restores jobs'),
    );
    // A job fails only when something broke before the publisher could decide (the database, Redis): the
    // target stays in the database and the reconciler restores its job, but the operator must see it.
    this.queue.on('failed', (job, error) =>
      this.logger.error(
        { err: error, jobId: job.id, targetId: job.data.targetId },
        'Publish job failed; the reconciler will restore it',
      ),
    );
  }

  /** A job that runs before its target's time prepares it and hands it to the launcher; a due one publishes. */
  async handle(job: Job<PublishTargetJob>): Promise<string> {
    const { targetId } = job.data;
    // Whether it runs early is read from its id, not this process's PUBLISH_PREPARE_SECONDS: an API with another
    // setting may have added it, and a due job (a retry, a restored one) goes straight to the claim. On the
    // database's clock: Bull moves a delayed job on by this process's clock, which may run fast.
    const runAt = runAtOfJobId(job.id);
    if (runAt === undefined ? this.publishQueue.prepareMs > 0 : runAt > this.clock.now().getTime()) {
      const preparation = await this.publisher.prepare(targetId);
      if (preparation.kind === 'hold') {
        // Not held only while this worker stops: with no job and no marker, the reconciler restores it elsewhere.
        const held = await this.launcher.hold(preparation.prepared);
        if (logLevelEnabled('debug'))
          this.logger.debug(
            { jobId: job.id, targetId, runAt: new Date(preparation.prepared.runAt).toISOString(), held },
            'Publish job prepared its target',
          );
        return held ? 'held' : 'released';
      }
    }
    const outcome = await this.launcher.runNow(targetId);
    if (logLevelEnabled('debug'))
      this.logger.debug({ jobId: job.id, targetId, outcome: outcome.result }, 'Publish job done');
    return outcome.result;
  }
}
