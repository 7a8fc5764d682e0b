import { DatabaseClock } from './database-clock';

describe('the database clock', () => {
  it("reads the database's time through a process clock that runs two minutes fast", async () => {
    let local = 1_000_000;
    const skew = 120_000;
    // The database answers 40 ms after it is asked; its clock is the true one.
    const clock = new DatabaseClock(
      async () => {
        local += 20;
        const at = new Date(local - skew);
        local += 20;
        return at;
      },
      () => local,
    );
    await clock.measure(1);
    // Within half the round trip (20 ms) of the truth, on the side of less correction.
    expect(clock.offset).toBe(-skew + 20);
    expect(clock.now().getTime()).toBe(local - skew + 20);
    clock.stop();
  });

  it('keeps the sample with the shortest round trip, and the last offset when the database is slow', async () => {
    let local = 0;
    const delays = [400, 10, 3000];
    const clock = new DatabaseClock(
      async () => {
        const half = delays.shift()! / 2;
        local += half;
        const at = new Date(local + 5_000);
        local += half;
        return at;
      },
      () => local,
    );
    await clock.measure(2);
    expect(clock.offset).toBe(5_000 - 5);
    // A round trip of 3 s says too little: the offset stays.
    local += 1;
    await clock.measure(1);
    expect(clock.offset).toBe(5_000 - 5);
    clock.stop();
  });

  it('reads a database on the same clock as no offset, however lopsided a loaded round trip is', async () => {
    let local = 0;
    // Asked at 0, read its clock at 10 (the same clock), answered at 310.
    const clock = new DatabaseClock(
      async () => {
        local += 10;
        const at = new Date(local);
        local += 300;
        return at;
      },
      () => local,
    );
    await clock.measure(1);
    expect(clock.offset).toBe(0);
    clock.stop();
  });
});
