import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { AccountsModule, TokenRefresher } from '@app/accounts';
import { AlertsModule } from '@app/alerts';
import { AlertDelivery } from './alert-delivery';
import { ApprovalsModule } from '@app/approvals';
import { AuditModule } from '@app/audit';
import { CadenceGuard } from './cadence/cadence-guard';
import { PublishProcessor } from './publish-processor';
import { Reconciler } from './reconciler';
import { SchedulerModule } from './scheduler.module';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Everything a worker process runs. The API process mounts it too when started with --with-worker. */
@Module({
  imports: [SchedulerModule, AlertsModule, AuditModule, ApprovalsModule, AccountsModule],
  providers: [WorkerHeartbeat, PublishProcessor, Reconciler, AlertDelivery, CadenceGuard],
  exports: [WorkerHeartbeat, PublishProcessor, Reconciler, AlertDelivery, CadenceGuard],
})
export class WorkerRuntimeModule implements OnApplicationBootstrap {
  constructor(private readonly tokens: TokenRefresher) {}

  /** Tokens are refreshed ahead of expiry and verified daily, from workers only. */
  onApplicationBootstrap(): void {
    this.tokens.start();
  }
}
