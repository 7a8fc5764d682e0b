import { DynamicModule, Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from './config/tokens';
import { ResolvedConfig } from './config/load-config';
import { REDIS } from './redis/redis';
import { Clock, SystemClock } from './time/clock';

export interface CoreResources {
  config: ResolvedConfig;
  dataSource: DataSource;
  redis: Redis;
  clock?: Clock;
}

/** Provides what every capability needs: configuration, the open database, Redis and the clock. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(resources: CoreResources): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: resources.config },
        { provide: DataSource, useValue: resources.dataSource },
        { provide: REDIS, useValue: resources.redis },
        { provide: Clock, useValue: resources.clock ?? new SystemClock() },
      ],
      exports: [APP_CONFIG, DataSource, REDIS, Clock],
    };
  }
}
