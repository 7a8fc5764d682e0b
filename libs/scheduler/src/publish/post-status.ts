// A post's status follows its targets once publishing starts: published when every target is,
// failed when none is still going and at least one failed.
import { EntityManager } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Post, PostStatus, PostTarget } from '@app/calendar';

export function statusFromTargets(current: PostStatus, targets: Array<Pick<PostTarget, 'status'>>): PostStatus {
  if (targets.length === 0) return current;
  const statuses = targets.map((t) => t.status);
  if (statuses.every((s) => s === 'published')) return 'published';
  if (statuses.some((s) => s === 'publishing')) return 'publishing';
  if (statuses.some((s) => s === 'scheduled')) return current === 'publishing' ? 'publishing' : 'scheduled';
  if (statuses.some((s) => s === 'failed')) return 'failed';
  return current;
}

export async function updatePostStatus(tx: EntityManager, audit: AuditLog, practiceId: string, postId: string): Promise<PostStatus | null> {
  const post = await tx.getRepository(Post).findOneBy({ practiceId, id: postId });
  if (!post) return null;
  const targets = await tx.getRepository(PostTarget).findBy({ practiceId, postId });
  const next = statusFromTargets(post.status, targets);
  if (next === post.status) return next;
  await tx.getRepository(Post).update({ id: postId }, { status: next });
  if (next === 'published' || next === 'failed') {
    await audit.record(tx, practiceId, {
      actor: SYSTEM_ACTOR, action: `post.${next}`, entityType: 'post', entityId: postId,
      details: { targets: targets.map((t) => ({ id: t.id, network: t.network, status: t.status, externalId: t.externalId, error: t.lastErrorKind })) },
    });
  }
  return next;
}

/**
 * Right after one of its targets was claimed: what updatePostStatus decides then ('publishing', since a
 * target is publishing; no audit entry for it) in one conditional statement, without a transaction that
 * reads every target first.
 */
export async function markPostPublishing(manager: EntityManager, practiceId: string, postId: string): Promise<void> {
  await manager.getRepository(Post).createQueryBuilder().update()
    .set({ status: 'publishing' })
    .where('"practiceId" = :practiceId AND id = :postId AND status <> :status AND "deletedAt" IS NULL', { practiceId, postId, status: 'publishing' })
    .execute();
}
