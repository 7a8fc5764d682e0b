import { FixedClock } from '@app/core';
import { ConnectionWarmer, WARM_LEAD_MS } from './connection-warmer';

describe('ConnectionWarmer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('warms each network shortly before its burst, its share of the in-flight budget', () => {
    const clock = new FixedClock(new Date(1_000_000));
    const warm = jest.fn(async () => 0);
    const warmer = new ConnectionWarmer(warm, clock, 2);
    const instant = 1_000_000 + 10_000;
    for (const network of ['x', 'x', 'x', 'facebook'] as const) warmer.plan(network, instant);

    jest.advanceTimersByTime(10_000 - WARM_LEAD_MS - 1);
    expect(warm).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(warm.mock.calls).toEqual([
      ['x', 2],
      ['facebook', 1],
    ]);
    warmer.stop();
  });

  it('warms again, for the whole burst, when more targets are held after its warm-up', () => {
    const clock = new FixedClock(new Date(1_000_000));
    const warm = jest.fn(async () => 0);
    const warmer = new ConnectionWarmer(warm, clock, 100);
    const instant = 1_000_000 + 10_000;
    warmer.plan('x', instant);
    jest.advanceTimersByTime(10_000 - WARM_LEAD_MS);
    clock.advance(10_000 - WARM_LEAD_MS);
    expect(warm.mock.calls).toEqual([['x', 1]]);
    warmer.plan('x', instant);
    warmer.plan('x', instant);
    jest.advanceTimersByTime(1000);
    expect(warm.mock.calls).toEqual([
      ['x', 1],
      ['x', 3],
    ]);
    warmer.stop();
  });

  it('does nothing for a target due too soon to warm for', () => {
    const clock = new FixedClock(new Date(1_000_000));
    const warm = jest.fn(async () => 0);
    const warmer = new ConnectionWarmer(warm, clock, 100);
    warmer.plan('x', 1_000_000 + 50);
    jest.advanceTimersByTime(5000);
    expect(warm).not.toHaveBeenCalled();
  });
});
