import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts';
import { AlertDelivery } from './alert-delivery';
import { PublishProcessor } from './publish-processor';
import { Reconciler } from './reconciler';
import { SchedulerModule } from './scheduler.module';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Everything a worker process runs. The API process mounts it too when started with --with-worker. */
@Module({
  imports: [SchedulerModule, AlertsModule],
  providers: [WorkerHeartbeat, PublishProcessor, Reconciler, AlertDelivery],
  exports: [WorkerHeartbeat, PublishProcessor, Reconciler, AlertDelivery],
})
export class WorkerRuntimeModule {}
