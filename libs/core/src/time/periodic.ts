// A background pass every few seconds (alert delivery, heartbeats, the reconciler, cadence checks, token upkeep):
// one pass at a time, so a slow pass is never overlapped by the next; a failed pass is reported and the next one
// tried; and the timers never keep the process alive on their own.
export interface PeriodicOptions {
  everyMs: number;
  /** A first pass this long after start() (none before the first interval when left out). */
  firstAfterMs?: number;
  /** What to do with a pass that threw (log it); the loop goes on either way. */
  onError: (error: unknown) => void;
}

export class Periodic {
  private interval?: NodeJS.Timeout;
  private first?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly pass: () => Promise<unknown>,
    private readonly options: PeriodicOptions,
  ) {}

  get started(): boolean {
    return this.interval !== undefined;
  }

  start(): void {
    if (this.interval) return;
    this.interval = setInterval(() => void this.runOnce(), this.options.everyMs);
    this.interval.unref();
    if (this.options.firstAfterMs !== undefined) {
      this.first = setTimeout(() => void this.runOnce(), this.options.firstAfterMs);
      this.first.unref();
    }
  }

  stop(): void {
    clearInterval(this.interval);
    clearTimeout(this.first);
    this.interval = undefined;
    this.first = undefined;
  }

  /** One pass now, unless one is still running; never throws. */
  async runOnce(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.pass();
    } catch (error) {
      this.options.onError(error);
    } finally {
      this.running = false;
    }
  }
}
