// Appends entries inside the caller's transaction, lists and exports them, and verifies the chain.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, Between, FindOptionsWhere, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Clock, hashOf } from '@app/core';
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
    if (events.length === 0) return [];
    const heads = manager.getRepository(AuditHead);
    // The increment takes the head's row lock until commit: appends of one practice are serialised here.
    const bumped = await heads.increment({ practiceId }, 'seq', events.length);
    if (!bumped.affected) await heads.insert({ practiceId, seq: events.length, lastHash: GENESIS_HASH });
    const head = await heads.findOneByOrFail({ practiceId });

    let seq = head.seq - events.length;
    let prevHash = head.lastHash;
    const at = this.clock.now();
    const entries = events.map((event) => {
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
      const entry = manager.getRepository(AuditEntry).create({ id: randomUUID(), ...fields, prevHash, hash: entryHash(prevHash, fields) });
      prevHash = entry.hash;
      return entry;
    });
    for (let i = 0; i < entries.length; i += INSERT_BATCH) await manager.getRepository(AuditEntry).insert(entries.slice(i, i + INSERT_BATCH) as QueryDeepPartialEntity<AuditEntry>[]);
    await heads.update({ practiceId }, { lastHash: prevHash });
    return entries;
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
      const batch = await this.dataSource.getRepository(AuditEntry).createQueryBuilder('e')
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
      if (entry.seq !== expectedSeq) breaks.push({ seq: expectedSeq, entryId: null, reason: `entries ${expectedSeq}..${entry.seq - 1} are missing` });
      if (entry.prevHash !== prevHash) breaks.push({ seq: entry.seq, entryId: entry.id, reason: 'does not link to the entry before it' });
      if (entryHash(entry.prevHash, entry) !== entry.hash) breaks.push({ seq: entry.seq, entryId: entry.id, reason: 'content differs from what was recorded' });
      prevHash = entry.hash;
      expectedSeq = entry.seq + 1;
    }
    const head = await this.dataSource.getRepository(AuditHead).findOneBy({ practiceId });
    if (head && (head.seq !== expectedSeq - 1 || head.lastHash !== prevHash)) {
      breaks.push({ seq: head.seq, entryId: null, reason: `the log should end at entry ${head.seq} but ends at ${expectedSeq - 1}` });
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
