// Where one publish's time goes: runs the worker's Nest context in this process (so `node --cpu-prof` sees
// it) against in-process fakes, drains a batch due now, and prints SQL statements per target (by kind),
// TLS handshakes per target and the drain rate on stderr. A diagnostic for bench:scheduler, not a bench.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof -r @swc-node/register -r tsconfig-paths/register test/bench/scheduler/profile.ts
//   TARGETS (600) ACCOUNTS (30) CONCURRENCY (20) PRACTICES
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlRecorder } from '../sql-recorder';

const DATABASE_URL =
  process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
process.env.DATABASE_URL = DATABASE_URL;
const TARGETS = Number(process.env.TARGETS || 600);
const ACCOUNTS = Number(process.env.ACCOUNTS || 30);
const CONCURRENCY = Number(process.env.CONCURRENCY || 20);

/** The table and verb of a statement, e.g. "UPDATE post_targets". */
const kindOf = (sql: string) =>
  sql
    .replace(/\s+/g, ' ')
    .trim()
    .replace(
      /^(SELECT|UPDATE|INSERT INTO|DELETE FROM)\s.*?(FROM\s+)?"?(\w+)"?.*$/i,
      (_m, verb: string, _f, table: string) => `${verb.split(' ')[0]} ${table}`,
    )
    .slice(0, 60);

async function main(): Promise<void> {
  const { closeResources, openResources } = await import('@app/core');
  const { ALL_ENTITIES } = await import('@app/schema');
  const { PublishQueue, PUBLISH_BULL_QUEUE, startWorker } = await import('@app/scheduler');
  const { fleetIdentities } = await import('../../support/fake-fleet');
  const { InProcessFleetFakes } = await import('../../support/fleet-fakes');
  const { enqueueTargets, seedBatch } = await import('../../support/scheduler-seed');
  const { waitUntilFinal } = await import('../../support/publish-tally');

  const id = randomBytes(4).toString('hex');
  const schema = `prof_sched_${id}`;
  const prefix = `prof-sched-${id}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-prof-'));
  const identities = fleetIdentities(ACCOUNTS);
  const fakes = await InProcessFleetFakes.start({ identities, unlimited: true });
  const secretKey = randomBytes(32).toString('hex');
  const resources = await openResources(ALL_ENTITIES, {
    migrate: true,
    env: {
      ...fakes.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.WORKER_LOG_LEVEL || 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL,
      DATABASE_SCHEMA: schema,
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      SECRET_KEY: secretKey,
      ACCOUNT_PUBLISHES_PER_MINUTE: '0',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      NETWORK_CA_FILE: fakes.caFile,
    },
  });
  let handshakes = 0;
  const connect = tls.connect;
  (tls as { connect: typeof tls.connect }).connect = ((...args: Parameters<typeof tls.connect>) => {
    handshakes++;
    return connect(...args);
  }) as typeof tls.connect;
  const logger = new SqlRecorder();
  Object.assign(resources.dataSource, { logger });
  try {
    const tokens = await fakes.issueTokens(identities);
    const batch = await seedBatch(resources.dataSource, {
      identities,
      tokens,
      practices: Number(process.env.PRACTICES || Math.ceil(ACCOUNTS / 3)),
      postsPerGroup: Math.round(TARGETS / ACCOUNTS),
      dueAt: new Date(Date.now() + 3 * 86_400_000),
      label: `p${id.slice(0, 4)}`,
      secretKey,
    });
    const worker = await startWorker(resources);
    const publishQueue = worker.get(PublishQueue);
    const dueAt = new Date(Date.now() + 1500);
    await resources.dataSource.query('UPDATE post_targets SET "dueAt" = $1', [dueAt]);
    for (const target of batch.targets) target.dueAt = dueAt;
    await enqueueTargets(publishQueue, batch.targets);
    handshakes = 0;
    logger.recording = true;
    const t0 = Date.now();
    const cpu0 = process.cpuUsage();
    const final = await waitUntilFinal(
      resources.dataSource,
      batch.targets.map((t) => t.id),
      600_000,
      200,
    );
    logger.recording = false;
    const ms = Date.now() - Math.max(t0, dueAt.getTime());
    const cpu = process.cpuUsage(cpu0);
    const statements = logger.queries.length;
    const kinds = new Map<string, number>();
    for (const kind of logger.queries.map((q) => kindOf(q.sql))) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    process.stderr.write(
      `${final}/${batch.targets.length} final in ${ms} ms (${Math.round((final / ms) * 1000)}/s); CPU ${Math.round((cpu.user + cpu.system) / 1000 / final)} ms per target in this process\n`,
    );
    process.stderr.write(
      `SQL statements per target: ${(statements / final).toFixed(1)} (includes the reconciler and this script's polling)\n`,
    );
    for (const [kind, count] of [...kinds.entries()].sort((a, b) => b[1] - a[1]))
      process.stderr.write(`  ${(count / final).toFixed(2)}  ${kind}\n`);
    process.stderr.write(`TLS handshakes per target: ${(handshakes / final).toFixed(2)}\n`);
    await worker.get(PUBLISH_BULL_QUEUE).close();
    await worker.close();
  } finally {
    await resources.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    const keys = await resources.redis!.keys(`${prefix}*`);
    if (keys.length) await resources.redis!.del(...keys);
    await closeResources(resources);
    await fakes.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
