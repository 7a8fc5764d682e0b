// Waits until an instant by the worker's clock, with one timer per instant however many wait for it: a burst
// of thousands of requests due at 9:00 shares one timer. At the instant the waiters go in slices, one slice per
// turn of the event loop, so the requests of the first slice are on the wire while the next ones are made (all
// released at once, none would leave this process before the last one had been made).
import type { Clock } from '@app/core';

/** Waiters released per turn of the event loop. */
export const RELEASE_SLICE = 64;

export class Instants {
  private readonly waiting = new Map<number, Array<() => void>>();

  constructor(private readonly clock: Clock) {}

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
    return new Promise<void>((resolve) => queue.push(resolve));
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
    const release = (from: number): void => {
      for (const resolve of waiters.slice(from, from + RELEASE_SLICE)) resolve();
      if (from + RELEASE_SLICE < waiters.length) setImmediate(() => release(from + RELEASE_SLICE));
    };
    release(0);
  }
}
