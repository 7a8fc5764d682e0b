// Entry point of a worker process: queues, reconciler and cadence checks; no HTTP. Run as many as needed.
import 'reflect-metadata';
import { exitOnStartupError, openResources } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';
import { startWorker, WorkerHeartbeat as WorkerIdentity } from '@app/scheduler';

async function main(): Promise<void> {
  const resources = await openResources(ALL_ENTITIES, { migrate: false });
  const worker = await startWorker(resources);
  const { workerId } = worker.get(WorkerIdentity);
  process.stdout.write(
    `Worker ${workerId} started (database: ${resources.config.databaseKind}, Redis: ${resources.config.REDIS_URL.replace(/\/\/[^@]*@/, '//')})\n`,
  );
}

main().catch(exitOnStartupError);
