// Starts the real API on its own database (a fresh PostgreSQL schema or SQLite file) and Redis prefix,
// so suites run in parallel and never depend on leftovers.
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { closeResources, CoreResources, DatabaseKind, databaseKindOf, openResources } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';
import { createApi } from '../../apps/api/src/create-api';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  resources: CoreResources;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const kind = databaseKindOf(process.env.DATABASE_URL);
  const id = randomBytes(5).toString('hex');
  const dir = mkdtempSync(join(tmpdir(), 'planner-test-'));
  const resources = await openResources(ALL_ENTITIES, {
    migrate: true,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      DATABASE_URL: kind === 'postgres' ? process.env.DATABASE_URL : `sqlite:${join(dir, 'test.sqlite')}`,
      DATABASE_SCHEMA: kind === 'postgres' ? `t_${id}` : undefined,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: `test-${id}`,
      SECRET_KEY: randomBytes(32).toString('hex'),
      // Workers' inbox polling stays out of other suites' request logs and faults; inbox suites poll on demand.
      INBOX_POLL_SECONDS: '86400',
      ...env,
    },
  });
  const app = await createApi(resources);
  await app.init();
  return {
    app,
    http: request(app.getHttpServer()),
    resources,
    kind,
    async close() {
      await app.close();
      if (kind === 'postgres') await dropSchema(resources.dataSource, `t_${id}`);
      await closeResources(resources);
      await cleanRedis(resources, `test-${id}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(dataSource: DataSource, schema: string): Promise<void> {
  if (dataSource.isInitialized) await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

async function cleanRedis(resources: CoreResources, prefix: string): Promise<void> {
  const { createRedis } = await import('@app/core');
  const redis = createRedis(resources.config.REDIS_URL);
  try {
    await redis.connect();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  } catch {
    // Redis may be the thing a test stopped.
  } finally {
    redis.disconnect();
  }
}
