import { DynamicModule, Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from './config/tokens';
import { ResolvedConfig } from './config/load-config';
import { REDIS } from './redis/redis';
import { KeyValueStore } from './state/key-value-store';
import { Clock, SystemClock } from './time/clock';

export interface CoreResources {
  config: ResolvedConfig;
  dataSource: DataSource;
  /** Queue mode only (REDIS_URL set); embedded mode runs without Redis. */
  redis?: Redis;
  /** Short-lived shared state: on `redis` in queue mode, in this process's memory in embedded mode. */
  store: KeyValueStore;
  clock?: Clock;
}

/**
 * Provides what every capability needs: configuration, the open database, the key-value store and the clock, and
 * REDIS in queue mode (null in embedded mode: only the queue-mode providers inject it).
 */
@Global()
@Module({})
export class CoreModule {
  static forRoot(resources: CoreResources): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: resources.config },
        { provide: DataSource, useValue: resources.dataSource },
        { provide: REDIS, useValue: resources.redis ?? null },
        { provide: KeyValueStore, useValue: resources.store },
        { provide: Clock, useValue: resources.clock ?? new SystemClock() },
      ],
      exports: [APP_CONFIG, DataSource, REDIS, KeyValueStore, Clock],
    };
  }
}
