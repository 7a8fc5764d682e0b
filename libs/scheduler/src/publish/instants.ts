// Waits until an instant by the worker's clock, with one timer per instant however many wait for it: a burst
// of thousands of requests due at 9:00 shares one timer. At the instant the waiters go in slices, one slice per
// turn of the event loop, so the requests of the first slice are on the wire while the next ones are made (all
// released at once, none would leave this process before the last one had been made). What can wait (recording the
// answers of the first requests) waits for quiet(): until every slice has gone.
import type { Clock } from '@app/core';

/** Waiters released per turn of the event loop. */
export const RELEASE_SLICE = 64;

/** What to do shortly before a burst: this many waiters or more, `aheadMs` before their instant. */
export interface BeforeBurst {
  waiters: number;
  aheadMs: number;
  run: () => void;
}

export class Instants {
  private readonly waiting = new Map<number, Array<() => void>>();
  /** Instants whose waiters are being released. */
  private releasing = 0;
  private quietWaiters: Array<() => void> = [];

  constructor(
    private readonly clock: Clock,
    private readonly beforeBurst?: BeforeBurst,
  ) {}

  /** Resolves at `at` (epoch ms), or at once if it has passed. */
  until(at: number): Promise<void> {
    const wait = at - this.clock.now().getTime();
    if (wait <= 0) return Promise.resolve();
    let waiters = this.waiting.get(at);
    if (!waiters) {
      this.waiting.set(at, (waiters = []));
      setTimeout(() => this.open(at), wait);
    }
    const queue = waiters;
    const waited = new Promise<void>((resolve) => queue.push(resolve));
    if (this.beforeBurst && queue.length === this.beforeBurst.waiters) this.prepareBurst(at, this.beforeBurst);
    return waited;
  }

  /** Once an instant has a burst's worth of waiters: the hook, a little before it (skipped if that has passed). */
  private prepareBurst(at: number, { aheadMs, run }: BeforeBurst): void {
    const wait = at - aheadMs - this.clock.now().getTime();
    if (wait > 0) setTimeout(run, wait);
  }

  /**
   * Resolves once no instant's waiters are being released (at once when none is): a burst's requests are all made
   * before the work that can wait, such as recording the answers to its first requests, takes the CPU from them.
   */
  quiet(): Promise<void> {
    if (this.releasing === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.quietWaiters.push(resolve));
  }

  private open(at: number): void {
    // The clock may be a little behind the timer: wait the rest rather than go out early.
    const rest = at - this.clock.now().getTime();
    if (rest > 0) {
      setTimeout(() => this.open(at), rest);
      return;
    }
    const waiters = this.waiting.get(at) ?? [];
    this.waiting.delete(at);
    this.releasing++;
    const release = (from: number): void => {
      for (const resolve of waiters.slice(from, from + RELEASE_SLICE)) resolve();
      // The last slice's requests are made in this turn's microtasks; what waits for quiet() comes after them.
      setImmediate(() => (from + RELEASE_SLICE < waiters.length ? release(from + RELEASE_SLICE) : this.released()));
    };
    release(0);
  }

  private released(): void {
    if (--this.releasing > 0) return;
    const waiters = this.quietWaiters;
    this.quietWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
