// The audit tables: appending entries and moving each practice's chain head (inside the caller's transaction),
// and reading a practice's entries back. The statements are the log's hot path (the scheduler appends thousands
// a minute): PostgreSQL gets one statement per step whatever the batch, SQLite the plain repository calls.
import { Between, DataSource, EntityManager, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { pgArray } from '@app/core';
import { AuditEntry, AuditHead } from './audit-entry.entity';
import { GENESIS_HASH } from './chain';

export interface AuditQuery {
  from?: Date;
  to?: Date;
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  page: number;
  pageSize: number;
}

/** Rows per INSERT: well under the bound-parameter limits of PostgreSQL and SQLite. */
const INSERT_BATCH = 500;

const isPostgres = (manager: EntityManager) => manager.connection.options.type === 'postgres';

export class AuditStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes these practices' chain heads for the transaction and returns them: PostgreSQL locks them (creating
   * those missing) in practice order; SQLite (one writer) returns null and the heads move one by one with
   * reserveSeqs.
   */
  lockHeads(practiceIds: string[], tx: EntityManager): Promise<Map<string, AuditHead>> | null {
    return isPostgres(tx) ? lockHeadsPostgres(tx, practiceIds) : null;
  }

  /** Reserves `count` sequence numbers (the increment holds the head's row lock until commit). */
  async reserveSeqs(practiceId: string, count: number, tx: EntityManager): Promise<AuditHead> {
    const heads = tx.getRepository(AuditHead);
    const bumped = await heads.increment({ practiceId }, 'seq', count);
    if (!bumped.affected) await heads.insert({ practiceId, seq: count, lastHash: GENESIS_HASH });
    return heads.findOneByOrFail({ practiceId });
  }

  /**
   * Appends entries already chained (each carries its practiceId, seq and hashes) and moves each practice's head
   * to its last one: one statement on PostgreSQL (a round trip less for every record transaction, which waits
   * behind a burst's requests on the worker's event loop); SQLite's seq was already moved by reserveSeqs.
   */
  async appendAndMoveHeads(entries: AuditEntry[], moved: AuditHead[], tx: EntityManager): Promise<void> {
    if (isPostgres(tx)) return appendPostgres(tx, entries, moved);
    for (let i = 0; i < entries.length; i += INSERT_BATCH)
      await tx
        .getRepository(AuditEntry)
        .insert(entries.slice(i, i + INSERT_BATCH) as QueryDeepPartialEntity<AuditEntry>[]);
    for (const head of moved)
      await tx.getRepository(AuditHead).update({ practiceId: head.practiceId }, { lastHash: head.lastHash });
  }

  /** One page of the practice's entries matching the query, newest first, with the number matching. */
  async page(practiceId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(AuditEntry).findAndCount({
      where: where(practiceId, query),
      order: { seq: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  /** Up to `limit` of the practice's entries matching the filter after `afterSeq`, in chain order. */
  entriesAfter(
    practiceId: string,
    filter: Omit<AuditQuery, 'page' | 'pageSize'>,
    afterSeq: number,
    limit: number,
  ): Promise<AuditEntry[]> {
    return this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('e')
      .where({ ...where(practiceId, { ...filter, page: 1, pageSize: 1 }) })
      .andWhere('e.seq > :afterSeq', { afterSeq })
      .orderBy('e.seq', 'ASC')
      .take(limit)
      .getMany();
  }

  head(practiceId: string): Promise<AuditHead | null> {
    return this.dataSource.getRepository(AuditHead).findOneBy({ practiceId });
  }
}

function where(practiceId: string, query: AuditQuery): FindOptionsWhere<AuditEntry> {
  const where: FindOptionsWhere<AuditEntry> = { practiceId };
  if (query.from && query.to) where.at = Between(query.from, query.to);
  else if (query.from) where.at = MoreThanOrEqual(query.from);
  else if (query.to) where.at = LessThanOrEqual(query.to);
  if (query.action) where.action = query.action;
  if (query.entityType) where.entityType = query.entityType;
  if (query.entityId) where.entityId = query.entityId;
  if (query.actorId) where.actorId = query.actorId;
  return where;
}

/** Locks (creating where missing) the heads of these practices, in practice order, and reads them. */
async function lockHeadsPostgres(manager: EntityManager, practiceIds: string[]): Promise<Map<string, AuditHead>> {
  const lock = async () =>
    (await manager.query(
      `SELECT "practiceId", seq, "lastHash" FROM audit_heads WHERE "practiceId" = ANY($1::varchar[]) ORDER BY "practiceId" FOR UPDATE`,
      [pgArray(practiceIds)],
    )) as AuditHead[];
  let rows = await lock();
  if (rows.length < practiceIds.length) {
    const missing = practiceIds.filter((id) => !rows.some((r) => r.practiceId === id));
    await manager.query(
      `INSERT INTO audit_heads ("practiceId", seq, "lastHash") SELECT unnest($1::varchar[]), 0, $2 ON CONFLICT DO NOTHING`,
      [pgArray(missing), GENESIS_HASH],
    );
    rows = await lock();
  }
  return new Map(
    rows.map((r) => [r.practiceId, { practiceId: r.practiceId, seq: Number(r.seq), lastHash: r.lastHash }]),
  );
}

/**
 * Every entry in one statement with the heads' move, the rows as one JSON parameter (a statement's size does not
 * grow its parameter count, and no per-row query building: the scheduler appends thousands a minute under load).
 * JSON rather than column arrays: node-postgres escapes an array element by element in JavaScript (a details
 * object cost ~20 µs); JSON.stringify and PostgreSQL's parser do the same work in C.
 */
async function appendPostgres(manager: EntityManager, entries: AuditEntry[], moved: AuditHead[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map((e) => ({
    id: e.id,
    practiceId: e.practiceId,
    seq: e.seq,
    at: e.at,
    actorId: e.actorId,
    actorLabel: e.actorLabel,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    beforeHash: e.beforeHash,
    afterHash: e.afterHash,
    details: e.details,
    prevHash: e.prevHash,
    hash: e.hash,
  }));
  await manager.query(APPEND_AND_MOVE, [
    JSON.stringify(rows),
    pgArray(moved.map((m) => m.practiceId)),
    pgArray(moved.map((m) => m.seq)),
    pgArray(moved.map((m) => m.lastHash)),
  ]);
}

const APPEND_AND_MOVE = `WITH appended AS (
  INSERT INTO audit_entries (id, "practiceId", seq, at, "actorId", "actorLabel", action, "entityType", "entityId", "beforeHash", "afterHash", details, "prevHash", hash)
  SELECT id, "practiceId", seq, at, "actorId", "actorLabel", action, "entityType", "entityId", "beforeHash", "afterHash", details, "prevHash", hash
    FROM jsonb_to_recordset($1::jsonb) AS e(id varchar, "practiceId" varchar, seq int, at timestamptz, "actorId" varchar, "actorLabel" varchar, action varchar, "entityType" varchar, "entityId" varchar, "beforeHash" varchar, "afterHash" varchar, details jsonb, "prevHash" varchar, hash varchar)
)
UPDATE audit_heads AS h SET seq = v.seq, "lastHash" = v.hash
  FROM unnest($2::varchar[], $3::int[], $4::varchar[]) AS v(practice_id, seq, hash) WHERE h."practiceId" = v.practice_id`;
