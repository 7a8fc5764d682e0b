// Publishing and its timing, shared by the API (schedule/cancel jobs, publish now) and the worker
// (processors, or embedded mode's due scan). The timing is Bull in queue mode and the database in embedded mode.
// Global: it binds the lower libs' ports (schedule sync, content checker, waiting posts) for everyone.
import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import type { Queue } from 'bull';
import type Redis from 'ioredis';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { AlertsModule, AlertsService } from '@app/alerts';
import { AccountsModule, AccountsService, WAITING_POSTS } from '@app/accounts';
import {
  CONTENT_CHECKER,
  ContentChecker,
  MakeDueNow,
  MediaStore,
  PHI_CONTENT_CHECKER,
  publicMediaLinksFrom,
  READ_BACK_WINDOW_MS,
  RetryTargets,
  SCHEDULE_SYNC,
  TargetSchedule,
  TargetStore,
  WaitingTargets,
} from '@app/posts';
import { AuditLog, AuditModule } from '@app/audit';
import { APP_CONFIG, Clock, REDIS, ResolvedConfig, RunMode } from '@app/core';
import { NetworkClients, PublishingModule } from '@app/publishing';
import { ACCOUNT_GATEWAY, AccountGateway } from './publish/account-gateway';
import { PublishNow } from './publish/publish-now';
import { TargetPublisher } from './publish/target-publisher';
import { createPublishQueue, PublishQueue } from './queue/publish-queue';
import { PublishTargetJob } from './queue/jobs';
import { DatabaseTiming } from './timing/database-timing';
import { PUBLISH_TIMING, PublishTiming } from './timing/publish-timing';

export const PUBLISH_BULL_QUEUE = Symbol('PUBLISH_BULL_QUEUE');
export const WORKER_ID = Symbol('WORKER_ID');

/** Queue mode: Bull on Redis carries the timing (jobs added by the API, run by any worker). */
const QUEUE_TIMING: Provider[] = [
  {
    provide: PUBLISH_BULL_QUEUE,
    useFactory: (c: ResolvedConfig) =>
      createPublishQueue({
        redisUrl: c.REDIS_URL!,
        prefix: c.QUEUE_PREFIX,
        accountRate:
          c.ACCOUNT_PUBLISHES_PER_MINUTE > 0 ? { max: c.ACCOUNT_PUBLISHES_PER_MINUTE, durationMs: 60_000 } : undefined,
      }),
    inject: [APP_CONFIG],
  },
  {
    provide: PublishQueue,
    useFactory: (q: Queue<PublishTargetJob>, r: Redis, t: TargetSchedule, clock: Clock, c: ResolvedConfig) =>
      new PublishQueue(q, r, t, clock, c.QUEUE_PREFIX, c.PUBLISH_PREPARE_SECONDS * 1000),
    inject: [PUBLISH_BULL_QUEUE, REDIS, TargetSchedule, Clock, APP_CONFIG],
  },
  { provide: PUBLISH_TIMING, useExisting: PublishQueue },
];

/** Embedded mode: the database is the timing (the worker runtime's due scan reads it every second). */
const EMBEDDED_TIMING: Provider[] = [
  {
    provide: PUBLISH_TIMING,
    useFactory: (t: TargetSchedule, c: ResolvedConfig) => new DatabaseTiming(t, c.PUBLISH_PREPARE_SECONDS * 1000),
    inject: [TargetSchedule, APP_CONFIG],
  },
];

const SHARED: Provider[] = [
  { provide: WORKER_ID, useValue: `${hostname()}:${process.pid}` },
  { provide: CONTENT_CHECKER, useValue: PHI_CONTENT_CHECKER },
  // The posts lib's side of publishing: the scheduler reads and writes the post tables only through these.
  {
    provide: TargetStore,
    useFactory: (d: DataSource, a: AuditLog, k: ContentChecker) => new TargetStore(d, a, k),
    inject: [DataSource, AuditLog, CONTENT_CHECKER],
  },
  { provide: TargetSchedule, useFactory: (d: DataSource) => new TargetSchedule(d), inject: [DataSource] },
  { provide: WAITING_POSTS, useFactory: (d: DataSource) => new WaitingTargets(d), inject: [DataSource] },
  {
    provide: MakeDueNow,
    useFactory: (d: DataSource, a: AuditLog, clock: Clock) => new MakeDueNow(d, a, clock),
    inject: [DataSource, AuditLog, Clock],
  },
  {
    provide: RetryTargets,
    useFactory: (d: DataSource, a: AuditLog, clock: Clock, c: ResolvedConfig) =>
      new RetryTargets(d, a, clock, (network) => (network === 'linkedin' ? c.LINKEDIN_VERSION : undefined)),
    inject: [DataSource, AuditLog, Clock, APP_CONFIG],
  },
  { provide: SCHEDULE_SYNC, useExisting: PUBLISH_TIMING },
  { provide: ACCOUNT_GATEWAY, useExisting: AccountsService },
  {
    provide: TargetPublisher,
    useFactory: (
      s: TargetStore,
      n: NetworkClients,
      g: AccountGateway,
      al: AlertsService,
      clock: Clock,
      c: ResolvedConfig,
    ) =>
      new TargetPublisher(s, n, g, al, clock, {
        networkTimeoutMs: c.NETWORK_TIMEOUT_MS,
        readBackWindowMs: READ_BACK_WINDOW_MS,
        maxLatenessMs: c.MAX_LATENESS_MINUTES * 60_000,
        media: new MediaStore(c.DATA_DIR),
        leaseMs: c.PUBLISH_LEASE_SECONDS * 1000,
        mediaLinks: publicMediaLinksFrom(c),
      }),
    inject: [TargetStore, NetworkClients, ACCOUNT_GATEWAY, AlertsService, Clock, APP_CONFIG],
  },
  {
    provide: PublishNow,
    useFactory: (m: MakeDueNow, r: RetryTargets, p: TargetPublisher, t: PublishTiming, id: string) =>
      new PublishNow(m, r, p, t, `api:${id}`),
    inject: [MakeDueNow, RetryTargets, TargetPublisher, PUBLISH_TIMING, WORKER_ID],
  },
];

const SHARED_EXPORTS = [
  PUBLISH_TIMING,
  SCHEDULE_SYNC,
  CONTENT_CHECKER,
  WAITING_POSTS,
  ACCOUNT_GATEWAY,
  TargetStore,
  TargetSchedule,
  TargetPublisher,
  PublishNow,
  WORKER_ID,
];

/** Import once per Nest context, with the process's run mode (ResolvedConfig.runMode). */
@Global()
@Module({})
export class SchedulerModule {
  static forRoot(mode: RunMode): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [AuditModule, AlertsModule, PublishingModule, AccountsModule],
      providers: [...SHARED, ...(mode === 'queue' ? QUEUE_TIMING : EMBEDDED_TIMING)],
      exports: [...SHARED_EXPORTS, ...(mode === 'queue' ? [PUBLISH_BULL_QUEUE, PublishQueue] : [])],
    };
  }
}
