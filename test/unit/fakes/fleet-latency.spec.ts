import { logNormalLatency } from '../../support/fake-fleet';

const LATENCY = { medianMs: 300, p99Ms: 1500 };

function sample(next: () => number, n: number): number[] {
  return Array.from({ length: n }, next);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

describe('the fleet fakes’ answer times', () => {
  it('repeat exactly for one seed, and differ between seeds', () => {
    const a = sample(logNormalLatency({ ...LATENCY, seed: 1 }), 3000);
    expect(sample(logNormalLatency({ ...LATENCY, seed: 1 }), 3000)).toEqual(a);
    expect(sample(logNormalLatency({ ...LATENCY, seed: 2 }), 3000)).not.toEqual(a);
  });

  it('keep the log-normal shape when seeded: median 300 ms and p99 about 1.5 s', () => {
    const times = sample(logNormalLatency({ ...LATENCY, seed: 7 }), 50_000);
    expect(quantile(times, 0.5)).toBeGreaterThan(285);
    expect(quantile(times, 0.5)).toBeLessThan(315);
    expect(quantile(times, 0.99)).toBeGreaterThan(1350);
    expect(quantile(times, 0.99)).toBeLessThan(1650);
  });
});
