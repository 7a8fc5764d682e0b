// A process whose own clock runs two minutes SLOW (as under libfaketime -2m) against the others: on the database's
// clock its leases are live for everyone else, so no worker takes over a claim it is still publishing, and it takes
// over no live lease itself. On its own clock it would write leases that had ended before they were written. The
// +2 min case (nothing claimed early) is database-clock.medium-spec.ts. PostgreSQL only (SQLite: one process).
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AuditLog } from '@app/audit';
import { closeResources, CoreResources, DatabaseClock, openResources, SystemClock } from '@app/core';
import { PHI_CONTENT_CHECKER, PostTarget, TargetStore } from '@app/posts';
import { ALL_ENTITIES } from '@app/schema';
import { newAccount, newPractice, scheduledTarget } from '../support/seed';

const postgres = (process.env.DATABASE_URL ?? '').startsWith('postgres');
const SKEW_MS = -120_000;
const LEASE_MS = 60_000;
/** The true time: performance's clock is not faked below. */
const trueNow = () => performance.timeOrigin + performance.now();

(postgres ? describe : describe.skip)('the database clock, two minutes slow (medium)', () => {
  let resources: CoreResources;
  let store: TargetStore;
  const schema = `m_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    // This process's Date runs two minutes slow; timers and performance do not.
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
    store = new TargetStore(
      resources.dataSource,
      new AuditLog(resources.dataSource, resources.clock!),
      PHI_CONTENT_CHECKER,
    );
  });
  afterAll(async () => {
    jest.useRealTimers();
    if (!resources) return;
    await resources.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await closeResources(resources);
  });

  /** A target that was due three minutes ago (by the true clock): due on any of the clocks here. */
  async function dueTarget(): Promise<PostTarget> {
    const { practice, admin } = await newPractice(resources.dataSource, resources.clock!);
    const account = await newAccount(resources.dataSource, practice.id);
    return scheduledTarget(resources.dataSource, practice, admin.id, account, new Date(trueNow() - 180_000));
  }
  /** A worker whose clock is right tries to claim (or take over) the target. */
  const rightClockClaim = (target: PostTarget, token: string) =>
    store.claim({ ids: [target.id], token, now: new Date(trueNow()), leaseMs: LEASE_MS });

  it("reads the database's time, not this process's", () => {
    expect(Math.abs(Date.now() - SKEW_MS - trueNow())).toBeLessThan(5_000);
    expect(resources.clock).toBeInstanceOf(DatabaseClock);
    expect(Math.abs(resources.clock!.now().getTime() - trueNow())).toBeLessThan(5_000);
  });

  it('claims with a lease the others see as live: a worker on the right clock cannot take over the claim', async () => {
    const target = await dueTarget();
    const [mine] = await store.claim({
      ids: [target.id],
      token: 'slow#1',
      now: resources.clock!.now(),
      leaseMs: LEASE_MS,
    });
    expect(mine.target.claimedBy).toBe('slow#1');
    expect(mine.target.leaseUntil!.getTime()).toBeGreaterThan(trueNow() + LEASE_MS / 2);
    expect(await rightClockClaim(target, 'right#1')).toEqual([]);

    // What the database clock prevents: on its own clock the same claim's lease has ended for everyone else
    // the moment it is written, and the other worker takes the target over mid-publish (a second post).
    const other = await dueTarget();
    await store.claim({ ids: [other.id], token: 'slow#2', now: new SystemClock().now(), leaseMs: LEASE_MS });
    expect(await rightClockClaim(other, 'right#2')).toEqual([expect.objectContaining({ takeover: true })]);
  });

  it('renews to a lease the others see as live', async () => {
    const target = await dueTarget();
    await store.claim({ ids: [target.id], token: 'slow#3', now: resources.clock!.now(), leaseMs: LEASE_MS });
    const claim = [{ targetId: target.id, token: 'slow#3' }];
    // As the LeaseKeeper renews: the lease ends one lease from now, on the process's clock.
    expect(await store.renewLeases(claim, new Date(resources.clock!.now().getTime() + LEASE_MS))).toEqual(
      new Set([target.id]),
    );
    expect(await rightClockClaim(target, 'right#3')).toEqual([]);
    expect(await store.renewLeases(claim, new Date(new SystemClock().now().getTime() + LEASE_MS))).toEqual(
      new Set([target.id]),
    );
    expect(await rightClockClaim(target, 'right#4')).toEqual([expect.objectContaining({ takeover: true })]);
  });

  it("takes over no live lease of another worker, and does take over one that has truly ended (a dead worker's)", async () => {
    const live = await dueTarget();
    expect(await rightClockClaim(live, 'right#5')).toHaveLength(1);
    expect(
      await store.claim({ ids: [live.id], token: 'slow#4', now: resources.clock!.now(), leaseMs: LEASE_MS }),
    ).toEqual([]);

    // A worker died holding this one; its lease ended 30 s ago by the true clock. The slow process recovers it at
    // once on the database clock (on its own clock it would see the lease live for another 90 s).
    const dead = await dueTarget();
    await store.claim({
      ids: [dead.id],
      token: 'dead#1',
      now: new Date(trueNow() - LEASE_MS - 30_000),
      leaseMs: LEASE_MS,
    });
    expect(
      await store.claim({ ids: [dead.id], token: 'slow#5', now: new SystemClock().now(), leaseMs: LEASE_MS }),
    ).toEqual([]);
    expect(
      await store.claim({ ids: [dead.id], token: 'slow#6', now: resources.clock!.now(), leaseMs: LEASE_MS }),
    ).toEqual([expect.objectContaining({ takeover: true })]);
  });
});
