// The audit chain detects a changed entry and a deleted one, even when someone bypasses the append-only triggers.
import { bearer, createPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('audit log tamper evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const sql = (query: string, params: unknown[] = []) => t.resources.dataSource.query(query, params);
  const p = (n: number) => (t.kind === 'postgres' ? `$${n}` : '?');

  it('refuses UPDATE and DELETE on entries in the database itself', async () => {
    const practice = await createPractice(t);
    await expect(
      sql(`UPDATE audit_entries SET "actorLabel" = 'someone-else' WHERE "practiceId" = ${p(1)}`, [practice.practiceId]),
    ).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_entries WHERE "practiceId" = ${p(1)}`, [practice.practiceId])).rejects.toThrow(
      /append-only/,
    );
  });

  it('reports an edited entry and where the chain breaks', async () => {
    const practice = await createPractice(t);
    for (const name of ['One', 'Two', 'Three'])
      await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ name }).expect(200);
    await t.http
      .get('/api/audit/verify')
      .set(bearer(practice.admin))
      .expect(200)
      .expect((r) => expect(r.body.intact).toBe(true));

    await withoutTriggers(() =>
      sql(`UPDATE audit_entries SET "actorLabel" = 'intruder@example.test' WHERE "practiceId" = ${p(1)} AND seq = 3`, [
        practice.practiceId,
      ]),
    );
    const report = (await t.http.get('/api/audit/verify').set(bearer(practice.admin)).expect(200)).body;
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual([
      expect.objectContaining({ seq: 3, reason: 'content differs from what was recorded' }),
    ]);
  });

  it('reports a deleted entry', async () => {
    const practice = await createPractice(t);
    for (const name of ['One', 'Two', 'Three'])
      await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ name }).expect(200);
    await withoutTriggers(() =>
      sql(`DELETE FROM audit_entries WHERE "practiceId" = ${p(1)} AND seq = 2`, [practice.practiceId]),
    );
    const report = (await t.http.get('/api/audit/verify').set(bearer(practice.admin)).expect(200)).body;
    expect(report.intact).toBe(false);
    expect(report.breaks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reason: 'entries 2..2 are missing' }),
        expect.objectContaining({ seq: 3, reason: 'does not link to the entry before it' }),
      ]),
    );
  });

  /** What an attacker with database access would do; the chain still tells. */
  async function withoutTriggers(work: () => Promise<unknown>): Promise<void> {
    if (t.kind === 'postgres') {
      await sql('ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change');
      try {
        await work();
      } finally {
        await sql('ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change');
      }
      return;
    }
    const triggers: Array<{ sql: string }> = await sql(
      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_entries'",
    );
    await sql('DROP TRIGGER audit_entries_no_update');
    await sql('DROP TRIGGER audit_entries_no_delete');
    try {
      await work();
    } finally {
      for (const trigger of triggers) await sql(trigger.sql);
    }
  }
});
