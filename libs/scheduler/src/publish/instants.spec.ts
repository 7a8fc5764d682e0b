import { FixedClock } from '@app/core';
import { Instants, RELEASE_SLICE } from './instants';

describe('Instants', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves at the instant by the clock, never before, with one timer for all who wait', async () => {
    const clock = new FixedClock(new Date(1000));
    const instants = new Instants(clock);
    let done = 0;
    for (let i = 0; i < 100; i++) void instants.until(1250).then(() => done++);
    expect(jest.getTimerCount()).toBe(1);
    // The timer fires, but the clock reads only 1,200 then: it waits the rest.
    clock.set(new Date(1200));
    await jest.advanceTimersByTimeAsync(250);
    expect(done).toBe(0);
    clock.set(new Date(1250));
    await jest.advanceTimersByTimeAsync(50);
    await jest.runAllTimersAsync();
    expect(done).toBe(100);
  });

  it('lets a burst go in slices, one per turn of the event loop', async () => {
    const clock = new FixedClock(new Date(1000));
    const instants = new Instants(clock);
    let done = 0;
    for (let i = 0; i < RELEASE_SLICE * 3; i++) void instants.until(2000).then(() => done++);
    clock.set(new Date(2000));
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    expect(done).toBe(RELEASE_SLICE);
    await jest.runOnlyPendingTimersAsync();
    expect(done).toBe(RELEASE_SLICE * 2);
    await jest.runAllTimersAsync();
    expect(done).toBe(RELEASE_SLICE * 3);
  });

  it('is quiet once every slice of a burst has gone, and at once when nothing is being released', async () => {
    const clock = new FixedClock(new Date(1000));
    const instants = new Instants(clock);
    await expect(instants.quiet()).resolves.toBeUndefined();
    const order: string[] = [];
    for (let i = 0; i < RELEASE_SLICE * 2; i++) void instants.until(2000).then(() => order.push('request'));
    clock.set(new Date(2000));
    jest.advanceTimersByTime(1000);
    await Promise.resolve();
    // An answer to a first request arrives while the burst is being released: its recording waits for the rest.
    void instants.quiet().then(() => order.push('record'));
    await jest.runAllTimersAsync();
    expect(order).toEqual([...Array<string>(RELEASE_SLICE * 2).fill('request'), 'record']);
    await expect(instants.quiet()).resolves.toBeUndefined();
  });

  it('resolves at once for an instant that has passed', async () => {
    const instants = new Instants(new FixedClock(new Date(5000)));
    await expect(instants.until(4000)).resolves.toBeUndefined();
  });
});

describe('Instants before a burst', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs the hook once, ahead of an instant that has a burst of waiters, and not for a few', async () => {
    const clock = new FixedClock(new Date(1000));
    const run = jest.fn();
    const instants = new Instants(clock, { waiters: 5, aheadMs: 300, run });
    for (let i = 0; i < 4; i++) void instants.until(2000);
    for (let i = 0; i < 10; i++) void instants.until(5000);
    clock.set(new Date(2000));
    await jest.advanceTimersByTimeAsync(1000);
    expect(run).not.toHaveBeenCalled();
    clock.set(new Date(4700));
    await jest.advanceTimersByTimeAsync(2700);
    expect(run).toHaveBeenCalledTimes(1);
    clock.set(new Date(5000));
    await jest.runAllTimersAsync();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('skips the hook when the burst is closer than its lead', () => {
    const clock = new FixedClock(new Date(1000));
    const run = jest.fn();
    const instants = new Instants(clock, { waiters: 2, aheadMs: 300, run });
    void instants.until(1200);
    void instants.until(1200);
    clock.set(new Date(1200));
    jest.runAllTimers();
    expect(run).not.toHaveBeenCalled();
  });
});
