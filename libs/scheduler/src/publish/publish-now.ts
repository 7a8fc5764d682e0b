// "Publish now" for an approved post: the posts lib makes its targets due now, and they go through the same
// publisher the scheduler uses (same claim, checks, read-back and recording).
import { MakeDueNow } from '@app/posts';
import { SessionUser } from '@app/practices';
import { PublishOutcome, TargetPublisher } from './target-publisher';

export class PublishNow {
  constructor(
    private readonly makeDueNow: MakeDueNow,
    private readonly publisher: TargetPublisher,
    private readonly workerId: string,
  ) {}

  async run(
    practiceId: string,
    user: SessionUser,
    postId: string,
  ): Promise<Array<{ targetId: string; outcome: PublishOutcome }>> {
    const targetIds = await this.makeDueNow.run(practiceId, user, postId);
    // The networks side by side: the reviewer waits for the slowest, not for the sum.
    return Promise.all(
      targetIds.map(async (targetId) => ({ targetId, outcome: await this.publisher.publish(targetId, this.workerId) })),
    );
  }
}
