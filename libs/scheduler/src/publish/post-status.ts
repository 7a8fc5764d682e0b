// A post's status follows its targets once publishing starts: published when every target is,
// failed when none is still going and at least one failed.
import { EntityManager, In } from 'typeorm';
import { AuditEvent, SYSTEM_ACTOR } from '@app/audit';
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

/**
 * Brings each post's status in line with its targets (two reads for all of them, one update per status that
 * changes) and returns, by practice, the audit entries for posts that became published or failed, for the
 * caller to record in the same transaction. Posts are updated in id order so concurrent batches lock them
 * in one order.
 */
export async function settlePostStatuses(tx: EntityManager, posts: Array<{ practiceId: string; postId: string }>): Promise<Map<string, AuditEvent[]>> {
  const events = new Map<string, AuditEvent[]>();
  const ids = [...new Set(posts.map((p) => p.postId))].sort();
  if (ids.length === 0) return events;
  const practiceIds = [...new Set(posts.map((p) => p.practiceId))];
  const rows = await tx.getRepository(Post).find({ where: { practiceId: In(practiceIds), id: In(ids) }, select: ['id', 'practiceId', 'status'], order: { id: 'ASC' } });
  const targets = await tx.getRepository(PostTarget).find({
    where: { practiceId: In(practiceIds), postId: In(ids) },
    select: ['id', 'practiceId', 'postId', 'network', 'status', 'externalId', 'lastErrorKind'],
  });
  const byPost = new Map<string, PostTarget[]>();
  for (const target of targets) byPost.set(target.postId, [...(byPost.get(target.postId) ?? []), target]);
  const changes = new Map<PostStatus, string[]>();
  for (const post of rows) {
    const mine = (byPost.get(post.id) ?? []).filter((t) => t.practiceId === post.practiceId);
    const next = statusFromTargets(post.status, mine);
    if (next === post.status) continue;
    changes.set(next, [...(changes.get(next) ?? []), post.id]);
    if (next === 'published' || next === 'failed') {
      events.set(post.practiceId, [...(events.get(post.practiceId) ?? []), {
        actor: SYSTEM_ACTOR, action: `post.${next}`, entityType: 'post', entityId: post.id,
        details: { targets: mine.map((t) => ({ id: t.id, network: t.network, status: t.status, externalId: t.externalId, error: t.lastErrorKind })) },
      }]);
    }
  }
  for (const [status, changed] of changes) await tx.getRepository(Post).update({ id: In(changed) }, { status });
  return events;
}

/**
 * Right after targets were claimed: what settlePostStatuses would decide then ('publishing', since a target
 * is publishing; no audit entry for it) in one conditional statement, without reading every target first.
 */
export async function markPostsPublishing(manager: EntityManager, postIds: string[]): Promise<void> {
  const ids = [...new Set(postIds)].sort();
  if (ids.length === 0) return;
  await manager.getRepository(Post).createQueryBuilder().update()
    .set({ status: 'publishing' })
    .where('id IN (:...ids) AND status <> :status AND "deletedAt" IS NULL', { ids, status: 'publishing' })
    .execute();
}
