// Starts the real API on its own database (a fresh PostgreSQL schema or SQLite file) and Redis prefix,
// so suites run in parallel and never depend on leftovers. The e2e-postgres project runs the app in queue mode
// (Redis), e2e-sqlite in embedded mode (no Redis; queue mode refuses SQLite), so every e2e file runs in both.
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  Clock,
  closeResources,
  CoreResources,
  DatabaseKind,
  databaseKindOf,
  MemoryKeyValueStore,
  openResources,
  RunMode,
  SystemClock,
} from '@app/core';
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

/** The run mode of this jest project's apps: queue on PostgreSQL, embedded on SQLite. */
export const TEST_RUN_MODE: RunMode = databaseKindOf(process.env.DATABASE_URL) === 'postgres' ? 'queue' : 'embedded';
/** For what exists only in queue mode (Bull jobs, Redis outages, worker processes). */
export const describeInQueueMode = TEST_RUN_MODE === 'queue' ? describe : describe.skip;
export const itInQueueMode = TEST_RUN_MODE === 'queue' ? it : it.skip;
export const itInEmbeddedMode = TEST_RUN_MODE === 'embedded' ? it : it.skip;

/**
 * A clock that runs with the process's own (the database's on PostgreSQL), moved ahead by advance(): lets a test
 * say "a minute later" without waiting a minute.
 */
export class ShiftedClock extends Clock {
  private offsetMs = 0;
  constructor(readonly base: Clock) {
    super();
  }
  now(): Date {
    return new Date(this.base.now().getTime() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface TestAppOptions {
  /** The app's clock in place of the usual one (which it is given); in embedded mode its key-value store's too. */
  clock?: (base: Clock) => Clock;
}

export async function startTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
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
      REDIS_URL: TEST_RUN_MODE === 'queue' ? TEST_REDIS_URL : undefined,
      QUEUE_PREFIX: `test-${id}`,
      SECRET_KEY: randomBytes(32).toString('hex'),
      // Workers' inbox polling stays out of other suites' request logs and faults; inbox suites poll on demand.
      INBOX_POLL_SECONDS: '86400',
      ...env,
    },
  });
  const base = resources.clock;
  if (options.clock) {
    const clock = options.clock(base ?? new SystemClock());
    resources.clock = clock;
    // The in-process store's expiry times (embedded mode's presence, locks) follow the same clock.
    if (resources.store instanceof MemoryKeyValueStore) {
      resources.store.close();
      resources.store = new MemoryKeyValueStore(() => clock.now().getTime());
    }
  }
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
      resources.clock = base;
      await closeResources(resources);
      if (resources.config.REDIS_URL) await cleanRedis(resources.config.REDIS_URL, `test-${id}`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function dropSchema(dataSource: DataSource, schema: string): Promise<void> {
  if (dataSource.isInitialized) await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

async function cleanRedis(url: string, prefix: string): Promise<void> {
  const { createRedis } = await import('@app/core');
  const redis = createRedis(url);
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

/**
 * Makes the app reachable over a real socket, for the network fakes that download images from it (Instagram,
 * Google): returns the local origin to give them with serveOrigin(PUBLIC_URL, origin).
 */
export async function listenForNetworks(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}
