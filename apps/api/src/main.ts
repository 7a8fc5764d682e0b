// Entry point of the HTTP API. In embedded mode (no REDIS_URL) it always publishes too, from this process; in queue
// mode --with-worker also runs a worker here (single machine), otherwise workers run apart (npm run start:worker).
import 'reflect-metadata';
import { exitOnStartupError, openResources, ResolvedConfig } from '@app/core';
import { SetupService } from '@app/practices';
import { startWorker } from '@app/scheduler';
import { ALL_ENTITIES } from '@app/schema';
import { createApi } from './create-api';

async function main(): Promise<void> {
  const resources = await openResources(ALL_ENTITIES, { migrate: true });
  const app = await createApi(resources);
  await app.listen(resources.config.PORT, resources.config.HOST);
  const withWorker = resources.config.runMode === 'embedded' || process.argv.includes('--with-worker');
  if (withWorker) await startWorker(resources);
  await announce(resources.config, await app.get(SetupService).isComplete(), withWorker);
}

async function announce(config: ResolvedConfig, setupDone: boolean, withWorker: boolean): Promise<void> {
  const url = config.PUBLIC_URL.replace(/\/$/, '');
  const lines = [
    `Practice Social Planner is running at ${url} (API docs: ${url}/api/docs)`,
    `Database: ${config.databaseKind === 'sqlite' ? config.DATABASE_URL.replace(/^sqlite:/, 'SQLite file ') : 'PostgreSQL'}; ${mode(config, withWorker)}`,
  ];
  if (!setupDone) {
    lines.push(
      `No users yet. Create the practice and its admin at ${url}/setup, or:`,
      `  curl -X POST ${url}/api/setup -H 'Content-Type: application/json' -d '{"practiceName":"Bright Smiles Dental","timezone":"America/Chicago","adminName":"Pat Morgan","adminEmail":"pat@example.com","adminPassword":"choose-a-long-password"}'`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

function mode(config: ResolvedConfig, withWorker: boolean): string {
  if (config.runMode === 'embedded')
    return 'embedded mode: this process publishes, timed by the database (set REDIS_URL for queue mode)';
  const redis = config.REDIS_URL!.replace(/\/\/[^@]*@/, '//');
  return `queue mode on Redis ${redis}; worker: ${withWorker ? 'in this process' : 'separate (npm run start:worker)'}`;
}

main().catch(exitOnStartupError);
