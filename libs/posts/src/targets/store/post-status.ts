// A post's status follows its targets once publishing starts: published when every target is, partly
// published when none is still going and some are live while others failed, failed when none went out, and
// scheduled again while nothing is on its way and some wait for their time (a retry in backoff, an account to
// be reconnected): then a person can cancel, move or delete it meanwhile.
import { EntityManager, In } from 'typeorm';
import { listIn, pgArray } from '@app/core';
import { AuditEvent, SYSTEM_ACTOR } from '@app/audit';
import { Post, PostStatus } from '../../entities/post.entity';
import { PostTarget, TARGET_ORDER } from '../../entities/post-target.entity';
import { canDo, isSettled, publishingActionFor, statesAllowing } from '../../state-machine';

export function statusFromTargets(current: PostStatus, targets: Array<Pick<PostTarget, 'status'>>): PostStatus {
  if (targets.length === 0) return current;
  const statuses = targets.map((t) => t.status);
  if (statuses.every((s) => s === 'published')) return 'published';
  if (statuses.some((s) => s === 'publishing')) return 'publishing';
  if (statuses.some((s) => s === 'scheduled')) return 'scheduled';
  if (statuses.some((s) => s === 'failed'))
    return statuses.some((s) => s === 'published') ? 'partly_published' : 'failed';
  return current;
}

/**
 * Brings each post's status in line with its targets (two reads for all of them, one update for all that change)
 * and returns, by practice, the audit entries for posts that became published or failed, for the
 * caller to record in the same transaction. Posts are locked in id order so concurrent batches lock them in one
 * order. `locked`: the posts' rows, already locked in this transaction by the caller's own statement (one round
 * trip less; PostgreSQL only).
 */
export async function settlePostStatuses(
  tx: EntityManager,
  posts: Array<{ practiceId: string; postId: string }>,
  locked?: PostRow[],
): Promise<Map<string, AuditEvent[]>> {
  const events = new Map<string, AuditEvent[]>();
  const ids = [...new Set(posts.map((p) => p.postId))].sort();
  if (ids.length === 0) return events;
  const practiceIds = [...new Set(posts.map((p) => p.practiceId))];
  const postgres = tx.connection.options.type === 'postgres';
  const { rows, targets } = postgres
    ? await readPostgres(tx, ids, practiceIds, locked)
    : await readWithRepositories(tx, ids, practiceIds);
  const byPost = new Map<string, TargetRow[]>();
  for (const target of targets) listIn(byPost, target.postId).push(target);
  const changes = new Map<string, PostStatus>();
  for (const post of rows) {
    const mine = (byPost.get(post.id) ?? []).filter((t) => t.practiceId === post.practiceId);
    const next = statusFromTargets(post.status, mine);
    if (next === post.status) continue;
    // Through the state machine: a post a person moved on meanwhile (say, cancelled to approved before the
    // claim) is not marked publishing again; the outcome of an attempt always settles it (finish_publishing).
    const action = publishingActionFor(next, post.status);
    if (!action || !canDo(action, post.status)) continue;
    changes.set(post.id, next);
    if (isSettled(next)) {
      listIn(events, post.practiceId).push({
        actor: SYSTEM_ACTOR,
        action: `post.${next}`,
        entityType: 'post',
        entityId: post.id,
        details: {
          targets: mine.map((t) => ({
            id: t.id,
            network: t.network,
            status: t.status,
            externalId: t.externalId,
            error: t.lastErrorKind,
          })),
        },
      });
    }
  }
  if (changes.size === 0) return events;
  if (postgres)
    await tx.query(
      `UPDATE posts AS p SET status = v.status, "updatedAt" = now() FROM unnest($1::varchar[], $2::varchar[]) AS v(id, status) WHERE p.id = v.id`,
      [pgArray([...changes.keys()]), pgArray([...changes.values()])],
    );
  else
    for (const [status, changed] of byStatus(changes))
      await tx.getRepository(Post).update({ id: In(changed) }, { status });
  return events;
}

function byStatus(changes: Map<string, PostStatus>): Map<PostStatus, string[]> {
  const ids = new Map<PostStatus, string[]>();
  for (const [id, status] of changes) listIn(ids, status).push(id);
  return ids;
}

export type PostRow = Pick<Post, 'id' | 'practiceId' | 'status'>;
type TargetRow = Pick<
  PostTarget,
  'id' | 'practiceId' | 'postId' | 'network' | 'status' | 'externalId' | 'lastErrorKind'
>;

async function readWithRepositories(
  tx: EntityManager,
  ids: string[],
  practiceIds: string[],
): Promise<{ rows: PostRow[]; targets: TargetRow[] }> {
  const rows = await tx.getRepository(Post).find({
    where: { practiceId: In(practiceIds), id: In(ids) },
    select: ['id', 'practiceId', 'status'],
    order: { id: 'ASC' },
  });
  const targets = await tx.getRepository(PostTarget).find({
    where: { practiceId: In(practiceIds), postId: In(ids) },
    select: ['id', 'practiceId', 'postId', 'network', 'status', 'externalId', 'lastErrorKind'],
    order: TARGET_ORDER,
  });
  return { rows, targets };
}

/**
 * The same two reads as plain statements with one array parameter each (the publisher's hot path); find() skips
 * soft-deleted posts, so does this. The posts are locked (in id order) before their targets are read: two targets
 * of one post settled at once (one published, one failed) would otherwise each miss the other's uncommitted row
 * and leave the post "publishing"; locked, the later one reads the earlier one's committed result (the read is a
 * statement of its own, so its snapshot is taken once the locks are held).
 */
async function readPostgres(
  tx: EntityManager,
  ids: string[],
  practiceIds: string[],
  locked: PostRow[] | undefined,
): Promise<{ rows: PostRow[]; targets: TargetRow[] }> {
  const rows =
    locked ??
    ((await tx.query(lockPostsStatement('id = ANY($1::varchar[]) AND "practiceId" = ANY($2::varchar[])'), [
      pgArray(ids),
      pgArray(practiceIds),
    ])) as PostRow[]);
  const targets = (await tx.query(
    `SELECT id, "practiceId", "postId", network, status, "externalId", "lastErrorKind" FROM post_targets
      WHERE "postId" = ANY($1::varchar[]) AND "practiceId" = ANY($2::varchar[]) ORDER BY "createdAt", network, "accountId"`,
    [pgArray(ids), pgArray(practiceIds)],
  )) as TargetRow[];
  return { rows, targets };
}

/**
 * Locks the posts `where` picks (not deleted) in id order and reads what settlePostStatuses needs (PostgreSQL):
 * also a caller's CTE that locks them in the statement that changes their targets.
 */
export function lockPostsStatement(where: string): string {
  return `SELECT id, "practiceId", status FROM posts WHERE ${where} AND "deletedAt" IS NULL ORDER BY id FOR UPDATE`;
}

/** The states start_publishing moves to publishing (the state machine's, less publishing itself). */
const STARTS_PUBLISHING = statesAllowing('start_publishing').filter((status) => status !== 'publishing');

/**
 * Right after targets were claimed: what settlePostStatuses would decide then ('publishing', since a target
 * is publishing; no audit entry for it) in one conditional statement, without reading every target first. The
 * state machine is checked by the statement itself: only posts in a state start_publishing allows change.
 */
export async function markPostsPublishing(manager: EntityManager, postIds: string[]): Promise<void> {
  const ids = [...new Set(postIds)].sort();
  if (ids.length === 0) return;
  if (manager.connection.options.type === 'postgres') {
    await manager.query(
      `UPDATE posts SET status = 'publishing', "updatedAt" = now() WHERE id = ANY($1::varchar[]) AND status = ANY($2::varchar[]) AND "deletedAt" IS NULL`,
      [pgArray(ids), pgArray(STARTS_PUBLISHING)],
    );
    return;
  }
  await manager
    .getRepository(Post)
    .createQueryBuilder()
    .update()
    .set({ status: 'publishing' })
    .where('id IN (:...ids) AND status IN (:...from) AND "deletedAt" IS NULL', { ids, from: STARTS_PUBLISHING })
    .execute();
}
