// Records publishes that happened: the target rows, the post statuses and the audit entries of many targets
// (of any practices) in one transaction of a few statements: targets, then posts, then the audit heads,
// the order every writer uses. The network ids matter most; the caller keeps them if this fails.
import { EntityManager } from 'typeorm';
import { listIn, pgArray } from '@app/core';
import { AuditEvent, AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { PostTarget } from '../../entities/post-target.entity';
import type { PublishedPost } from '@app/publishing';
import { lockPostsStatement, PostRow, settlePostStatuses } from './post-status';
import { targetLeadsTo, targetStatusCondition, targetStatusIs } from '../../target-state-machine';
import { targetAuditDetails } from './target-audit';

export interface PublishedTarget {
  target: PostTarget;
  published: PublishedPost;
  /** Found by reading back (an earlier attempt had posted it) rather than posted now. */
  recovered: boolean;
  workerId: string;
}

/**
 * Fenced: only an attempt whose claim still holds its target records it (its token still in claimedBy). One whose
 * lease ended and whose target another worker took over records nothing; that worker reads back and finds the
 * post. Returns the items recorded.
 */
export async function recordPublished(
  tx: EntityManager,
  audit: AuditLog,
  all: PublishedTarget[],
  at: Date,
): Promise<PublishedTarget[]> {
  const { recorded, lockedPosts } = await markTargetsPublished(
    tx,
    all.map((i) => ({
      id: i.target.id,
      claimedBy: i.target.claimedBy ?? '',
      externalId: i.published.externalId,
      url: i.published.url,
    })),
    at,
  );
  const items = all.filter((i) => recorded.has(i.target.id));
  if (items.length === 0) return items;
  const postEvents = await settlePostStatuses(
    tx,
    items.map((i) => ({ practiceId: i.target.practiceId, postId: i.target.postId })),
    lockedPosts,
  );
  const events = new Map<string, AuditEvent[]>();
  for (const item of items) listIn(events, item.target.practiceId).push(publishedEvent(item));
  for (const [practiceId, posts] of postEvents) listIn(events, practiceId).push(...posts);
  await audit.recordAcross(tx, events);
  return items;
}

/** Just the ids, one row at a time: the fallback when the full record cannot be written (fenced the same way). */
export async function keepNetworkIds(manager: EntityManager, items: PublishedTarget[], at: Date): Promise<void> {
  for (const { target, published } of items) {
    await manager.getRepository(PostTarget).update(
      { id: target.id, claimedBy: target.claimedBy ?? '', status: targetStatusIs('record_published') },
      {
        status: targetLeadsTo('record_published'),
        externalId: published.externalId,
        url: published.url,
        publishedAt: at,
        claimedBy: null,
        leaseUntil: null,
      },
    );
  }
}

function publishedEvent({ target, published, recovered, workerId }: PublishedTarget): AuditEvent {
  return {
    actor: SYSTEM_ACTOR,
    action: recovered ? 'target.published_found' : 'target.published',
    entityType: 'post',
    entityId: target.postId,
    details: { ...targetAuditDetails(target), externalId: published.externalId, url: published.url, workerId },
  };
}

// Built once from the state machine: the same statement text on every call. The targets' posts are locked in the
// same statement (a round trip less per record transaction: each waits behind a burst's requests on the event
// loop), after their targets as every writer does; their targets are read by the next statement, once locked.
const MARK_PUBLISHED = `WITH marked AS (
  UPDATE post_targets AS t SET status = '${targetLeadsTo('record_published')}', "externalId" = v.external_id, url = v.url, "publishedAt" = $5, "updatedAt" = now(),
       "claimedBy" = NULL, "leaseUntil" = NULL, "nextAttemptAt" = NULL, "lastErrorKind" = NULL, "lastError" = NULL
     FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[]) AS v(id, claimed_by, external_id, url)
     WHERE t.id = v.id AND t."claimedBy" = v.claimed_by AND ${targetStatusCondition('record_published', 't.status')}
     RETURNING t.id, t."postId", t."practiceId"
), locked AS (${lockPostsStatement('(id, "practiceId") IN (SELECT "postId", "practiceId" FROM marked)')})
SELECT 'target' AS kind, id, NULL AS "practiceId", NULL AS status FROM marked
UNION ALL SELECT 'post', id, "practiceId", status FROM locked`;

/** The targets recorded (their claim still held), and on PostgreSQL their posts, locked. */
async function markTargetsPublished(
  tx: EntityManager,
  rows: Array<{ id: string; claimedBy: string; externalId: string; url: string }>,
  at: Date,
): Promise<{ recorded: Set<string>; lockedPosts?: PostRow[] }> {
  const cleared = { claimedBy: null, leaseUntil: null, nextAttemptAt: null, lastErrorKind: null, lastError: null };
  const recorded = new Set<string>();
  if (tx.connection.options.type !== 'postgres') {
    for (const row of rows) {
      const result = await tx.getRepository(PostTarget).update(
        { id: row.id, claimedBy: row.claimedBy, status: targetStatusIs('record_published') },
        {
          status: targetLeadsTo('record_published'),
          externalId: row.externalId,
          url: row.url,
          publishedAt: at,
          ...cleared,
        },
      );
      if (result.affected) recorded.add(row.id);
    }
    return { recorded };
  }
  // One statement for the batch (search_path points at the configured schema).
  const marked = (await tx.query(MARK_PUBLISHED, [
    pgArray(rows.map((r) => r.id)),
    pgArray(rows.map((r) => r.claimedBy)),
    pgArray(rows.map((r) => r.externalId)),
    pgArray(rows.map((r) => r.url)),
    at,
  ])) as Array<PostRow & { kind: 'target' | 'post' }>;
  const lockedPosts: PostRow[] = [];
  for (const row of marked)
    if (row.kind === 'target') recorded.add(row.id);
    else lockedPosts.push({ id: row.id, practiceId: row.practiceId, status: row.status });
  return { recorded, lockedPosts };
}
