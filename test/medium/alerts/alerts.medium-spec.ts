// Alerts on a real database: one open alert per key, resolving closes it, and a new cause after that is a
// new alert; another practice's alert with the same key is its own.
import { AlertsService } from '@app/alerts';
import { FixedClock } from '@app/core';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newPractice } from '../support/seed';

describe('AlertsService (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let alerts: AlertsService;

  beforeAll(async () => {
    db = await openMediumDb();
    alerts = new AlertsService(db.dataSource, clock);
  });
  afterAll(() => db?.close());

  const alert = (dedupeKey: string) => ({
    kind: 'target_failed' as const,
    severity: 'critical' as const,
    title: 'A post did not go out',
    message: 'Refused',
    dedupeKey,
  });

  it('keeps one open alert per key, and raises a new one after the first was resolved', async () => {
    const { practice } = await newPractice(db.dataSource, clock);
    expect(await alerts.raise(practice.id, alert('target_failed:t1'))).not.toBeNull();
    expect(await alerts.raise(practice.id, alert('target_failed:t1'))).toBeNull();
    expect(await alerts.list(practice.id, { open: true, limit: 10 })).toHaveLength(1);
    await alerts.resolve(practice.id, 'target_failed:t1');
    expect(await alerts.list(practice.id, { open: true, limit: 10 })).toHaveLength(0);
    expect(await alerts.raise(practice.id, alert('target_failed:t1'))).not.toBeNull();
  });

  it("keeps each practice's alerts apart", async () => {
    const { practice: a } = await newPractice(db.dataSource, clock, 'A');
    const { practice: b } = await newPractice(db.dataSource, clock, 'B');
    await alerts.raise(a.id, alert('cadence_gap:x'));
    expect(await alerts.raise(b.id, alert('cadence_gap:x'))).not.toBeNull();
    await alerts.resolve(a.id, 'cadence_gap:x');
    expect(await alerts.list(b.id, { open: true, limit: 10 })).toHaveLength(1);
  });
});
