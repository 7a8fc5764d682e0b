import { Module } from '@nestjs/common';
import { WorkerHeartbeat } from './worker-heartbeat';

/** Everything a worker process runs. The API process mounts it too when started with --with-worker. */
@Module({
  providers: [WorkerHeartbeat],
  exports: [WorkerHeartbeat],
})
export class WorkerRuntimeModule {}
