import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
  it('runs a full collection that frees what nothing references any more', async () => {
    let garbage: object | undefined = { big: new Array(100_000).fill('x') };
    const gone = new WeakRef(garbage);
    garbage = undefined;
    // A WeakRef's target is kept until the current job ends: collect in a later turn.
    await new Promise((resolve) => setImmediate(resolve));
    expect(collectGarbage()).toBe(true);
    expect(gone.deref()).toBeUndefined();
  });
});
