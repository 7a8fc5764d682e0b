import { DynamicModule, Global, Module } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from './config/tokens';
import { ResolvedConfig } from './config/load-config';
import { Mailer } from './mail/mailer';
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
  /**
   * Outgoing e-mail: the process's one SMTP transport (SMTP_URL, MAIL_FROM), shared by alert e-mails and reset
   * links, and in embedded mode by the API's and the publisher's contexts in the same process.
   */
  mailer: Mailer;
}

/**
 * Provides what every capability needs: configuration, the open database, the key-value store, the clock and the
 * mailer (one SMTP transport shared by alert e-mails and password-reset links), and REDIS in queue mode (null in
 * embedded mode: only the queue-mode providers inject it).
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
        { provide: Mailer, useValue: resources.mailer },
      ],
      exports: [APP_CONFIG, DataSource, REDIS, KeyValueStore, Clock, Mailer],
    };
  }
}
