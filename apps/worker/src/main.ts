// Entry point of a worker process: queues, reconciler and cadence checks; no HTTP. Run as many as needed.
import 'reflect-metadata';
import { exitOnStartupError, loadConfig, openResources, StartupError } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';
import { startWorker, WorkerHeartbeat as WorkerIdentity } from '@app/scheduler';

async function main(): Promise<void> {
  if (loadConfig().runMode === 'embedded')
    throw new StartupError(
      'A separate worker needs queue mode: set REDIS_URL (and DATABASE_URL to PostgreSQL). Without Redis, `npm start` publishes from the app itself (embedded mode).',
    );
  const resources = await openResources(ALL_ENTITIES, { migrate: false });
  const worker = await startWorker(resources);
  const { workerId } = worker.get(WorkerIdentity);
  process.stdout.write(
    `Worker ${workerId} started (database: ${resources.config.databaseKind}, Redis: ${resources.config.REDIS_URL!.replace(/\/\/[^@]*@/, '//')})\n`,
  );
}

main().catch(exitOnStartupError);
