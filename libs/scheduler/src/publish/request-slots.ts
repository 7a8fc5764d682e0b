// Requests in flight at once: attempts claimed and checked ahead take a slot just before their request, so the
// next request goes out the moment one is answered instead of after a claim's round trip.

export class RequestSlots {
  private used = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  /** Resolves with a slot (first come, first served); give it back with release(). */
  acquire(): Promise<void> {
    if (this.used < this.size) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter: `used` stays the same.
    if (next) next();
    else this.used--;
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }
}
