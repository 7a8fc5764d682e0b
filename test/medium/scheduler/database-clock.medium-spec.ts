// Due times and leases are compared on the database's clock: a process whose own clock runs two minutes fast
// claims nothing early. On PostgreSQL (shared by many processes); SQLite runs inside the one process.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '@app/audit';
import { closeResources, CoreResources, DatabaseClock, openResources, SystemClock } from '@app/core';
import { PHI_CONTENT_CHECKER, TargetStore } from '@app/posts';
import { ALL_ENTITIES } from '@app/schema';
import { newAccount, newPractice, scheduledTarget } from '../support/seed';

const postgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');
const SKEW_MS = 120_000;
/** The true time: performance's clock is not faked below. */
const trueNow = () => performance.timeOrigin + performance.now();

(postgres ? describe : describe.skip)('the database clock (medium)', () => {
  let resources: CoreResources;
  const schema = `m_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    // This process's Date runs two minutes fast (as under libfaketime +2m); timers and performance do not.
    jest.useFakeTimers({
      now: trueNow() + SKEW_MS,
      advanceTimers: true,
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'nextTick',
        'queueMicrotask',
        'performance',
        'hrtime',
      ],
    });
    resources = await openResources(ALL_ENTITIES, {
      migrate: true,
      env: {
        DATABASE_URL: process.env.DATABASE_URL,
        DATABASE_SCHEMA: schema,
        SECRET_KEY: randomBytes(32).toString('hex'),
        LOG_LEVEL: 'silent',
      },
    });
  });
  afterAll(async () => {
    jest.useRealTimers();
    if (!resources) return;
    await resources.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await closeResources(resources);
  });

  it("reads the database's time, not this process's", () => {
    expect(Math.abs(Date.now() - SKEW_MS - trueNow())).toBeLessThan(5_000);
    expect(resources.clock).toBeInstanceOf(DatabaseClock);
    expect(Math.abs(resources.clock!.now().getTime() - trueNow())).toBeLessThan(5_000);
  });

  it('claims nothing a minute early on the database clock (the process clock would have)', async () => {
    const { dataSource } = resources;
    const clock = resources.clock!;
    const store = new TargetStore(dataSource, new AuditLog(dataSource, clock), PHI_CONTENT_CHECKER);
    const { practice, admin } = await newPractice(dataSource, clock);
    const account = await newAccount(dataSource, practice.id);
    const target = await scheduledTarget(dataSource, practice, admin.id, account, new Date(trueNow() + 60_000));
    const request = { ids: [target.id], leaseMs: 60_000 };
    expect(await store.claim({ ...request, token: 'db-clock#1', now: clock.now() })).toEqual([]);
    expect(await store.claim({ ...request, token: 'own-clock#1', now: new SystemClock().now() })).toHaveLength(1);
  });
});
