import { Batcher } from './batcher';

describe('Batcher', () => {
  it('runs a lone item at once, and groups what arrives while a run is in flight', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = new Batcher<number, number>(
      async (items) => {
        runs.push(items);
        if (runs.length === 1) await gate;
        return items.map((n) => n * 10);
      },
      { maxBatch: 3, concurrency: 1 },
    );

    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [2, 3, 4, 5].map((n) => batcher.submit(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual([[1]]);
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40, 50]);
    expect(runs).toEqual([[1], [2, 3, 4], [5]]);
  });

  it('rejects every item of a run that throws, and keeps serving later items', async () => {
    let fail = true;
    const batcher = new Batcher<string, string>(
      async (items) => {
        if (fail) throw new Error('database down');
        return items.map((s) => s.toUpperCase());
      },
      { maxBatch: 10, concurrency: 2 },
    );
    const failed = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.submit('c')).toBe('C');
  });
});
