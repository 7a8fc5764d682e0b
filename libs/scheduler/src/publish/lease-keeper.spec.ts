import { FixedClock } from '@app/core';
import { LeaseKeeper, LeaseStore } from './lease-keeper';

describe('the lease keeper', () => {
  const start = new Date('2026-12-06T09:00:00Z');

  function keeper(held: Map<string, string>) {
    const clock = new FixedClock(start);
    const renewals: Array<{ ids: string[]; until: Date }> = [];
    const store: LeaseStore = {
      renewLeases: async (claims, until) => {
        renewals.push({ ids: claims.map((c) => c.targetId), until });
        return new Set(claims.filter((c) => held.get(c.targetId) === c.token).map((c) => c.targetId));
      },
    };
    return { keeper: new LeaseKeeper(store, clock, 90_000), clock, renewals };
  }

  it('renews every third of the lease, for the claims it keeps, from the clock it is given', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask', 'Date'] });
    try {
      const { keeper: k, clock, renewals } = keeper(new Map([['t1', 'w#1']]));
      k.keep({ targetId: 't1', token: 'w#1' });
      clock.set(new Date(start.getTime() + 30_000));
      await jest.advanceTimersByTimeAsync(30_000);
      expect(renewals).toEqual([{ ids: ['t1'], until: new Date(start.getTime() + 120_000) }]);
      k.release('t1');
      await jest.advanceTimersByTimeAsync(90_000);
      expect(renewals).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('confirms a fresh claim without asking, and a stale one by renewing it', async () => {
    const { keeper: k, clock, renewals } = keeper(new Map([['t1', 'w#1']]));
    k.keep({ targetId: 't1', token: 'w#1' });
    expect(await k.confirm('t1')).toBe(true);
    expect(renewals).toHaveLength(0);
    clock.set(new Date(start.getTime() + 31_000));
    expect(await k.confirm('t1')).toBe(true);
    expect(renewals).toHaveLength(1);
    k.release('t1');
  });

  it('says a claim another worker took over is gone, and never renews it again', async () => {
    const held = new Map([['t1', 'other#7']]);
    const { keeper: k, clock, renewals } = keeper(held);
    k.keep({ targetId: 't1', token: 'w#1' });
    clock.set(new Date(start.getTime() + 31_000));
    expect(await k.confirm('t1')).toBe(false);
    expect(await k.confirm('t1')).toBe(false);
    expect(renewals).toHaveLength(1);
    expect(await k.confirm('unknown')).toBe(false);
    k.release('t1');
  });

  it('does not confirm when the database cannot say', async () => {
    const clock = new FixedClock(start);
    const k = new LeaseKeeper({ renewLeases: () => Promise.reject(new Error('connection lost')) }, clock, 90_000);
    k.keep({ targetId: 't1', token: 'w#1' });
    clock.set(new Date(start.getTime() + 31_000));
    expect(await k.confirm('t1')).toBe(false);
    k.release('t1');
  });
});
