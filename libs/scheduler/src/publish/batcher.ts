// Group commit: what is submitted while a run is in flight goes together into the next run. Under light load
// an item runs alone and at once; under load one statement serves many targets instead of one each. With
// `spacingMs`, runs under sustained load also start at least that far apart unless a batch is full: with few
// attempts in flight (answers trickling in one by one), each run otherwise served one or two targets, and a
// transaction per target was most of the database's work.

interface Pending<I, O> {
  item: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

export interface BatcherOptions {
  /** Most items in one run. */
  maxBatch: number;
  /** Runs in flight at once. */
  concurrency: number;
  /**
   * A run starts no sooner than this after the previous one started, unless maxBatch items wait: a lone item after
   * a quiet spell still runs at once. Default 0.
   */
  spacingMs?: number;
}

export class Batcher<I, O> {
  private readonly pending: Array<Pending<I, O>> = [];
  private running = 0;
  private scheduled = false;
  private lastStart = -Infinity;
  private spacingTimer?: NodeJS.Timeout;

  /** `run` returns one output per item, in the items' order; if it throws, every item of that run rejects. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: BatcherOptions,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      // Items submitted in the same tick (jobs that arrived together) start together.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.pending.length) {
      const wait = this.lastStart + (this.options.spacingMs ?? 0) - Date.now();
      if (wait > 0 && this.pending.length < this.options.maxBatch) {
        this.spacingTimer ??= setTimeout(() => {
          this.spacingTimer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.lastStart = Date.now();
      const batch = this.pending.splice(0, this.options.maxBatch);
      this.running++;
      void this.execute(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async execute(batch: Array<Pending<I, O>>): Promise<void> {
    try {
      const outputs = await this.run(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(outputs[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}
