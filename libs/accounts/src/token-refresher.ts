// The worker's timer for token upkeep: refreshDue every few minutes, verifyAll about once a day across all workers.
// The worker module calls start() (and stop(), also run at shutdown); the API process never starts it.
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, REDIS, ResolvedConfig } from '@app/core';
import { TokenRenewal } from './usecases/token-renewal';

export interface TokenRefresherOptions {
  /** How often to look for tokens to refresh (default 5 minutes: X tokens get 15 minutes of margin). */
  refreshEveryMs?: number;
  /** How often the health check runs across all workers (default 24 hours). */
  verifyEveryMs?: number;
}

const DEFAULT_REFRESH_MS = 5 * 60_000;
const DEFAULT_VERIFY_MS = 24 * 3600_000;
/** Workers look this often whether the daily check is due; a Redis key makes only one of them run it. */
const VERIFY_POLL_MS = 10 * 60_000;

@Injectable()
export class TokenRefresher implements OnApplicationShutdown {
  private readonly logger = new Logger(TokenRefresher.name);
  private timers: NodeJS.Timeout[] = [];
  private refreshing = false;
  private verifying = false;
  private readonly id = randomUUID();

  constructor(
    private readonly renewal: TokenRenewal,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  start(options: TokenRefresherOptions = {}): void {
    if (this.timers.length) return;
    const refreshEvery = options.refreshEveryMs ?? DEFAULT_REFRESH_MS;
    const verifyEvery = options.verifyEveryMs ?? DEFAULT_VERIFY_MS;
    const every = (ms: number, run: () => Promise<void>) => {
      const timer = setInterval(() => void run(), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(refreshEvery, () => this.refreshPass());
    every(Math.min(VERIFY_POLL_MS, verifyEvery), () => this.verifyPass(verifyEvery));
    void this.refreshPass();
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  private async refreshPass(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await this.renewal.refreshDue();
    } catch (error) {
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Token refresh pass failed');
    } finally {
      this.refreshing = false;
    }
  }

  private async verifyPass(everyMs: number): Promise<void> {
    if (this.verifying) return;
    this.verifying = true;
    try {
      // One worker per period: the key lives until the next check is due.
      const claimed = await this.redis.set(`${this.config.QUEUE_PREFIX}:accounts:verify-all`, this.id, 'PX', Math.max(60_000, everyMs - 60_000), 'NX');
      if (claimed === 'OK') await this.renewal.verifyAll();
    } catch (error) {
      this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'Account health check failed');
    } finally {
      this.verifying = false;
    }
  }
}
