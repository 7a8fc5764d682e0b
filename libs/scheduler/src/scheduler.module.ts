// Publishing and its timing, shared by the API (schedule/cancel jobs, publish now) and the worker
// (processors). Global: it binds the workflow's ports (schedule sync, content checker) for everyone.
import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { AlertsModule, AlertsService } from '@app/alerts';
import { AccountsModule, AccountsService } from '@app/accounts';
import { CONTENT_CHECKER, ContentChecker, PHI_CONTENT_CHECKER, SCHEDULE_SYNC } from '@app/posts';

import { AuditLog, AuditModule } from '@app/audit';
import { MediaStore } from '@app/calendar';
import { APP_CONFIG, Clock, REDIS, ResolvedConfig } from '@app/core';
import { NetworkClients, PublishingModule } from '@app/publishing';
import { ACCOUNT_GATEWAY, AccountGateway } from './publish/account-gateway';
import { PublishNow } from './publish/publish-now';
import { TargetPublisher } from './publish/target-publisher';
import { createPublishQueue, PublishQueue } from './queue/publish-queue';
import { PublishTargetJob } from './queue/jobs';

export const PUBLISH_BULL_QUEUE = Symbol('PUBLISH_BULL_QUEUE');
export const WORKER_ID = Symbol('WORKER_ID');

@Global()
@Module({
  imports: [AuditModule, AlertsModule, PublishingModule, AccountsModule],
  providers: [
    { provide: WORKER_ID, useValue: `${hostname()}:${process.pid}` },
    { provide: CONTENT_CHECKER, useValue: PHI_CONTENT_CHECKER },
    {
      provide: PUBLISH_BULL_QUEUE,
      useFactory: (c: ResolvedConfig) => createPublishQueue({ redisUrl: c.REDIS_URL, prefix: c.QUEUE_PREFIX, accountRate: c.ACCOUNT_PUBLISHES_PER_MINUTE > 0 ? { max: c.ACCOUNT_PUBLISHES_PER_MINUTE, durationMs: 60_000 } : undefined }),
      inject: [APP_CONFIG],
    },
    {
      provide: PublishQueue,
      useFactory: (q: Queue<PublishTargetJob>, r: Redis, d: DataSource, clock: Clock, c: ResolvedConfig) => new PublishQueue(q, r, d, clock, c.QUEUE_PREFIX, c.PUBLISH_PREPARE_SECONDS * 1000),
      inject: [PUBLISH_BULL_QUEUE, REDIS, DataSource, Clock, APP_CONFIG],
    },
    { provide: SCHEDULE_SYNC, useExisting: PublishQueue },
    { provide: ACCOUNT_GATEWAY, useExisting: AccountsService },
    {
      provide: TargetPublisher,
      useFactory: (d: DataSource, n: NetworkClients, g: AccountGateway, k: ContentChecker, a: AuditLog, al: AlertsService, clock: Clock, c: ResolvedConfig) =>
        new TargetPublisher(d, n, g, k, a, al, clock, { networkTimeoutMs: c.NETWORK_TIMEOUT_MS, readBackWindowMs: 6 * 3600_000, maxLatenessMs: c.MAX_LATENESS_MINUTES * 60_000, media: new MediaStore(c.DATA_DIR) }),
      inject: [DataSource, NetworkClients, ACCOUNT_GATEWAY, CONTENT_CHECKER, AuditLog, AlertsService, Clock, APP_CONFIG],
    },
    {
      provide: PublishNow,
      useFactory: (d: DataSource, p: TargetPublisher, a: AuditLog, clock: Clock, id: string) => new PublishNow(d, p, a, clock, `api:${id}`),
      inject: [DataSource, TargetPublisher, AuditLog, Clock, WORKER_ID],
    },
  ],
  exports: [PUBLISH_BULL_QUEUE, PublishQueue, SCHEDULE_SYNC, CONTENT_CHECKER, ACCOUNT_GATEWAY, TargetPublisher, PublishNow, WORKER_ID],
})
export class SchedulerModule implements OnApplicationShutdown {
  constructor(@Inject(PUBLISH_BULL_QUEUE) private readonly queue: Queue) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close().catch(() => undefined);
  }
}
