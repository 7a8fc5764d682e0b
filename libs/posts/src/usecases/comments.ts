// The thread on a post, visible to its authors and reviewers, oldest first.
import { inTransaction, InvalidInputError } from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import { PostComment } from '../entities/post-comment.entity';
import { WorkflowDeps } from './deps';

export class PostComments {
  constructor(private readonly deps: WorkflowDeps) {}

  async list(practiceId: string, postId: string): Promise<PostComment[]> {
    await this.deps.posts.assertExists(practiceId, postId);
    return this.deps.posts.comments(practiceId, postId);
  }

  async add(practiceId: string, user: SessionUser, postId: string, body: string): Promise<PostComment> {
    if (!body.trim()) throw new InvalidInputError('body must not be empty', { field: 'body' });
    return inTransaction(this.deps.dataSource, async (tx) => {
      await this.deps.posts.lock(practiceId, postId, tx);
      const comment = await this.deps.posts.addComment(
        { practiceId, postId, authorId: user.id, authorName: user.name, body: body.trim(), decision: null },
        tx,
      );
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.commented',
        entityType: 'post',
        entityId: postId,
        after: comment.body,
        details: { commentId: comment.id },
      });
      return comment;
    });
  }
}
