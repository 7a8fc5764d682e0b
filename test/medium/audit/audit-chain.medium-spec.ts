// The audit log on a real database: entries chain per practice, a rolled-back change leaves no entry, the
// database itself refuses to change or delete an entry, and verify() finds a break.
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { FixedClock, inTransaction } from '@app/core';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newPractice } from '../support/seed';

describe('AuditLog (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let audit: AuditLog;

  beforeAll(async () => {
    db = await openMediumDb();
    audit = new AuditLog(db.dataSource, clock);
  });
  afterAll(() => db?.close());

  const event = (action: string) => ({
    actor: SYSTEM_ACTOR,
    action,
    entityType: 'post',
    entityId: null,
    details: { n: action },
  });

  it('chains entries per practice, each practice from its own genesis', async () => {
    const { practice: a } = await newPractice(db.dataSource, clock, 'Practice A');
    const { practice: b } = await newPractice(db.dataSource, clock, 'Practice B');
    const created = (await audit.verify(a.id)).lastSeq; // the practice and its admin
    await inTransaction(db.dataSource, (tx) => audit.recordMany(tx, a.id, [event('one'), event('two')]));
    await inTransaction(db.dataSource, (tx) => audit.record(tx, b.id, event('three')));
    const reportA = await audit.verify(a.id);
    expect(reportA).toMatchObject({ intact: true, lastSeq: created + 2 });
    expect((await audit.verify(b.id)).lastSeq).toBe(created + 1);
  });

  it('stores details exactly as given (quotes, backslashes, other scripts, nesting) and their chain verifies', async () => {
    const { practice } = await newPractice(db.dataSource, clock);
    const details = {
      message: 'She said "see you at 9:00" \\ then left; {a,b} NULL',
      names: ['Zoë', '山田', "O'Brien"],
      nested: { attempt: 2, live: true, none: null },
    };
    const many = Array.from({ length: 120 }, (_, i) => ({ ...event(`bulk.${i}`), details: { ...details, i } }));
    await inTransaction(db.dataSource, (tx) => audit.recordMany(tx, practice.id, many));
    const { items } = await audit.list(practice.id, { page: 1, pageSize: 200 });
    const stored = items.find((e) => e.action === 'bulk.7')!;
    expect(stored.details).toEqual({ ...details, i: 7 });
    expect(stored.entityId).toBeNull();
    expect((await audit.verify(practice.id)).intact).toBe(true);
  });

  it('leaves no entry behind for a change that rolled back', async () => {
    const { practice } = await newPractice(db.dataSource, clock);
    const created = (await audit.verify(practice.id)).lastSeq;
    await expect(
      inTransaction(db.dataSource, async (tx) => {
        await audit.record(tx, practice.id, event('doomed'));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await inTransaction(db.dataSource, (tx) => audit.record(tx, practice.id, event('after')));
    const { items } = await audit.list(practice.id, { page: 1, pageSize: 10 });
    expect(items.map((e) => e.action)).not.toContain('doomed');
    expect(await audit.verify(practice.id)).toMatchObject({ intact: true, lastSeq: created + 1 });
  });

  it('is append-only in the database: an UPDATE or DELETE of an entry is refused', async () => {
    const { practice } = await newPractice(db.dataSource, clock);
    const table = db.kind === 'postgres' ? 'audit_entries' : '"audit_entries"';
    const param = db.kind === 'postgres' ? '$1' : '?';
    await expect(
      db.dataSource.query(`UPDATE ${table} SET action = 'forged' WHERE "practiceId" = ${param}`, [practice.id]),
    ).rejects.toThrow();
    await expect(
      db.dataSource.query(`DELETE FROM ${table} WHERE "practiceId" = ${param}`, [practice.id]),
    ).rejects.toThrow();
    expect((await audit.verify(practice.id)).intact).toBe(true);
  });
});
