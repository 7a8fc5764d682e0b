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

  it('with spacing, gathers what arrives under sustained load, yet runs a lone item or a full batch at once', async () => {
    const runs: number[][] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        runs.push(items);
        return items;
      },
      { maxBatch: 4, concurrency: 1, spacingMs: 200 },
    );
    // The turn of the event loop in which a submitted item's run starts, if it starts at once.
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const first = batcher.submit(1);
    await nextTurn();
    expect(runs).toEqual([[1]]);
    await first;
    // Soon after a run: these wait for the spacing and go together.
    const spaced = [2, 3].map((n) => batcher.submit(n));
    await nextTurn();
    expect(runs).toEqual([[1]]);
    await Promise.all(spaced);
    expect(runs).toEqual([[1], [2, 3]]);
    // A full batch does not wait.
    const full = [4, 5, 6, 7].map((n) => batcher.submit(n));
    await nextTurn();
    expect(runs).toEqual([[1], [2, 3], [4, 5, 6, 7]]);
    await Promise.all(full);
    // After a quiet spell longer than the spacing, a lone item runs at once.
    await new Promise((resolve) => setTimeout(resolve, 250));
    const lone = batcher.submit(8);
    await nextTurn();
    expect(runs[3]).toEqual([8]);
    await lone;
  });
});
