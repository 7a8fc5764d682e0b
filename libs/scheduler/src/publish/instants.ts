// Waits until an instant by the worker's clock, with one timer per instant however many wait for it: a burst
// of thousands of requests due at 9:00 shares one timer.
import type { Clock } from '@app/core';

export class Instants {
  private readonly waiting = new Map<number, Promise<void>>();

  constructor(private readonly clock: Clock) {}

  /** Resolves at `at` (epoch ms), or at once if it has passed. */
  until(at: number): Promise<void> {
    const wait = at - this.clock.now().getTime();
    if (wait <= 0) return Promise.resolve();
    let gate = this.waiting.get(at);
    if (!gate) {
      gate = new Promise<void>((resolve) =>
        setTimeout(() => {
          this.waiting.delete(at);
          // The clock may be a little behind the timer: wait the rest rather than go out early.
          void this.until(at).then(resolve);
        }, wait),
      );
      this.waiting.set(at, gate);
    }
    return gate;
  }
}
