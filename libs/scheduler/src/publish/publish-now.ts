// "Publish now" for an approved post and "Retry" for a post's failed networks: the posts lib makes the targets
// due now, and they go through the same publisher the scheduler uses (same claim, checks, read-back and
// recording). What cannot finish now (a retry planned by the publisher, a target another worker holds) gets its
// job at its planned time at once, not at the reconciler's next pass.
import { Logger } from '@nestjs/common';
import { MakeDueNow, RetryTargets } from '@app/posts';
import { SessionUser } from '@app/practices';
import { PublishTiming } from '../timing/publish-timing';
import { PublishOutcome, TargetPublisher } from './target-publisher';

export type TargetOutcomes = Array<{ targetId: string; outcome: PublishOutcome }>;

export class PublishNow {
  private readonly logger = new Logger(PublishNow.name);

  constructor(
    private readonly makeDueNow: MakeDueNow,
    private readonly retryTargets: RetryTargets,
    private readonly publisher: TargetPublisher,
    private readonly queue: Pick<PublishTiming, 'scheduledTargets' | 'ensureJob'>,
    private readonly workerId: string,
  ) {}

  async run(practiceId: string, user: SessionUser, postId: string): Promise<TargetOutcomes> {
    return this.publishAll(await this.makeDueNow.run(practiceId, user, postId));
  }

  /** Every failed network of the post, or only `targetId`'s. */
  async retry(practiceId: string, user: SessionUser, postId: string, targetId?: string): Promise<TargetOutcomes> {
    return this.publishAll(await this.retryTargets.run(practiceId, user, postId, targetId));
  }

  /** Every failed post of one account that a retry can help (after a reconnect), in one action. */
  async retryAccount(practiceId: string, user: SessionUser, accountId: string): Promise<TargetOutcomes> {
    return this.publishAll(await this.retryTargets.runForAccount(practiceId, user, accountId));
  }

  private async publishAll(targetIds: string[]): Promise<TargetOutcomes> {
    // The networks side by side: the person waits for the slowest, not for the sum.
    const outcomes = await Promise.all(
      targetIds.map(async (targetId) => ({ targetId, outcome: await this.publisher.publish(targetId, this.workerId) })),
    );
    const followUps = outcomes
      .filter((o) => o.outcome.result === 'retry' || o.outcome.result === 'not_claimed')
      .map((o) => o.targetId);
    if (followUps.length) {
      // Best effort: the target row is the truth and the reconciler adds any job that is missing.
      await this.queue
        .scheduledTargets(followUps)
        .then((targets) => Promise.all(targets.map((target) => this.queue.ensureJob(target))))
        .catch((error: unknown) =>
          this.logger.warn(
            { err: error, targetIds: followUps },
            'Could not add the follow-up jobs; the reconciler will',
          ),
        );
    }
    return outcomes;
  }
}
