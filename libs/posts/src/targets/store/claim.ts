// Claims targets for one publish attempt: scheduled (and due) -> publishing, or an expired lease taken over.
// Each step is one conditional update for the whole batch, so only one caller wins a target; the claim
// token (unique per call) tells exactly which rows this call won. A takeover continues the attempt whose worker
// died or hung (it never learned an outcome): it does not count as another attempt, since attempts set the retry
// backoff and the limit, and a worker's crash says nothing about the network. Counted, the claims of a worker
// killed a few times in a row pushed a post's retry minutes out and failed it at the limit without a read-back.
import { Brackets, DataSource, In, UpdateQueryBuilder } from 'typeorm';
import { pgArray } from '@app/core';
import { PostTarget } from '../../entities/post-target.entity';
import { targetLeadsTo, targetStatusCondition } from '../../target-state-machine';

export interface Claimed {
  target: PostTarget;
  /** Taken over from an expired lease: the earlier attempt may have posted, so read back first. */
  takeover: boolean;
}

export interface ClaimRequest {
  ids: string[];
  /** Stored in claimedBy; unique per call. */
  token: string;
  now: Date;
  leaseMs: number;
}

export async function claimTargets(dataSource: DataSource, request: ClaimRequest): Promise<Claimed[]> {
  const ids = [...new Set(request.ids)];
  const soon = new Date(request.now.getTime() + 1000);
  if (dataSource.options.type === 'postgres') return claimPostgres(dataSource, request, ids, soon);
  const due = await claimWhere(dataSource, request, ids, 'claim', (q) =>
    q
      .andWhere('"dueAt" <= :soon', { soon })
      .andWhere(new Brackets((n) => n.where('"nextAttemptAt" IS NULL').orWhere('"nextAttemptAt" <= :soon', { soon }))),
  );
  const won = new Set(due.map((t) => t.id));
  const rest = ids.filter((id) => !won.has(id));
  // Only what the usual claim did not get is tried as a takeover (a job restored by the reconciler, or a retry of a crashed attempt).
  const takenOver = rest.length
    ? await claimWhere(dataSource, request, rest, 'take_over', (q) =>
        q.andWhere('"leaseUntil" < :now', { now: request.now }),
      )
    : [];
  return [
    ...due.map((target) => ({ target, takeover: false })),
    ...takenOver.map((target) => ({ target, takeover: true })),
  ];
}

/** A claim (a new attempt) or a takeover (the same attempt): the states it may start from are the state machine's. */
async function claimWhere(
  dataSource: DataSource,
  request: ClaimRequest,
  ids: string[],
  action: 'claim' | 'take_over',
  condition: (q: UpdateQueryBuilder<PostTarget>) => UpdateQueryBuilder<PostTarget>,
): Promise<PostTarget[]> {
  const repository = dataSource.getRepository(PostTarget);
  const update = condition(
    repository
      .createQueryBuilder()
      .update()
      .set({
        status: targetLeadsTo(action),
        claimedBy: request.token,
        leaseUntil: new Date(request.now.getTime() + request.leaseMs),
        ...(action === 'claim' ? { attempts: () => 'attempts + 1' } : {}),
      })
      .where({ id: In(ids) })
      .andWhere(targetStatusCondition(action)),
  );
  // PostgreSQL hands the claimed rows back with the update; SQLite (no RETURNING in TypeORM) reads them after.
  if (dataSource.options.type === 'postgres') {
    const result = await update.returning('*').execute();
    return (result.raw as Array<Partial<PostTarget>>).map((row) => repository.create(row));
  }
  const result = await update.execute();
  return result.affected
    ? repository.findBy({ id: In(ids), claimedBy: request.token, status: targetLeadsTo(action) })
    : [];
}

/** What a claim and a takeover set: the target publishing, held by this call's token until the lease ends. */
const setClaimed = (action: 'claim' | 'take_over') =>
  `SET status = '${targetLeadsTo(action)}', "claimedBy" = $2, "leaseUntil" = $3, "updatedAt" = now()`;

// Built once from the state machine (states and all): the statements' text is what it was when the states were
// written into it, so PostgreSQL sees the same statement on every call.
const CLAIM_DUE = `UPDATE post_targets ${setClaimed('claim')}, attempts = attempts + 1 WHERE id = ANY($1::varchar[]) AND ${targetStatusCondition('claim')} AND "dueAt" <= $4 AND ("nextAttemptAt" IS NULL OR "nextAttemptAt" <= $4) RETURNING *`;
const TAKE_OVER = `UPDATE post_targets ${setClaimed('take_over')} WHERE id = ANY($1::varchar[]) AND ${targetStatusCondition('take_over')} AND "leaseUntil" < $4 RETURNING *`;

/**
 * The same two conditional updates as plain statements with the ids as one array parameter: the claim runs
 * for every target at its time, and building it through the query builder cost more than running it.
 */
async function claimPostgres(
  dataSource: DataSource,
  request: ClaimRequest,
  ids: string[],
  soon: Date,
): Promise<Claimed[]> {
  const lease = new Date(request.now.getTime() + request.leaseMs);
  const rows = (targets: unknown) =>
    (targets as Array<Partial<PostTarget>>).map((row) => Object.assign(new PostTarget(), row));
  const [due] = (await dataSource.query(CLAIM_DUE, [pgArray(ids), request.token, lease, soon])) as [unknown, number];
  const claimed = rows(due);
  const won = new Set(claimed.map((t) => t.id));
  const rest = ids.filter((id) => !won.has(id));
  if (rest.length === 0) return claimed.map((target) => ({ target, takeover: false }));
  const [taken] = (await dataSource.query(TAKE_OVER, [pgArray(rest), request.token, lease, request.now])) as [
    unknown,
    number,
  ];
  return [
    ...claimed.map((target) => ({ target, takeover: false })),
    ...rows(taken).map((target) => ({ target, takeover: true })),
  ];
}
