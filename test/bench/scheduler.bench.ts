// bench:scheduler — 10,000 targets on 100 social accounts (Facebook, LinkedIn and X in turn), all due at
// the same instant, published by WORKERS real worker processes (apps/worker/src/main.ts) against the HTTPS
// network fakes with their rate limits raised out of the way; then, against the same fakes, the ceiling (the
// network clients alone, no database and no queue, at the same concurrency: ratio_ceiling = drain / ceiling), and
// the raw Bull baseline (no-op jobs, kept for comparison with older runs). Prints one JSON line on stdout.
// CPU per published target (worker_cpu_ms_per_target, database_cpu_ms_per_target: the workers' PostgreSQL
// backends; database_xacts_per_target; ceiling_client_cpu_ms_per_post: the clients alone) is read from /proc:
// on a loaded machine it moves far less than the wall-clock figures do. worker_main_thread_cpu_ms_after_due: the
// workers' main threads alone (not their GC helper threads) from the due instant until drained, to hold against
// drain_ms.
//
//   npm run -s bench:scheduler
//   WORKERS=2 CONCURRENCY=50 npm run -s bench:scheduler   (CONCURRENCY alone also sets PUBLISH_IN_FLIGHT: n per worker)
//   SCENARIO=fleet: 1,000 practices x 3 accounts, one post each due at the same instant, fakes answering after a
//     log-normal latency (median 300 ms, p99 1.5 s); lateness is also measured at the fakes (arrival - due), and
//     against the same fakes the floor: the burst sent by node:http2 alone (floor_*, see scheduler/floor.ts)
//   MODE=embedded: the app as `npm start` runs it (SQLite, one process, no Redis), 1,000 targets by default
//   LATENCY_SEED (1): the fleet fakes' answer times repeat run to run; 0: unseeded
//   TARGETS (10000) ACCOUNTS (100) PRACTICES (one per 3 accounts; 1 = every account in one practice)
//   BASELINE=0: skip the raw Bull baseline
//   FAKES=child|inproc (child: the fakes run in their own process) WORKER_LOG_LEVEL (info)
//   WARM_FAKES (3000): publishes that warm the fakes up first, from a throwaway process (0: cold fakes, as before
//     2026-12-08; see scheduler/warm-fakes.ts)
//   BENCH_WORKER=dist|ts (dist: compiled as npm run build) WORKER_NODE_ARGS (node flags; default: those of npm run start:worker)
//   MALLOC_ARENA_MAX, MALLOC_* (glibc's; default: what npm run start:worker sets, empty: glibc's own default)
//   WORKER_OUTPUT=<file>: the workers' own output (their logs) is appended there
//   ALLOC_PROFILE=<dir>: each worker samples what it allocates from the instant to the drain (scheduler/alloc-sampler.js)
//     and writes alloc-<pid>.heapprofile there (bench:alloc-summary prints one); ALLOC_PROFILE_KEEP=old: promoted only
//   BENCH_DATABASE_URL / TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test), BENCH_REDIS_URL / TEST_REDIS_URL
//
// The per-account limiter is off for the bench (ACCOUNT_PUBLISHES_PER_MINUTE=0): with it on (the default
// 10/min) 100 publishes per account cannot drain in under ten minutes by design.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const EMBEDDED = process.env.MODE === 'embedded';
if (process.env.MODE && !['embedded', 'queue'].includes(process.env.MODE))
  throw new Error(`MODE=${process.env.MODE} must be embedded or queue`);
const FLEET = process.env.SCENARIO === 'fleet';
if (process.env.SCENARIO && !FLEET) throw new Error(`SCENARIO=${process.env.SCENARIO} must be fleet (or unset)`);
/** PostgreSQL in queue mode; embedded mode's SQLite file is made in the run's data folder. */
const DATABASE_URL = EMBEDDED
  ? undefined
  : process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL || process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
// Column types are chosen from DATABASE_URL when the entities load, so it is set before they are imported.
if (DATABASE_URL) process.env.DATABASE_URL = DATABASE_URL;
else delete process.env.DATABASE_URL;

const int = (name: string, fallback: number, min = 1): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}=${raw} must be an integer >= ${min}`);
  return value;
};

const TARGETS = int('TARGETS', FLEET ? 3000 : EMBEDDED ? 1000 : 10_000);
const ACCOUNTS = int('ACCOUNTS', FLEET ? 3000 : 100, 3);
const WORKERS = int('WORKERS', 1);
if (EMBEDDED && WORKERS !== 1) throw new Error('MODE=embedded runs one process: leave WORKERS unset');
const CONCURRENCY = int('CONCURRENCY', 50);
/**
 * Publishes one worker keeps in flight. CONCURRENCY given alone bounds both (n jobs at once, n publishes in
 * flight): the scenario where the network's latency, not the cores, bounds each worker, so a second worker shows
 * whether anything shared serialises them. Otherwise the app's PUBLISH_IN_FLIGHT (or its default).
 */
const IN_FLIGHT = process.env.PUBLISH_IN_FLIGHT || (process.env.CONCURRENCY ? String(CONCURRENCY) : undefined);
const PRACTICES = int('PRACTICES', Math.ceil(ACCOUNTS / 3));
/**
 * The fleet's networks answer like real ones: log-normal, median 300 ms, p99 about 1.5 s; the same answer times on
 * every run (LATENCY_SEED, default 1; 0: unseeded), so runs compare changes rather than the luck of the tail.
 */
const LATENCY_SEED = int('LATENCY_SEED', 1, 0);
const LATENCY = FLEET ? { medianMs: 300, p99Ms: 1500, ...(LATENCY_SEED ? { seed: LATENCY_SEED } : {}) } : undefined;
const BASELINE = !EMBEDDED && process.env.BASELINE !== '0';
const FAKES = process.env.FAKES === 'inproc' ? 'inproc' : 'child';
const WORKER_LOG_LEVEL = process.env.WORKER_LOG_LEVEL || 'info';
const ALLOC_PROFILE = process.env.ALLOC_PROFILE ? resolve(process.env.ALLOC_PROFILE) : undefined;
/** dist: workers run compiled JS as `npm run start:worker` does (built privately first); ts: through @swc-node/register. */
const WORKER_RUNTIME = process.env.BENCH_WORKER === 'ts' ? 'ts' : 'dist';
/**
 * The worker as `npm run start:worker` runs it, so the bench measures the worker as deployed: node's flags (its heap
 * caps) and the environment the script sets before `node` (glibc's MALLOC_ARENA_MAX).
 */
const START_WORKER = startWorkerScript();
const WORKER_NODE_ARGS = (process.env.WORKER_NODE_ARGS ?? START_WORKER.flags).split(/\s+/).filter(Boolean);
/** glibc's malloc settings (MALLOC_*) for the worker: start:worker's unless given; the app (embedded mode) only those given. */
const MALLOC_ENV = mallocEnv();

function mallocEnv(): Record<string, string> {
  const names = new Set([...Object.keys(START_WORKER.env), ...Object.keys(process.env)]);
  const env: Record<string, string> = {};
  for (const name of [...names].filter((n) => n.startsWith('MALLOC_')).sort()) {
    const value = process.env[name] ?? (EMBEDDED ? '' : (START_WORKER.env[name] ?? ''));
    if (value) env[name] = value;
  }
  return env;
}

/** The preload that samples a worker's allocation (ALLOC_PROFILE; an earlier run's marks and profiles removed). */
function allocSampler(): string[] {
  if (!ALLOC_PROFILE) return [];
  mkdirSync(ALLOC_PROFILE, { recursive: true });
  for (const file of readdirSync(ALLOC_PROFILE))
    if (['start', 'stop'].includes(file) || /^alloc-\d+\.heapprofile$/.test(file)) rmSync(join(ALLOC_PROFILE, file));
  return ['-r', join(__dirname, 'scheduler', 'alloc-sampler.js')];
}
const allocProfiles: string[] = [];

/** Marks the end of the sampled window and waits (up to 5 s) for every worker's profile. */
async function stopAllocSampling(dir: string, workers: number): Promise<string[]> {
  writeFileSync(join(dir, 'stop'), '');
  const profiles = () => readdirSync(dir).filter((f) => f.endsWith('.heapprofile'));
  for (let waited = 0; profiles().length < workers && waited < 5000; waited += 100)
    await new Promise((done) => setTimeout(done, 100));
  if (profiles().length < workers) log(`only ${profiles().length} of ${workers} allocation profiles`);
  return profiles().map((f) => join(dir, f));
}

function startWorkerScript(): { env: Record<string, string>; flags: string } {
  const scripts = (require('../../package.json') as { scripts: Record<string, string> }).scripts;
  const words = scripts['start:worker'].split(/\s+/);
  const node = words.indexOf('node');
  return {
    env: Object.fromEntries(
      words.slice(0, Math.max(0, node)).flatMap((word) => {
        const at = word.indexOf('=');
        return at > 0 ? [[word.slice(0, at), word.slice(at + 1)]] : [];
      }),
    ),
    flags: words
      .slice(node + 1)
      .filter((arg) => arg.startsWith('--'))
      .join(' '),
  };
}
const DRAIN_TIMEOUT_MS = int('DRAIN_TIMEOUT_S', 900) * 1000;
/** Publishes that warm the fakes up before anything is measured (scheduler/warm-fakes.ts); 0: none. */
const WARM_FAKES = int('WARM_FAKES', 3000, 0);

type Cleanup = () => Promise<unknown> | unknown;
const cleanups: Cleanup[] = [];

async function cleanUp(): Promise<void> {
  while (cleanups.length) {
    const step = cleanups.pop()!;
    try {
      await step();
    } catch (error) {
      process.stderr.write(`[bench:scheduler] clean-up step failed: ${String(error)}\n`);
    }
  }
}

async function main(): Promise<Record<string, unknown>> {
  const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
  const { closeResources, openResources, SystemClock } = await import('@app/core');
  const { ALL_ENTITIES } = await import('@app/schema');
  const { createPublishQueue, PublishQueue, launcherSettings, RELEASE_SLICE } = await import('@app/scheduler');
  const { measureCeiling } = await import('./scheduler/ceiling');
  const { floorFields, measureFloor } = await import('./scheduler/floor');
  const { warmFakes } = await import('./scheduler/warm-fakes');
  const { backendPids, committedTransactions, CpuMeter } = await import('./scheduler/cpu');
  const { TargetSchedule } = await import('@app/posts');
  const { fleetIdentities } = await import('../support/fake-fleet');
  const { startFleetFakes } = await import('../support/fleet-fakes');
  const { seedBatch } = await import('../support/scheduler-seed');
  const { tally } = await import('../support/publish-tally');
  const { buildWorker, stopWorkers } = await import('../support/worker-process');
  const { bullBaseline, log, percentile, scheduleAndDrain, startWorkers } = await import('./scheduler/bench-run');

  const postsPerAccount = Math.max(1, Math.round(TARGETS / ACCOUNTS));
  const id = randomBytes(4).toString('hex');
  const schema = EMBEDDED ? undefined : `bench_sched_${id}`;
  const prefix = `bench-sched-${id}`;
  const secretKey = randomBytes(32).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'planner-bench-sched-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));

  let build: string | undefined;
  if (WORKER_RUNTIME === 'dist') {
    const started = Date.now();
    const built = await buildWorker();
    cleanups.push(() => built.remove());
    build = built.dir;
    log(`worker compiled (tsc + tsc-alias, as npm run build) in ${Date.now() - started} ms`);
  }

  const identities = fleetIdentities(ACCOUNTS);
  const fakes = await startFleetFakes({ identities, unlimited: true, where: FAKES, latency: LATENCY });
  cleanups.push(() => fakes.close());
  log(
    `fakes up (${FAKES}${LATENCY ? `, log-normal latency median ${LATENCY.medianMs} ms, p99 ${LATENCY.p99Ms} ms` : ''}); ${EMBEDDED ? 'embedded mode (SQLite, no Redis)' : `schema ${schema}, queue prefix ${prefix}`}`,
  );

  // The fakes warmed up first, as the real networks' servers always are (warm-fakes.ts); WARM_FAKES=0: cold.
  let fakesWarmedBy = 0;
  if (WARM_FAKES > 0 && 'pid' in fakes) {
    const warmed = await warmFakes({
      env: fakes.env,
      caFile: fakes.caFile,
      identities,
      tokens: await fakes.issueTokens(identities),
      publishes: WARM_FAKES,
      inFlight: 600,
    });
    await fakes.reset();
    fakesWarmedBy = warmed.ok;
    log(`fakes warmed up by ${warmed.ok} publishes from a throwaway process (${warmed.failed} not accepted)`);
  }

  const appEnv = {
    ...(process.env.PUBLISH_PREPARE_SECONDS ? { PUBLISH_PREPARE_SECONDS: process.env.PUBLISH_PREPARE_SECONDS } : {}),
    ...(IN_FLIGHT ? { PUBLISH_IN_FLIGHT: IN_FLIGHT } : {}),
    ...(process.env.NETWORK_HTTP2 ? { NETWORK_HTTP2: process.env.NETWORK_HTTP2 } : {}),
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...(DATABASE_URL && schema ? { DATABASE_URL, DATABASE_SCHEMA: schema, REDIS_URL } : {}),
    QUEUE_PREFIX: prefix,
    SECRET_KEY: secretKey,
    ACCOUNT_PUBLISHES_PER_MINUTE: '0',
  };
  const resources = await openResources(ALL_ENTITIES, { migrate: true, env: appEnv });
  cleanups.push(() => closeResources(resources));
  if (schema) cleanups.push(() => resources.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
  if (resources.redis) cleanups.push(() => deleteKeys(resources.redis!, `${prefix}*`));
  const ds = resources.dataSource;

  const seedStarted = Date.now();
  const tokens = await fakes.issueTokens(identities);
  // Seeded three days out (beyond the reconciler's look-ahead); moved to the measured instant once the workers are up.
  const batch = await seedBatch(ds, {
    identities,
    tokens,
    practices: PRACTICES,
    postsPerGroup: postsPerAccount,
    dueAt: new Date(Date.now() + 3 * 86_400_000),
    label: `b${id.slice(0, 4)}`,
    secretKey,
  });
  if (!EMBEDDED) await ds.query('ANALYZE');
  log(
    `seeded ${batch.targets.length} targets on ${batch.accounts.length} accounts in ${batch.practiceIds.length} practices in ${Date.now() - seedStarted} ms`,
  );

  const workerEnv = {
    ...fakes.env,
    ...appEnv,
    LOG_LEVEL: WORKER_LOG_LEVEL,
    NETWORK_CA_FILE: fakes.caFile,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    // e.g. MALLOC_ARENA_MAX=2: glibc's threads share one arena besides the main one (less resident memory).
    ...MALLOC_ENV,
    ...(ALLOC_PROFILE
      ? { ALLOC_PROFILE_DIR: ALLOC_PROFILE, ALLOC_PROFILE_KEEP: process.env.ALLOC_PROFILE_KEEP ?? '' }
      : {}),
    ...(DATABASE_URL
      ? { DATABASE_URL: `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}application_name=${schema}_worker` }
      : { PORT: '0', HOST: '127.0.0.1' }),
  };
  const workersStarted = Date.now();
  const workers = await startWorkers(
    WORKERS,
    workerEnv,
    build,
    process.env.WORKER_OUTPUT || undefined,
    [...(EMBEDDED ? [] : WORKER_NODE_ARGS), ...allocSampler()],
    EMBEDDED ? 'app' : 'worker',
  );
  cleanups.push(() => stopWorkers(workers, 2000));
  // Started: their peak so far (start-up's own, e.g. building the content checker) and what they hold when idle.
  const startRss = {
    peak: Math.max(...workers.map((w) => w.peakRssMb())),
    now: Math.max(...workers.map((w) => w.currentRssMb())),
  };
  log(
    `${EMBEDDED ? 'the app (embedded mode, npm start)' : `${WORKERS} worker process(es)`} up in ${Date.now() - workersStarted} ms (concurrency ${CONCURRENCY}, per-account limiter off)`,
  );

  const publishQueue = EMBEDDED
    ? undefined
    : new PublishQueue(
        createPublishQueue({ redisUrl: REDIS_URL, prefix }),
        resources.redis!,
        new TargetSchedule(ds),
        new SystemClock(),
        prefix,
        resources.config.PUBLISH_PREPARE_SECONDS * 1000,
      );
  if (publishQueue) cleanups.push(() => publishQueue.queue.close());
  // CPU is what a loaded machine does not distort: the workers' own, and their PostgreSQL backends'.
  const workerCpu = new CpuMeter(() => workers.map((w) => w.pid));
  // The fakes' own process (FAKES=child): what answering costs the machine, in the drain and in the ceiling.
  const fakesCpu = new CpuMeter(() => ('pid' in fakes ? [fakes.pid as number] : []));
  const databaseCpu = new CpuMeter(() => (schema ? backendPids(ds, `${schema}_worker`) : []));
  // The workers' main threads from the instant until drained (all of them): against drain_ms, how busy their event
  // loops were (well under it: they waited, on the database or the network; near it: their JavaScript and GC
  // pauses were the bound).
  const workerMainThread = new CpuMeter(() => workers.map((w) => w.pid), true);
  const cpu = {
    workerAtDue: 0,
    worker: 0,
    workerMainThreadAfterDue: 0,
    databaseAtDue: 0,
    database: 0,
    fakesAtDue: 0,
    fakes: 0,
    xacts0: 0,
    xacts: 0,
  };
  const drain = await scheduleAndDrain({
    marks: {
      beforeEnqueue: async () => {
        await Promise.all([workerCpu.begin(), databaseCpu.begin(), fakesCpu.begin()]);
        if (schema) cpu.xacts0 = await committedTransactions(ds);
      },
      atDue: async () => {
        if (ALLOC_PROFILE) writeFileSync(join(ALLOC_PROFILE, 'start'), '');
        await workerMainThread.begin();
        cpu.workerAtDue = await workerCpu.elapsed();
        cpu.databaseAtDue = await databaseCpu.elapsed();
        cpu.fakesAtDue = await fakesCpu.elapsed();
      },
      drained: async () => {
        cpu.workerMainThreadAfterDue = await workerMainThread.elapsed();
        cpu.worker = await workerCpu.elapsed();
        cpu.database = await databaseCpu.elapsed();
        cpu.fakes = await fakesCpu.elapsed();
        if (schema) cpu.xacts = (await committedTransactions(ds)) - cpu.xacts0;
        if (ALLOC_PROFILE) allocProfiles.push(...(await stopAllocSampling(ALLOC_PROFILE, WORKERS)));
      },
    },
    ds,
    publishQueue,
    targets: batch.targets,
    // Added before the prepare window opens, as a fleet's posts are approved well ahead: every target is prepared
    // and held when its time comes (PUBLISH_PREPARE_SECONDS=0 measures everything at the instant).
    leadMs: resources.config.PUBLISH_PREPARE_SECONDS * 1000 + 4000 + batch.targets.length * 0.8,
    timeoutMs: DRAIN_TIMEOUT_MS,
    progress: () => `worker RSS ${workers.map((w) => `${w.currentRssMb()} MB`).join(', ')}`,
  });
  const workerRssMb = Math.max(...workers.map((w) => w.peakRssMb()));
  await stopWorkers(workers, 5000);

  const result = await tally(ds, batch.targets, await fakes.posts());
  const lateness = drain.publishedAt.map((at) => at - drain.dueAt).sort((a, b) => a - b);
  const lastPublish = Math.max(...drain.publishedAt);
  const drainPerS = Math.round((batch.targets.length / Math.max(1, lastPublish - drain.dueAt)) * 1000);
  log(
    `drained: ${result.published} published, ${result.failed} failed, ${result.lost} lost, ${result.duplicates} duplicates; ${drainPerS}/s`,
  );

  const arrivals = (await fakes.publishArrivals()).map((at) => at - drain.dueAt).sort((a, b) => a - b);

  // The ceiling: the same fakes, the same number of publishes and as many in flight as the workers' launchers allow.
  const ceilingConcurrency =
    launcherSettings({ ...resources.config, WORKER_CONCURRENCY: CONCURRENCY }).concurrency * WORKERS;
  await fakes.reset();
  // With network latency (the fleet), the clients alone send a burst due at one instant on warmed connections, as
  // the workers do: the fakes' arrival times then are the floor of lateness at the fake on this machine.
  const ceilingAt = LATENCY ? Date.now() + 3000 : undefined;
  await fakesCpu.begin();
  const ceiling = await measureCeiling({
    fakes,
    identities,
    tokens,
    targets: batch.targets.length,
    concurrency: ceilingConcurrency,
    at: ceilingAt,
  });
  const ceilingFakesCpu = await fakesCpu.elapsed();
  const ceilingArrivals = ceilingAt
    ? (await fakes.publishArrivals()).map((at) => at - ceilingAt).sort((a, b) => a - b)
    : [];
  log(
    `ceiling: the clients alone, ${ceiling.perS}/s at ${ceilingConcurrency} in flight${ceilingAt ? `; a burst at one instant reached the fakes p50 ${percentile(ceilingArrivals, 0.5)} ms / p99 ${percentile(ceilingArrivals, 0.99)} ms after it` : ''}`,
  );
  // The floor (fleet, fakes in their own process): the same burst by node:http2 alone, none of our clients.
  let floor: Record<string, number> = {};
  if (LATENCY && 'pid' in fakes) {
    await fakes.reset();
    const server = {
      env: fakes.env,
      caFile: fakes.caFile,
      pid: fakes.pid as number,
      publishArrivals: () => fakes.publishArrivals(),
    };
    floor = floorFields(
      await measureFloor({
        server,
        identities,
        tokens,
        targets: batch.targets.length,
        at: Date.now() + 3000,
        slice: RELEASE_SLICE,
      }),
    );
    log(
      `floor: node:http2 alone reached the fakes p50 ${floor.floor_lateness_at_fake_p50_ms} ms / p99 ${floor.floor_lateness_at_fake_p99_ms} ms after the instant`,
    );
  }
  const perTarget = (ms: number) => Math.round((ms / Math.max(1, result.published)) * 100) / 100;
  log(
    `CPU per published target: worker ${perTarget(cpu.worker)} ms (${perTarget(cpu.workerAtDue)} before due), its database backends ${perTarget(cpu.database)} ms, ${perTarget(cpu.xacts)} database transactions; the clients alone ${ceiling.clientCpuUsPerPost / 1000} ms`,
  );

  await fakes.close();
  const baseline = BASELINE
    ? await bullBaseline({
        redisUrl: REDIS_URL,
        prefix: `${prefix}-baseline`,
        jobs: batch.targets.length,
        workers: WORKERS,
        concurrency: CONCURRENCY,
        leadMs: 6000,
        timeoutMs: 300_000,
      })
    : undefined;
  if (baseline)
    log(
      `baseline: ${baseline.processed} no-op jobs, ${baseline.drainPerS}/s, p99 lateness ${baseline.latenessP99Ms} ms`,
    );

  return {
    mode: EMBEDDED ? 'embedded' : 'queue',
    scenario: FLEET ? 'fleet' : 'burst',
    targets: batch.targets.length,
    workers: WORKERS,
    concurrency: CONCURRENCY,
    drain_per_s: drainPerS,
    drain_ms: lastPublish - drain.dueAt,
    ceiling_per_s: ceiling.perS,
    ratio_ceiling: Math.round((drainPerS / Math.max(1, ceiling.perS)) * 100) / 100,
    ceiling_concurrency: ceilingConcurrency,
    ceiling_errors: ceiling.errors,
    publish_in_flight: resources.config.PUBLISH_IN_FLIGHT,
    network_http2: resources.config.NETWORK_HTTP2,
    lateness_p50_ms: percentile(lateness, 0.5),
    lateness_p99_ms: percentile(lateness, 0.99),
    lateness_at_fake_p50_ms: percentile(arrivals, 0.5),
    lateness_at_fake_p99_ms: percentile(arrivals, 0.99),
    lateness_at_fake_max_ms: arrivals.length ? Math.round(arrivals[arrivals.length - 1]) : null,
    publish_requests: arrivals.length,
    ...(LATENCY
      ? {
          fake_latency: `log-normal, median ${LATENCY.medianMs} ms, p99 ${LATENCY.p99Ms} ms, ${LATENCY.seed ? `seed ${LATENCY.seed}` : 'unseeded'}`,
        }
      : {}),
    published: result.published,
    duplicates: result.duplicates,
    lost: result.lost,
    worker_rss_mb: workerRssMb,
    worker_rss_at_start_mb: startRss.now,
    worker_rss_peak_at_start_mb: startRss.peak,
    worker_cpu_ms_per_target: perTarget(cpu.worker),
    worker_cpu_ms_per_target_before_due: perTarget(cpu.workerAtDue),
    worker_main_thread_cpu_ms_after_due: Math.round(cpu.workerMainThreadAfterDue),
    ...(schema
      ? {
          database_cpu_ms_per_target: perTarget(cpu.database),
          database_cpu_ms_per_target_before_due: perTarget(cpu.databaseAtDue),
          database_xacts_per_target: perTarget(cpu.xacts),
        }
      : {}),
    ceiling_client_cpu_ms_per_post: ceiling.clientCpuUsPerPost / 1000,
    fakes_cpu_ms_per_target: perTarget(cpu.fakes),
    fakes_cpu_ms_per_target_before_due: perTarget(cpu.fakesAtDue),
    ceiling_fakes_cpu_ms_per_post: Math.round((ceilingFakesCpu / Math.max(1, batch.targets.length)) * 100) / 100,
    ...(ceilingAt
      ? {
          ceiling_lateness_at_fake_p50_ms: percentile(ceilingArrivals, 0.5),
          ceiling_lateness_at_fake_p99_ms: percentile(ceilingArrivals, 0.99),
        }
      : {}),
    ...floor,
    prepare_seconds: resources.config.PUBLISH_PREPARE_SECONDS,
    ...(baseline
      ? {
          baseline_drain_per_s: baseline.drainPerS,
          baseline_lateness_p99_ms: baseline.latenessP99Ms,
          ratio: Math.round((drainPerS / Math.max(1, baseline.drainPerS)) * 100) / 100,
        }
      : {}),
    failed: result.failed,
    failed_but_live: result.failed_but_live,
    accounts: batch.accounts.length,
    practices: batch.practiceIds.length,
    per_account_limiter: 'off (ACCOUNT_PUBLISHES_PER_MINUTE=0)',
    fakes: FAKES,
    fakes_warm_up_publishes: fakesWarmedBy,
    worker_log_level: WORKER_LOG_LEVEL,
    worker_runtime: WORKER_RUNTIME === 'dist' ? 'compiled JS (npm run build output)' : '@swc-node/register',
    ...(WORKER_NODE_ARGS.length && !EMBEDDED ? { worker_node_args: WORKER_NODE_ARGS.join(' ') } : {}),
    ...(ALLOC_PROFILE ? { alloc_profiles: allocProfiles } : {}),
    ...(MALLOC_ENV.MALLOC_ARENA_MAX ? { malloc_arena_max: Number(MALLOC_ENV.MALLOC_ARENA_MAX) } : {}),
    ...(Object.keys(MALLOC_ENV).length ? { malloc_env: MALLOC_ENV } : {}),
    enqueue_ms: drain.enqueueMs,
    enqueue_slack_ms: drain.enqueueSlackMs,
    timed_out: drain.timedOut,
    loadavg_1m_start: loadAtStart,
    loadavg_1m: Math.round(loadavg()[0] * 100) / 100,
  };
}

async function deleteKeys(redis: import('ioredis').default, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`[bench:scheduler] ${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async (result) => {
    await cleanUp();
    process.stdout.write(JSON.stringify(result) + '\n');
    process.exit(0);
  },
  async (error: unknown) => {
    process.stderr.write(
      `[bench:scheduler] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    await cleanUp();
    process.exit(1);
  },
);
