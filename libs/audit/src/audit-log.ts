// Appends entries inside the caller's transaction, lists and exports them, and verifies the chain.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock, hashOf, pgArray } from '@app/core';
import { AuditEntry, AuditHead } from './audit-entry.entity';
import { ChainBreak, ChainReport, entryHash, GENESIS_HASH } from './chain';

export interface Actor {
  id: string | null;
  label: string;
}
export const SYSTEM_ACTOR: Actor = { id: null, label: 'system' };

export interface AuditEvent {
  actor: Actor;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** States are stored as hashes only: the log proves what changed without copying post text. */
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

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

const VERIFY_BATCH = 1000;
/** Rows per INSERT: well under the bound-parameter limits of PostgreSQL and SQLite. */
const INSERT_BATCH = 500;

export class AuditLog {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Must be called with the manager of the transaction that makes the change. */
  async record(manager: EntityManager, practiceId: string, event: AuditEvent): Promise<AuditEntry> {
    return (await this.recordMany(manager, practiceId, [event]))[0];
  }

  /**
   * Appends several entries in order with one lock of the practice's chain head (the scheduler records a
   * batch of publishes at once). Same transaction rule as record().
   */
  async recordMany(manager: EntityManager, practiceId: string, events: AuditEvent[]): Promise<AuditEntry[]> {
    return (await this.recordAcross(manager, new Map([[practiceId, events]]))).get(practiceId) ?? [];
  }

  /**
   * Appends entries to the chains of several practices in one go. On PostgreSQL that is three statements
   * whatever the number of practices: lock the heads (in practice order, so concurrent writers never wait
   * on each other in a circle), insert every entry, move every head. Same transaction rule as record().
   */
  async recordAcross(manager: EntityManager, events: Map<string, AuditEvent[]>): Promise<Map<string, AuditEntry[]>> {
    const practiceIds = [...events.keys()].filter((id) => events.get(id)!.length > 0).sort();
    const written = new Map<string, AuditEntry[]>();
    if (practiceIds.length === 0) return written;
    const heads = manager.connection.options.type === 'postgres' ? await lockHeadsPostgres(manager, practiceIds) : null;
    const moved: AuditHead[] = [];
    for (const practiceId of practiceIds) {
      const batch = events.get(practiceId)!;
      const head = heads ? heads.get(practiceId)! : await this.bumpHead(manager, practiceId, batch.length);
      const entries = this.chain(manager, practiceId, heads ? head.seq : head.seq - batch.length, head.lastHash, batch);
      written.set(practiceId, entries);
      moved.push({ practiceId, seq: entries[entries.length - 1].seq, lastHash: entries[entries.length - 1].hash });
    }
    const all = [...written.values()].flat();
    if (heads) await insertEntriesPostgres(manager, all);
    else
      for (let i = 0; i < all.length; i += INSERT_BATCH)
        await manager
          .getRepository(AuditEntry)
          .insert(all.slice(i, i + INSERT_BATCH) as QueryDeepPartialEntity<AuditEntry>[]);
    if (heads) {
      await manager.query(
        `UPDATE audit_heads AS h SET seq = v.seq, "lastHash" = v.hash FROM unnest($1::varchar[], $2::int[], $3::varchar[]) AS v(practice_id, seq, hash) WHERE h."practiceId" = v.practice_id`,
        [
          pgArray(moved.map((m) => m.practiceId)),
          pgArray(moved.map((m) => m.seq)),
          pgArray(moved.map((m) => m.lastHash)),
        ],
      );
    } else {
      for (const head of moved)
        await manager.getRepository(AuditHead).update({ practiceId: head.practiceId }, { lastHash: head.lastHash });
    }
    return written;
  }

  /** Reserves `count` sequence numbers (the increment holds the head's row lock until commit). */
  private async bumpHead(manager: EntityManager, practiceId: string, count: number): Promise<AuditHead> {
    const heads = manager.getRepository(AuditHead);
    const bumped = await heads.increment({ practiceId }, 'seq', count);
    if (!bumped.affected) await heads.insert({ practiceId, seq: count, lastHash: GENESIS_HASH });
    return heads.findOneByOrFail({ practiceId });
  }

  /** The entries after (seq, prevHash), each linked to the one before. */
  private chain(
    manager: EntityManager,
    practiceId: string,
    seq: number,
    prevHash: string,
    events: AuditEvent[],
  ): AuditEntry[] {
    const at = this.clock.now();
    return events.map((event) => {
      const fields = {
        practiceId,
        seq: ++seq,
        at,
        actorId: event.actor.id,
        actorLabel: event.actor.label,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId ?? null,
        beforeHash: event.before === undefined ? null : hashOf(event.before),
        afterHash: event.after === undefined ? null : hashOf(event.after),
        details: event.details ?? {},
      };
      const entry = Object.assign(new AuditEntry(), {
        id: randomUUID(),
        ...fields,
        prevHash,
        hash: entryHash(prevHash, fields),
      });
      prevHash = entry.hash;
      return entry;
    });
  }

  async list(practiceId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    const [items, total] = await this.dataSource.getRepository(AuditEntry).findAndCount({
      where: this.where(practiceId, query),
      order: { seq: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }

  /** Every entry in chain order, in batches, for export. */
  async *iterate(practiceId: string, query: Omit<AuditQuery, 'page' | 'pageSize'>): AsyncGenerator<AuditEntry> {
    let afterSeq = 0;
    for (;;) {
      const batch = await this.dataSource
        .getRepository(AuditEntry)
        .createQueryBuilder('e')
        .where({ ...this.where(practiceId, { ...query, page: 1, pageSize: 1 }) })
        .andWhere('e.seq > :afterSeq', { afterSeq })
        .orderBy('e.seq', 'ASC')
        .take(VERIFY_BATCH)
        .getMany();
      yield* batch;
      if (batch.length < VERIFY_BATCH) return;
      afterSeq = batch[batch.length - 1].seq;
    }
  }

  /** Recomputes every hash and link; reports each place the chain breaks. */
  async verify(practiceId: string): Promise<ChainReport> {
    const breaks: ChainBreak[] = [];
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    for await (const entry of this.iterate(practiceId, {})) {
      checked++;
      if (entry.seq !== expectedSeq)
        breaks.push({
          seq: expectedSeq,
          entryId: null,
          reason: `entries ${expectedSeq}..${entry.seq - 1} are missing`,
        });
      if (entry.prevHash !== prevHash)
        breaks.push({ seq: entry.seq, entryId: entry.id, reason: 'does not link to the entry before it' });
      if (entryHash(entry.prevHash, entry) !== entry.hash)
        breaks.push({ seq: entry.seq, entryId: entry.id, reason: 'content differs from what was recorded' });
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }
    const head = await this.dataSource.getRepository(AuditHead).findOneBy({ practiceId });
    if (head && (head.seq !== expectedSeq - 1 || head.lastHash !== prevHash)) {
      breaks.push({
        seq: head.seq,
        entryId: null,
        reason: `the log should end at entry ${head.seq} but ends at ${expectedSeq - 1}`,
      });
    }
    return { intact: breaks.length === 0, checked, lastSeq: expectedSeq - 1, lastHash: prevHash, breaks };
  }

  private where(practiceId: string, query: AuditQuery): FindOptionsWhere<AuditEntry> {
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
 * Every entry in one statement, the rows as one JSON parameter (a statement's size does not grow its parameter
 * count, and no per-row query building: the scheduler appends thousands a minute under load). JSON rather than
 * column arrays: node-postgres escapes an array element by element in JavaScript (a details object cost ~20 µs);
 * JSON.stringify and PostgreSQL's parser do the same work in C.
 */
async function insertEntriesPostgres(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
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
  await manager.query(
    `INSERT INTO audit_entries (id, "practiceId", seq, at, "actorId", "actorLabel", action, "entityType", "entityId", "beforeHash", "afterHash", details, "prevHash", hash)
     SELECT id, "practiceId", seq, at, "actorId", "actorLabel", action, "entityType", "entityId", "beforeHash", "afterHash", details, "prevHash", hash
       FROM jsonb_to_recordset($1::jsonb) AS e(id varchar, "practiceId" varchar, seq int, at timestamptz, "actorId" varchar, "actorLabel" varchar, action varchar, "entityType" varchar, "entityId" varchar, "beforeHash" varchar, "afterHash" varchar, details jsonb, "prevHash" varchar, hash varchar)`,
    [JSON.stringify(rows)],
  );
}
