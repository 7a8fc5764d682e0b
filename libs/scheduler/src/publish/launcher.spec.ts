import { Clock } from '@app/core';
import { Launcher, launcherSettings } from './launcher';
import type { PreparedTarget } from './prepared';
import type { AttemptHooks, PublishOutcome, TargetPublisher } from './target-publisher';
import type { PublishTiming } from '../timing/publish-timing';

class CountingClock extends Clock {
  reads = 0;
  now(): Date {
    this.reads++;
    return new Date();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function prepared(targetId: string, runAt: number): PreparedTarget {
  return { targetId, accountId: 'acc', network: 'x', runAt, dueAt: new Date(runAt), nextAttemptAt: null };
}

function launcherWith(
  publish: (
    targetId: string,
    workerId: string,
    prepared?: PreparedTarget,
    hooks?: AttemptHooks,
  ) => Promise<PublishOutcome>,
  clock: Clock,
  concurrency: number,
  heldElsewhere: (before: Date, limit: number) => Promise<string[]> = async () => [],
) {
  const publisher = { publish: jest.fn(publish) } as unknown as TargetPublisher;
  const queue = {
    markHeld: jest.fn(async () => undefined),
    unmarkHeld: jest.fn(async () => undefined),
    scheduledTargets: jest.fn(async () => []),
    restoreJob: jest.fn(async () => true),
    pauseIntake: jest.fn(async () => undefined),
    heldElsewhere: jest.fn(heldElsewhere),
  } as unknown as PublishTiming;
  return {
    launcher: new Launcher(publisher, queue, clock, 'w1', { concurrency, heldGraceMs: 30_000 }),
    publisher,
    queue,
  };
}

describe('Launcher', () => {
  it('waits for a free slot without polling a timer while every slot is busy', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const clock = new CountingClock();
    const { launcher, publisher } = launcherWith(
      async () => {
        await gate;
        return { result: 'not_claimed' };
      },
      clock,
      1,
    );
    const at = Date.now() + 60;
    for (const id of ['a', 'b', 'c']) await launcher.hold(prepared(id, at));
    await sleep(400);
    // One request slot, and one attempt started ahead of it.
    expect(publisher.publish).toHaveBeenCalledTimes(2);
    // A timer re-armed at 0 ms while the one slot is busy reads the clock about once a millisecond.
    expect(clock.reads).toBeLessThan(20);
    release();
    await sleep(20);
    expect(publisher.publish).toHaveBeenCalledTimes(3);
    await launcher.stop();
  });

  it('starts the next attempt once the network has answered, while the last one still writes its outcome', async () => {
    let recorded!: () => void;
    const recording = new Promise<void>((resolve) => (recorded = resolve));
    const { launcher, publisher } = launcherWith(
      async (_targetId, _workerId, _prepared, hooks) => {
        await sleep(10);
        hooks?.networkDone?.();
        await recording;
        return { result: 'published', externalId: 'p', url: 'https://x.com/p', recovered: false };
      },
      new CountingClock(),
      1,
    );
    const at = Date.now() + 60;
    for (const id of ['a', 'b', 'c']) await launcher.hold(prepared(id, at));
    await sleep(300);
    // One slot, yet all three went out: none waited for the outcome before it to be written.
    expect(publisher.publish).toHaveBeenCalledTimes(3);
    recorded();
    await launcher.stop();
  });

  it('lets at most 500 answered attempts write their outcomes at once beyond those it starts', async () => {
    let recorded!: () => void;
    const recording = new Promise<void>((resolve) => (recorded = resolve));
    const { launcher, publisher } = launcherWith(
      async (_targetId, _workerId, _prepared, hooks) => {
        hooks?.networkDone?.();
        await recording;
        return { result: 'published', externalId: 'p', url: 'https://x.com/p', recovered: false };
      },
      new CountingClock(),
      1,
    );
    const at = Date.now() + 60;
    for (let i = 0; i < 600; i++) await launcher.hold(prepared(`t${i}`, at));
    await sleep(300);
    // One request slot and one attempt started ahead of it, plus the 500.
    expect(publisher.publish).toHaveBeenCalledTimes(502);
    recorded();
    await sleep(100);
    expect(publisher.publish).toHaveBeenCalledTimes(600);
    await launcher.stop();
  });

  it('keeps the slot of an attempt that never reaches the network until the attempt ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { launcher, publisher } = launcherWith(
      async () => {
        await gate;
        return { result: 'failed', reason: 'checks failed' };
      },
      new CountingClock(),
      1,
    );
    const at = Date.now() + 60;
    for (const id of ['a', 'b', 'c']) await launcher.hold(prepared(id, at));
    await sleep(300);
    expect(publisher.publish).toHaveBeenCalledTimes(2);
    release();
    await sleep(20);
    expect(publisher.publish).toHaveBeenCalledTimes(3);
    await launcher.stop();
  });

  it('starts attempts ahead of its request slots, and never has more requests out than slots', async () => {
    let inRequest = 0;
    let mostInRequest = 0;
    const { launcher, publisher } = launcherWith(
      async (_targetId, _workerId, _prepared, hooks) => {
        await hooks?.requestSlot?.();
        mostInRequest = Math.max(mostInRequest, ++inRequest);
        await sleep(100);
        inRequest--;
        hooks?.networkDone?.();
        return { result: 'published', externalId: 'p', url: 'https://x.com/p', recovered: false };
      },
      new CountingClock(),
      2,
    );
    const at = Date.now() + 60;
    for (let i = 0; i < 8; i++) await launcher.hold(prepared(`t${i}`, at));
    await sleep(50);
    // Two requests out, two more attempts claimed and waiting for them.
    expect(publisher.publish).toHaveBeenCalledTimes(4);
    await sleep(600);
    expect(publisher.publish).toHaveBeenCalledTimes(8);
    expect(mostInRequest).toBe(2);
    await launcher.stop();
  });

  it('out of held targets during a burst, takes on late ones another worker holds, until a look finds none', async () => {
    const offered = [['late-1', 'late-2'], []];
    const looks: Array<{ lateBy: number; limit: number }> = [];
    const { launcher, publisher, queue } = launcherWith(
      async (_targetId, _workerId, _prepared, hooks) => {
        await hooks?.requestSlot?.();
        hooks?.networkDone?.();
        return { result: 'published', externalId: 'p', url: 'https://x.com/p', recovered: false };
      },
      new CountingClock(),
      2,
      async (before, limit) => {
        looks.push({ lateBy: Date.now() - before.getTime(), limit });
        return offered.shift() ?? [];
      },
    );
    await launcher.hold(prepared('own', Date.now() + 20));
    await sleep(900);
    const calls = (publisher.publish as jest.Mock).mock.calls.map(([id, , held]) => [id, held === undefined]);
    // Its own (prepared), then the two late ones (checked at their time, nothing prepared here).
    expect(calls).toEqual([
      ['own', false],
      ['late-1', true],
      ['late-2', true],
    ]);
    // Only targets at least a second late, and no more than it has room for; it stopped looking after an empty look.
    expect(looks).toHaveLength(2);
    for (const look of looks) {
      expect(look.lateBy).toBeGreaterThanOrEqual(1000);
      expect(look.limit).toBeLessThanOrEqual(4);
    }
    expect(queue.heldElsewhere).toHaveBeenCalledTimes(2);
    await launcher.stop();
  });

  it('never looks for other workers’ targets while it has launched none of its own', async () => {
    const { launcher, queue } = launcherWith(async () => ({ result: 'not_claimed' }), new CountingClock(), 2);
    await sleep(300);
    expect(queue.heldElsewhere).not.toHaveBeenCalled();
    await launcher.stop();
  });

  it('arms no timer beyond what setTimeout can wait (a longer one fires at once)', async () => {
    const clock = new CountingClock();
    const { launcher, publisher } = launcherWith(async () => ({ result: 'not_claimed' }), clock, 1);
    await launcher.hold(prepared('far', Date.now() + 30 * 86_400_000));
    await sleep(100);
    expect(publisher.publish).not.toHaveBeenCalled();
    expect(clock.reads).toBeLessThan(20);
    await launcher.stop();
  });

  it("lets a dead worker's markers lapse 30 s after their time, sooner with a faster reconciler, never under 5 s", () => {
    expect(launcherSettings({ WORKER_CONCURRENCY: 50, PUBLISH_IN_FLIGHT: 1000, RECONCILE_SECONDS: 60 })).toEqual({
      concurrency: 1000,
      heldGraceMs: 30_000,
    });
    expect(launcherSettings({ WORKER_CONCURRENCY: 10, PUBLISH_IN_FLIGHT: 40, RECONCILE_SECONDS: 3 })).toEqual({
      concurrency: 40,
      heldGraceMs: 9_000,
    });
    expect(launcherSettings({ WORKER_CONCURRENCY: 10, PUBLISH_IN_FLIGHT: 1, RECONCILE_SECONDS: 1 })).toEqual({
      concurrency: 10,
      heldGraceMs: 5_000,
    });
  });
});
