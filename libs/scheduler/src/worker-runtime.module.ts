import { BeforeApplicationShutdown, Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountsModule, TokenRefresher } from '@app/accounts';
import { AlertDelivery, AlertsModule } from '@app/alerts';
import { CONTENT_CHECKER, ContentChecker, EvergreenFill, PostsModule, TemplateLibrary } from '@app/posts';
import { AuditLog, AuditModule } from '@app/audit';
import { InboxModule, InboxWatch } from '@app/inbox';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';
import { CadenceGuard } from './cadence/cadence-guard';
import { Launcher, launcherSettings } from './publish/launcher';
import { TargetPublisher } from './publish/target-publisher';
import { PublishQueue } from './queue/publish-queue';
import { PublishProcessor } from './publish-processor';
import { Reconciler } from './reconciler';
import { SchedulerModule, WORKER_ID } from './scheduler.module';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Everything a worker process runs. The API process mounts it too when started with --with-worker. */
@Module({
  imports: [SchedulerModule, AlertsModule, AuditModule, PostsModule, AccountsModule, InboxModule],
  providers: [
    WorkerHeartbeat,
    PublishProcessor,
    Reconciler,
    AlertDelivery,
    CadenceGuard,
    // Inbox polling and the unanswered-comment check: worker timers, like alert delivery.
    InboxWatch,
    {
      provide: EvergreenFill,
      useFactory: (d: DataSource, k: ContentChecker, a: AuditLog, l: TemplateLibrary, clock: Clock) =>
        new EvergreenFill(d, k, a, l, clock),
      inject: [DataSource, CONTENT_CHECKER, AuditLog, TemplateLibrary, Clock],
    },
    {
      provide: Launcher,
      useFactory: (p: TargetPublisher, q: PublishQueue, clock: Clock, id: string, c: ResolvedConfig) =>
        new Launcher(p, q, clock, id, launcherSettings(c)),
      inject: [TargetPublisher, PublishQueue, Clock, WORKER_ID, APP_CONFIG],
    },
  ],
  exports: [WorkerHeartbeat, PublishProcessor, Reconciler, AlertDelivery, CadenceGuard, Launcher],
})
export class WorkerRuntimeModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly tokens: TokenRefresher,
    @Inject(Launcher) private readonly launcher: Launcher,
  ) {}

  /** Held targets go back to the queue for the other workers before the queue connection closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.launcher.stop();
  }

  /** Tokens are refreshed ahead of expiry and verified daily, from workers only. */
  onApplicationBootstrap(): void {
    this.tokens.start();
  }
}
