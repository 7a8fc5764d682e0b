import {
  BeforeApplicationShutdown,
  DynamicModule,
  Inject,
  Module,
  OnApplicationBootstrap,
  Provider,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountsModule, TokenRefresher } from '@app/accounts';
import { AlertDelivery, AlertsModule } from '@app/alerts';
import { CONTENT_CHECKER, ContentChecker, EvergreenFill, PostsModule, TemplateLibrary } from '@app/posts';
import { AuditLog, AuditModule } from '@app/audit';
import { InboxModule, InboxWatch } from '@app/inbox';
import { APP_CONFIG, Clock, ResolvedConfig, RunMode } from '@app/core';
import { emptyProfile } from '@app/practices';
import { CadenceGuard } from './cadence/cadence-guard';
import { Launcher, launcherSettings } from './publish/launcher';
import { TargetPublisher } from './publish/target-publisher';
import { PublishProcessor } from './publish-processor';
import { Reconciler } from './reconciler';
import { MediaSweepRunner } from './media-sweep-runner';
import { WORKER_ID } from './scheduler.module';
import { DueScan } from './timing/due-scan';
import { PUBLISH_TIMING, PublishTiming } from './timing/publish-timing';
import { WorkerHeartbeat } from './worker-heartbeat';

const SHARED: Provider[] = [
  Reconciler,
  AlertDelivery,
  CadenceGuard,
  // Inbox polling and the unanswered-comment check: worker timers, like alert delivery.
  InboxWatch,
  // Deletes stored images nothing has named for MEDIA_RETENTION_DAYS.
  MediaSweepRunner,
  {
    provide: EvergreenFill,
    useFactory: (d: DataSource, k: ContentChecker, a: AuditLog, l: TemplateLibrary, clock: Clock) =>
      new EvergreenFill(d, k, a, l, clock),
    inject: [DataSource, CONTENT_CHECKER, AuditLog, TemplateLibrary, Clock],
  },
  {
    provide: Launcher,
    useFactory: (p: TargetPublisher, q: PublishTiming, clock: Clock, id: string, c: ResolvedConfig) =>
      new Launcher(p, q, clock, id, launcherSettings(c), (network, sockets) => p.warmConnections(network, sockets)),
    inject: [TargetPublisher, PUBLISH_TIMING, Clock, WORKER_ID, APP_CONFIG],
  },
];

/**
 * Everything a worker runs: in queue mode the Bull processor and the heartbeat (a worker process, or the API with
 * --with-worker); in embedded mode the due scan, in the API's process. Needs SchedulerModule.forRoot(mode) in the
 * same Nest context (it is global).
 */
@Module({})
export class WorkerRuntimeModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static forRoot(mode: RunMode): DynamicModule {
    const timing: Provider[] = mode === 'queue' ? [WorkerHeartbeat, PublishProcessor] : [DueScan];
    return {
      module: WorkerRuntimeModule,
      imports: [AlertsModule, AuditModule, PostsModule, AccountsModule, InboxModule],
      providers: [...SHARED, ...timing],
      exports: [Reconciler, AlertDelivery, CadenceGuard, MediaSweepRunner, Launcher, ...timing],
    };
  }

  constructor(
    private readonly tokens: TokenRefresher,
    @Inject(Launcher) private readonly launcher: Launcher,
    @Inject(CONTENT_CHECKER) private readonly checker: ContentChecker,
  ) {}

  /** Held targets go back to the queue for the other workers before the queue connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.launcher.stop();
  }

  /**
   * Tokens are refreshed ahead of expiry and verified daily, from workers only. The content checker is built now
   * (its rule tables, model and tagger: about a second of CPU), not by the first target it checks: built there, it
   * stalled the first prepare window of a burst for seconds and left targets unchecked at their time.
   */
  onApplicationBootstrap(): void {
    this.tokens.start();
    this.checker.check('Our office is open Monday to Friday.', { ...emptyProfile(), name: 'Warm-up' });
  }
}
