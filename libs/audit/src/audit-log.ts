// Appends entries inside the caller's transaction, lists and exports them, and verifies the chain.
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, hashOf } from '@app/core';
import { AuditEntry, AuditHead } from './audit-entry.entity';
import { AuditQuery, AuditStore } from './audit-store';
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

const VERIFY_BATCH = 1000;

export class AuditLog {
  private readonly store: AuditStore;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.store = new AuditStore(dataSource);
  }

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
   * Appends entries to the chains of several practices in one go. On PostgreSQL that is two statements
   * whatever the number of practices: lock the heads (in practice order, so concurrent writers never wait
   * on each other in a circle), then insert every entry and move every head. Same transaction rule as record().
   */
  async recordAcross(manager: EntityManager, events: Map<string, AuditEvent[]>): Promise<Map<string, AuditEntry[]>> {
    const practiceIds = [...events.keys()].filter((id) => events.get(id)!.length > 0).sort();
    const written = new Map<string, AuditEntry[]>();
    if (practiceIds.length === 0) return written;
    const heads = await this.store.lockHeads(practiceIds, manager);
    const moved: AuditHead[] = [];
    for (const practiceId of practiceIds) {
      const batch = events.get(practiceId)!;
      const head = heads ? heads.get(practiceId)! : await this.store.reserveSeqs(practiceId, batch.length, manager);
      const entries = this.chain(practiceId, heads ? head.seq : head.seq - batch.length, head.lastHash, batch);
      written.set(practiceId, entries);
      moved.push({ practiceId, seq: entries[entries.length - 1].seq, lastHash: entries[entries.length - 1].hash });
    }
    await this.store.appendAndMoveHeads([...written.values()].flat(), moved, manager);
    return written;
  }

  /** The entries after (seq, prevHash), each linked to the one before. */
  private chain(practiceId: string, seq: number, prevHash: string, events: AuditEvent[]): AuditEntry[] {
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

  list(practiceId: string, query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
    return this.store.page(practiceId, query);
  }

  /** Every entry in chain order, in batches, for export. */
  async *iterate(practiceId: string, query: Omit<AuditQuery, 'page' | 'pageSize'>): AsyncGenerator<AuditEntry> {
    let afterSeq = 0;
    for (;;) {
      const batch = await this.store.entriesAfter(practiceId, query, afterSeq, VERIFY_BATCH);
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
    const head = await this.store.head(practiceId);
    if (head && (head.seq !== expectedSeq - 1 || head.lastHash !== prevHash)) {
      breaks.push({
        seq: head.seq,
        entryId: null,
        reason: `the log should end at entry ${head.seq} but ends at ${expectedSeq - 1}`,
      });
    }
    return { intact: breaks.length === 0, checked, lastSeq: expectedSeq - 1, lastHash: prevHash, breaks };
  }
}
