// Each queue-mode worker reports in every few seconds, so /api/health can say when nothing is publishing (in
// embedded mode the due scan's presence key says the same for the one process).
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { APP_CONFIG, Clock, KeyValueStore, Periodic, REDIS, ResolvedConfig } from '@app/core';
import { presenceKey } from './timing/presence';

const BEAT_MS = 10_000;
const LIVE_WINDOW_MS = 60_000;

@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly workerId = `${hostname()}:${process.pid}`;
  // beat() reports its own failures, so the loop has none to report.
  private readonly loop = new Periodic(() => this.beat(), { everyMs: BEAT_MS, onError: () => undefined });
  private readonly logger = new Logger(WorkerHeartbeat.name);

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    private readonly clock: Clock,
  ) {}

  static key(prefix: string): string {
    return `${prefix}:workers`;
  }

  /** `now` on the clock the heartbeats are written with (the database's): a reader's own clock may be minutes off. */
  static async liveWorkers(redis: Redis, prefix: string, now: Date): Promise<number> {
    return redis.zcount(WorkerHeartbeat.key(prefix), now.getTime() - LIVE_WINDOW_MS, '+inf');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.loop.stop();
    await this.redis.zrem(WorkerHeartbeat.key(this.config.QUEUE_PREFIX), this.workerId).catch(() => undefined);
  }

  private async beat(): Promise<void> {
    const key = WorkerHeartbeat.key(this.config.QUEUE_PREFIX);
    const now = this.clock.now().getTime();
    try {
      await this.redis
        .multi()
        .zadd(key, now, this.workerId)
        .zremrangebyscore(key, '-inf', now - 10 * LIVE_WINDOW_MS)
        .exec();
    } catch (error) {
      this.logger.warn({ err: error }, 'Worker heartbeat could not reach Redis');
    }
  }
}

/**
 * Publishers live in the last minute before `now` (the Clock's): the workers that checked in (queue mode), or this
 * process's due scan (its presence key lapses by the store's clock).
 */
export async function livePublishers(
  config: Pick<ResolvedConfig, 'runMode' | 'QUEUE_PREFIX'>,
  store: KeyValueStore,
  redis: Redis | null,
  now: Date,
): Promise<number> {
  if (config.runMode === 'embedded') return (await store.get(presenceKey(config.QUEUE_PREFIX))) ? 1 : 0;
  return redis ? WorkerHeartbeat.liveWorkers(redis, config.QUEUE_PREFIX, now) : 0;
}
