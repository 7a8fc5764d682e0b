// Keeps claims alive while their attempts run: an image post is several network calls of up to
// NETWORK_TIMEOUT_MS each plus a read-back, longer than one lease, and a lease that ends mid-publish lets another
// worker take the target over and post it again. Only the claim that holds a target extends it (its token in
// claimedBy): an attempt whose claim was taken over learns so here and stops before its next call.
import { DataSource, In } from 'typeorm';
import { pgArray } from '@app/core';
import { PostTarget } from '../../entities/post-target.entity';
import { targetLeadsTo, targetStatusCondition, targetStatusIs } from '../../target-state-machine';

export interface HeldClaim {
  targetId: string;
  /** The claim's token (claimedBy). */
  token: string;
}

// Built once from the state machine: the same statement text on every call.
const RENEW = `UPDATE post_targets AS t SET "leaseUntil" = $3
         FROM unnest($1::varchar[], $2::varchar[]) AS c(id, token)
        WHERE t.id = c.id AND t."claimedBy" = c.token AND ${targetStatusCondition('renew_lease', 't.status')}
        RETURNING t.id`;

/** Extends each claim still held to `leaseUntil`; returns the ids of the targets whose claims are still held. */
export async function renewLeases(dataSource: DataSource, claims: HeldClaim[], leaseUntil: Date): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  if (dataSource.options.type === 'postgres') {
    const [rows] = (await dataSource.query(RENEW, [
      pgArray(claims.map((c) => c.targetId)),
      pgArray(claims.map((c) => c.token)),
      leaseUntil,
    ])) as [Array<{ id: string }>, number];
    return new Set(rows.map((r) => r.id));
  }
  const repository = dataSource.getRepository(PostTarget);
  for (const claim of claims)
    await repository.update(
      { id: claim.targetId, claimedBy: claim.token, status: targetStatusIs('renew_lease') },
      { leaseUntil },
    );
  // SQLite (one process, one writer): read back which claims are still there.
  const held = await repository.find({
    select: ['id', 'claimedBy'],
    where: { id: In(claims.map((c) => c.targetId)), status: targetLeadsTo('renew_lease') },
  });
  const tokens = new Map(claims.map((c) => [c.targetId, c.token]));
  return new Set(held.filter((row) => row.claimedBy === tokens.get(row.id)).map((row) => row.id));
}
