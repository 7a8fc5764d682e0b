// Entry point of the HTTP API. With --with-worker it also runs the worker in this process (single machine).
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
  if (process.argv.includes('--with-worker')) await startWorker(resources);
  await announce(resources.config, await app.get(SetupService).isComplete(), process.argv.includes('--with-worker'));
}

async function announce(config: ResolvedConfig, setupDone: boolean, withWorker: boolean): Promise<void> {
  const url = config.PUBLIC_URL.replace(/\/$/, '');
  const lines = [
    `Practice Social Planner is running at ${url} (API docs: ${url}/api/docs)`,
    `Database: ${config.databaseKind === 'sqlite' ? config.DATABASE_URL.replace(/^sqlite:/, 'SQLite file ') : 'PostgreSQL'}; worker: ${withWorker ? 'in this process' : 'separate (npm run start:worker)'}`,
  ];
  if (!setupDone) {
    lines.push(
      `No users yet. Create the practice and its admin at ${url}/setup, or:`,
      `  curl -X POST ${url}/api/setup -H 'Content-Type: application/json' -d '{"practiceName":"Bright Smiles Dental","timezone":"America/Chicago","adminName":"Pat Morgan","adminEmail":"pat@example.com","adminPassword":"choose-a-long-password"}'`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(exitOnStartupError);
