// "Publish now" on the posts side: an approved post's waiting targets become due now, in one transaction with
// its audit entry. The scheduler then runs them through the same publisher as any other target.
import { DataSource } from 'typeorm';
import { AuditLog } from '@app/audit';
import { Clock, ConflictError, inTransaction, NotFoundError } from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import { canDo, transition } from '../state-machine';
import { canMoveTarget } from '../target-state-machine';
import { PostStore } from './post-store';

export class MakeDueNow {
  private readonly posts: PostStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.posts = new PostStore(dataSource);
  }

  /** The ids of the targets made due. */
  async run(practiceId: string, user: SessionUser, postId: string): Promise<string[]> {
    return inTransaction(this.dataSource, async (tx) => {
      const post = await this.posts.byId(practiceId, postId, tx);
      if (!post) throw new NotFoundError('Post', postId);
      if (!canDo('publish_now', post.status)) {
        throw new ConflictError(
          `Only an approved post can be published now; this one is ${post.status.replace(/_/g, ' ')}`,
          { currentState: post.status },
        );
      }
      const now = this.clock.now();
      const targets = await this.posts.targetsAsStored(practiceId, postId, tx);
      const waiting = targets.filter((t) => canMoveTarget('make_due', t.status));
      await this.posts.makeTargetsDue(
        practiceId,
        waiting.map((t) => t.id),
        now,
        tx,
      );
      await this.posts.setStatus(practiceId, postId, transition(post, 'publish_now'), tx);
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
