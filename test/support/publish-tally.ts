// Counts what a batch of targets came to, from both sides: the database (what the practice is told) and
// the network fakes (what actually went out), matched by the `ref <marker>` in each post's text.
import { DataSource, In } from 'typeorm';
import { PostTarget, WAITING_FOR_RECONNECT } from '@app/posts';
import type { FakePostView } from './fake-fleet';
import { markerOf, type SeededTarget } from './scheduler-seed';

export interface Tally {
  scheduled: number;
  /** status published with the network's id stored. */
  published: number;
  /** status failed with a reason the practice can read. */
  failed: number;
  /** Posts on the networks beyond one per target. */
  duplicates: number;
  /** Neither published nor failed-with-a-reason (still scheduled/publishing, or published without an id). */
  lost: number;
  /** Waiting, with the reason on the target, for its account to be reconnected (see isWaitingForReconnect). */
  waiting_for_reconnect: number;
  /** Failed in the database, but the post is live on the network: the practice is told it did not go out. */
  failed_but_live: number;
  /** Published in the database, but nothing with its text is on the network. */
  published_but_missing: number;
  /** Failure reasons (lastErrorKind) and how many targets ended with each. */
  reasons: Record<string, number>;
}

export interface TargetRow {
  id: string;
  status: string;
  externalId: string | null;
  lastErrorKind: string | null;
  lastError: string | null;
  publishedAt: Date | null;
  dueAt: Date | null;
}

export async function targetRows(ds: DataSource, ids: string[]): Promise<Map<string, TargetRow>> {
  const rows = new Map<string, TargetRow>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = await ds.getRepository(PostTarget).find({
      where: { id: In(ids.slice(i, i + 500)) },
      select: ['id', 'status', 'externalId', 'lastErrorKind', 'lastError', 'publishedAt', 'dueAt'],
    });
    for (const row of chunk) rows.set(row.id, row);
  }
  return rows;
}

/**
 * Waiting, on purpose and with its reason, for its account to be reconnected (it goes out after the reconnect,
 * or fails at its lateness limit): settled as far as a fault run can tell, and not lost.
 */
export const isWaitingForReconnect = (row: TargetRow | undefined): boolean =>
  !!row && row.status === 'scheduled' && row.lastErrorKind === WAITING_FOR_RECONNECT && !!row.lastError;

/** Final: published with an id, failed with a reason, or waiting for a reconnect with its reason. */
export const isFinal = (row: TargetRow | undefined): boolean =>
  !!row &&
  ((row.status === 'published' && !!row.externalId) ||
    (row.status === 'failed' && !!row.lastError) ||
    isWaitingForReconnect(row));

export async function tally(ds: DataSource, targets: SeededTarget[], posts: FakePostView[]): Promise<Tally> {
  const rows = await targetRows(
    ds,
    targets.map((t) => t.id),
  );
  const live = new Map<string, number>();
  for (const post of posts) {
    const marker = markerOf(post.text);
    if (!marker) continue;
    const key = `${post.network}:${post.externalId}:${marker}`;
    live.set(key, (live.get(key) ?? 0) + 1);
  }
  const result: Tally = {
    scheduled: targets.length,
    published: 0,
    failed: 0,
    duplicates: 0,
    lost: 0,
    waiting_for_reconnect: 0,
    failed_but_live: 0,
    published_but_missing: 0,
    reasons: {},
  };
  for (const target of targets) {
    const row = rows.get(target.id);
    const copies = live.get(`${target.network}:${target.externalId}:${target.marker}`) ?? 0;
    result.duplicates += Math.max(0, copies - 1);
    if (row?.status === 'published' && row.externalId) {
      result.published++;
      if (copies === 0) result.published_but_missing++;
    } else if (row?.status === 'failed' && row.lastError) {
      result.failed++;
      result.reasons[row.lastErrorKind ?? 'unknown'] = (result.reasons[row.lastErrorKind ?? 'unknown'] ?? 0) + 1;
      if (copies > 0) result.failed_but_live++;
    } else if (isWaitingForReconnect(row)) {
      result.waiting_for_reconnect++;
      if (copies > 0) result.failed_but_live++;
    } else {
      result.lost++;
    }
  }
  return result;
}

/** Resolves when every target is final, or after timeoutMs; returns how many are final. */
export async function waitUntilFinal(ds: DataSource, ids: string[], timeoutMs: number, pollMs = 500): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let pending = new Set(ids);
  for (;;) {
    const rows = await targetRows(ds, [...pending]);
    pending = new Set([...pending].filter((id) => !isFinal(rows.get(id))));
    if (pending.size === 0 || Date.now() >= deadline) return ids.length - pending.size;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
