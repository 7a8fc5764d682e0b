// The database's clock, read through this process's own: due times and leases are compared across processes,
// so every process must read one clock. A worker whose clock runs two minutes fast would otherwise publish two
// minutes early, and one two minutes slow would write leases that end before they start for the others. The
// offset to the database's clock_timestamp() is measured at start (the best of a few round trips) and again
// every minute; between measures now() costs nothing. SQLite runs in the process itself: its clock is this one.
import { Clock } from './clock';
import { Periodic } from './periodic';

/** A sample whose round trip took longer than this says too little about the offset; the last one stays. */
const MAX_ROUND_TRIP_MS = 2000;

export class DatabaseClock extends Clock {
  private offsetMs = 0;
  private readonly refresh: Periodic;

  constructor(
    private readonly readDatabaseTime: () => Promise<Date>,
    private readonly local: () => number = Date.now,
    refreshMs = 60_000,
  ) {
    super();
    this.refresh = new Periodic(() => this.measure(1), { everyMs: refreshMs, onError: () => undefined });
  }

  /** Measured, then kept measured until stop(). */
  static async start(readDatabaseTime: () => Promise<Date>, refreshMs?: number): Promise<DatabaseClock> {
    const clock = new DatabaseClock(readDatabaseTime, Date.now, refreshMs);
    await clock.measure(3);
    clock.refresh.start();
    return clock;
  }

  /** How far the database's clock is ahead of this process's (negative: behind). */
  get offset(): number {
    return this.offsetMs;
  }

  now(): Date {
    return new Date(this.local() + this.offsetMs);
  }

  /**
   * Takes the sample with the shortest round trip. The database read its clock somewhere within that trip, so
   * the true offset lies within half a round trip of the midpoint's; the smallest offset in that range is
   * taken. A database on the same clock (the usual case) then gives 0, not the noise of a loaded machine,
   * and a clock minutes off is corrected to within half a round trip.
   */
  async measure(samples: number): Promise<void> {
    let best: { roundTrip: number; offset: number } | undefined;
    for (let i = 0; i < samples; i++) {
      const sent = this.local();
      const at = await this.readDatabaseTime();
      const received = this.local();
      const roundTrip = received - sent;
      if (!best || roundTrip < best.roundTrip)
        best = { roundTrip, offset: at.getTime() - Math.round((sent + received) / 2) };
    }
    if (!best || best.roundTrip > MAX_ROUND_TRIP_MS) return;
    const slack = Math.ceil(best.roundTrip / 2);
    this.offsetMs = best.offset > 0 ? Math.max(0, best.offset - slack) : Math.min(0, best.offset + slack);
  }

  stop(): void {
    this.refresh.stop();
  }
}

/** PostgreSQL's wall clock now (not the transaction's start, which now() would give). */
export const POSTGRES_CLOCK_QUERY = 'SELECT clock_timestamp() AS now';
