// "Publish now" on the posts side: an approved post's waiting targets become due now, in one transaction with
// its audit entry. The scheduler then runs them through the same publisher as any other target.
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { Clock, ConflictError, inTransaction, NotFoundError } from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import { canDo, transition } from '../state-machine';

export class MakeDueNow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The ids of the targets made due. */
  async run(practiceId: string, user: SessionUser, postId: string): Promise<string[]> {
    return inTransaction(this.dataSource, async (tx) => {
      const post = await tx.getRepository(Post).findOneBy({ practiceId, id: postId });
      if (!post) throw new NotFoundError('Post', postId);
      if (!canDo('publish_now', post.status)) {
        throw new ConflictError(
          `Only an approved post can be published now; this one is ${post.status.replace(/_/g, ' ')}`,
          { currentState: post.status },
        );
      }
      const now = this.clock.now();
      const targets = await tx.getRepository(PostTarget).findBy({ practiceId, postId });
      const waiting = targets.filter((t) => t.status === 'pending' || t.status === 'scheduled');
      for (const target of waiting)
        await tx
          .getRepository(PostTarget)
          .update({ id: target.id }, { status: 'scheduled', dueAt: now, nextAttemptAt: null });
      await tx.getRepository(Post).update({ id: postId }, { status: transition(post, 'publish_now') });
      await this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.publish_now',
        entityType: 'post',
        entityId: postId,
        details: { targets: waiting.map((t) => t.id) },
      });
      return waiting.map((t) => t.id);
    });
  }
}
