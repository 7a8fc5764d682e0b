// With no live publisher, the API process notices scheduled posts that are not going out: one critical alert
// per practice with overdue posts (none for posts not yet due or within the grace), delivered without a worker,
// closed once a publisher is live again. On PostgreSQL and SQLite; embedded mode's presence key stands for "live".
import { randomBytes } from 'node:crypto';
import { Alert, AlertsService } from '@app/alerts';
import { FixedClock, loadConfig, Mailer, MemoryKeyValueStore } from '@app/core';
import { TargetSchedule } from '@app/posts';
import { NO_PUBLISHER_ALERT, OVERDUE_GRACE_MS, PublisherWatch, presenceKey } from '@app/scheduler';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newAccount, newPractice, scheduledTarget } from '../support/seed';

jest.setTimeout(60_000);

describe('publisher watch (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-07T14:00:00Z'));
  const store = new MemoryKeyValueStore(() => clock.now().getTime());
  const config = loadConfig({
    SECRET_KEY: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: 'watch',
    LOG_LEVEL: 'silent',
  });
  let watch: PublisherWatch;

  beforeAll(async () => {
    db = await openMediumDb();
    const alerts = new AlertsService(db.dataSource, clock);
    watch = new PublisherWatch(
      db.dataSource,
      new TargetSchedule(db.dataSource),
      alerts,
      clock,
      store,
      new Mailer(undefined, 'Planner <alerts@planner.test>'),
      config,
      null,
    );
  });
  afterAll(() => db?.close());

  const openAlerts = (practiceId: string) =>
    db.dataSource.getRepository(Alert).findBy({ practiceId, dedupeKey: NO_PUBLISHER_ALERT, openMarker: 'open' });

  it('raises one alert per practice with overdue posts while no publisher is live, and closes it when one is', async () => {
    const late = await newPractice(db.dataSource, clock, 'Overdue Dental');
    const lateAccount = await newAccount(db.dataSource, late.practice.id);
    for (const minutesAgo of [30, 5])
      await scheduledTarget(
        db.dataSource,
        late.practice,
        late.admin.id,
        lateAccount,
        new Date(clock.now().getTime() - minutesAgo * 60_000),
      );
    // Due a moment ago (a scan's normal delay) or later: nothing to say yet.
    const fine = await newPractice(db.dataSource, clock, 'On Time Pediatrics');
    const fineAccount = await newAccount(db.dataSource, fine.practice.id);
    await scheduledTarget(
      db.dataSource,
      fine.practice,
      fine.admin.id,
      fineAccount,
      new Date(clock.now().getTime() - OVERDUE_GRACE_MS / 2),
    );
    await scheduledTarget(
      db.dataSource,
      fine.practice,
      fine.admin.id,
      fineAccount,
      new Date(clock.now().getTime() + 3_600_000),
    );

    const first = await watch.run();
    expect(first).toEqual({ publishers: 0, practicesAlerted: 1, resolved: 0 });
    const [alert] = await openAlerts(late.practice.id);
    expect(alert).toMatchObject({
      kind: 'late_publish',
      severity: 'critical',
      title: 'Scheduled posts are not going out',
    });
    // Both overdue posts, since the earlier one's time in the practice's zone (New York: 08:30 EST).
    expect(alert.message).toContain('2 scheduled posts due since Mon 7 Dec at 08:30 EST have not gone out');
    expect(alert.message).toContain('no publishing worker is running');
    // No worker will deliver it, so the watch did.
    expect(alert.notifiedAt).not.toBeNull();
    expect(await openAlerts(fine.practice.id)).toHaveLength(0);

    // A minute later, still down: still one alert.
    clock.advance(60_000);
    expect((await watch.run()).practicesAlerted).toBe(0);
    expect(await openAlerts(late.practice.id)).toHaveLength(1);

    // A publisher is live again (embedded mode's due scan sets its presence): the alert closes.
    await store.set(presenceKey(config.QUEUE_PREFIX), 'worker-1', 60_000);
    expect(await watch.run()).toEqual({ publishers: 1, practicesAlerted: 0, resolved: 1 });
    expect(await openAlerts(late.practice.id)).toHaveLength(0);
  });
});
