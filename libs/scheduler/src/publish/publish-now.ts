// "Publish now" for an approved post: its targets become due now and go through the same publisher the
// scheduler uses (same claim, checks, read-back and recording).
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { Post, PostTarget } from '@app/posts';
import { Clock, ConflictError, inTransaction, NotFoundError } from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import { PublishOutcome, TargetPublisher } from './target-publisher';

export class PublishNow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: TargetPublisher,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly workerId: string,
  ) {}

  async run(practiceId: string, user: SessionUser, postId: string): Promise<Array<{ targetId: string; outcome: PublishOutcome }>> {
    const targets = await inTransaction(this.dataSource, async (tx) => {
      const post = await tx.getRepository(Post).findOneBy({ practiceId, id: postId });
      if (!post) throw new NotFoundError('Post', postId);
      if (post.status !== 'approved' && post.status !== 'scheduled') {
        throw new ConflictError(`Only an approved post can be published now; this one is ${post.status.replace(/_/g, ' ')}`, { currentState: post.status });
      }
      const now = this.clock.now();
      const targets = await tx.getRepository(PostTarget).findBy({ practiceId, postId });
      const waiting = targets.filter((t) => t.status === 'pending' || t.status === 'scheduled');
      for (const target of waiting) await tx.getRepository(PostTarget).update({ id: target.id }, { status: 'scheduled', dueAt: now, nextAttemptAt: null });
      await tx.getRepository(Post).update({ id: postId }, { status: 'scheduled' });
      await this.audit.record(tx, practiceId, { actor: actorOf(user), action: 'post.publish_now', entityType: 'post', entityId: postId, details: { targets: waiting.map((t) => t.id) } });
      return waiting;
    });
    // The networks side by side: the reviewer waits for the slowest, not for the sum.
    return Promise.all(targets.map(async (target) => ({ targetId: target.id, outcome: await this.publisher.publish(target.id, this.workerId) })));
  }
}
