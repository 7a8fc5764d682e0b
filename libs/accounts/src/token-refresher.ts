// The worker's timer for token upkeep: refreshDue every few minutes, verifyAll about once a day across all workers.
// The worker module calls start() (and stop(), also run at shutdown); the API process never starts it.
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, KeyValueStore, Periodic, ResolvedConfig } from '@app/core';
import { TokenRenewal } from './usecases/token-renewal';

export interface TokenRefresherOptions {
  /** How often to look for tokens to refresh (default 5 minutes: X tokens get 15 minutes of margin). */
  refreshEveryMs?: number;
  /** How often the health check runs across all workers (default 24 hours). */
  verifyEveryMs?: number;
}

const DEFAULT_REFRESH_MS = 5 * 60_000;
const DEFAULT_VERIFY_MS = 24 * 3600_000;
/** Workers look this often whether the daily check is due; a key in the shared store makes only one of them run it. */
const VERIFY_POLL_MS = 10 * 60_000;

@Injectable()
export class TokenRefresher implements OnApplicationShutdown {
  private readonly logger = new Logger(TokenRefresher.name);
  private loops: Periodic[] = [];
  private readonly id = randomUUID();

  constructor(
    private readonly renewal: TokenRenewal,
    private readonly store: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  start(options: TokenRefresherOptions = {}): void {
    if (this.loops.length) return;
    const refreshEvery = options.refreshEveryMs ?? DEFAULT_REFRESH_MS;
    const verifyEvery = options.verifyEveryMs ?? DEFAULT_VERIFY_MS;
    const report = (what: string) => (error: unknown) =>
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, what);
    const refresh = new Periodic(() => this.renewal.refreshDue(), {
      everyMs: refreshEvery,
      onError: report('Token refresh pass failed'),
    });
    this.loops = [
      refresh,
      new Periodic(() => this.verifyPass(verifyEvery), {
        everyMs: Math.min(VERIFY_POLL_MS, verifyEvery),
        onError: report('Account health check failed'),
      }),
    ];
    for (const loop of this.loops) loop.start();
    void refresh.runOnce();
  }

  stop(): void {
    for (const loop of this.loops) loop.stop();
    this.loops = [];
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private async verifyPass(everyMs: number): Promise<void> {
    // One worker per period: the key lives until the next check is due.
    const claimed = await this.store.setIfAbsent(
      `${this.config.QUEUE_PREFIX}:accounts:verify-all`,
      this.id,
      Math.max(60_000, everyMs - 60_000),
    );
    if (claimed) await this.renewal.verifyAll();
  }
}
