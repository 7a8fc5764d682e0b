// `npm run -s test:faults`: publishes a batch of targets under each fault and prints one JSON line per
// fault on stdout: {"fault","scheduled","published","failed","duplicates","lost","ms",...}. Exits non-zero
// when any fault ends with a duplicate, a lost target, a target recorded as failed that is live on the
// network (failed_but_live), a post that went out early, or a live lease taken over. Progress goes to stderr. Everything it starts is stopped, even on failure.
//
//   FAULTS=kill,flush           only faults whose name contains one of these words
//   FAULT_TARGETS (200) FAULT_ACCOUNTS (60) FAULT_KILLS (20) FAULT_WORKERS (2) FAULT_CONCURRENCY (10)
//   FAULT_WORKER=ts             run workers through @swc-node/register instead of a private compiled build
//   TEST_DATABASE_URL (postgres://postgres@127.0.0.1:5432/test)
// Worker processes on Redis are queue mode, which runs on PostgreSQL only (several processes would share one
// SQLite file).
const DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
// Column types are chosen from DATABASE_URL when the entities load, so it is set before they are imported.
process.env.DATABASE_URL = DATABASE_URL;

const num = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const log = (message: string) => process.stderr.write(`[faults] ${message}\n`);

const cleanups: Array<() => Promise<unknown> | unknown> = [];
async function cleanUp(): Promise<void> {
  while (cleanups.length)
    await Promise.resolve()
      .then(cleanups.pop()!)
      .catch((error: unknown) => log(`clean-up step failed: ${String(error)}`));
}

async function main(): Promise<number> {
  const { FaultHarness } = await import('./harness');
  const { ALL_FAULTS } = await import('./faults');
  const { buildWorker } = await import('../support/worker-process');
  const wanted = (process.env.FAULTS ?? '')
    .split(',')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const faults = ALL_FAULTS.filter(
    (f) => wanted.length === 0 || wanted.some((w) => f.name.toLowerCase().includes(w)),
  ).filter((f) => {
    if (f.postgresOnly && !DATABASE_URL) log(`skipping "${f.name}": it needs PostgreSQL`);
    return !f.postgresOnly || !!DATABASE_URL;
  });
  const context = { targets: num('FAULT_TARGETS', 200), kills: num('FAULT_KILLS', 20) };

  let build: string | undefined;
  if (process.env.FAULT_WORKER !== 'ts') {
    const started = Date.now();
    const built = await buildWorker();
    cleanups.push(() => built.remove());
    build = built.dir;
    log(`worker compiled in ${Date.now() - started} ms`);
  }
  const harness = await FaultHarness.start({
    databaseUrl: DATABASE_URL,
    accounts: num('FAULT_ACCOUNTS', 60),
    workers: num('FAULT_WORKERS', 2),
    concurrency: num('FAULT_CONCURRENCY', 10),
    networkTimeoutMs: 2000,
    reconcileSeconds: 3,
    accountPublishesPerMinute: 10, // the default: the per-account limiter stays on
    build,
    log,
  });
  cleanups.push(() => harness.close());

  let failures = 0;
  for (const fault of faults) {
    log(fault.name);
    await harness.fresh();
    let timer: NodeJS.Timeout | undefined;
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`gave up after ${fault.timeLimitMs + 90_000} ms`)),
        fault.timeLimitMs + 90_000,
      );
    });
    const started = Date.now();
    try {
      const result = await Promise.race([fault.run(harness, context), guard]);
      const { fault: name, scheduled, published, failed, duplicates, lost, ms, ...extra } = result;
      process.stdout.write(
        JSON.stringify({ fault: name, scheduled, published, failed, duplicates, lost, ms, ...extra }) + '\n',
      );
      if (
        duplicates > 0 ||
        lost > 0 ||
        extra.failed_but_live > 0 ||
        Number(extra.audit_chains_broken) > 0 ||
        Number(extra.published_early) > 0 ||
        Number(extra.live_leases_taken_over ?? 0) > 0
      )
        failures++;
    } catch (error) {
      failures++;
      process.stdout.write(
        JSON.stringify({
          fault: fault.name,
          scheduled: context.targets,
          error: error instanceof Error ? error.message : String(error),
          ms: Date.now() - started,
        }) + '\n',
      );
    } finally {
      clearTimeout(timer);
      await harness.fakes.clearFaults().catch(() => undefined);
    }
  }
  return failures;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: cleaning up (again to force)`);
    void cleanUp().finally(() => process.exit(130));
  });
}

main().then(
  async (failures) => {
    await cleanUp();
    if (failures) log(`${failures} fault(s) ended with duplicates, lost targets, failed-but-live posts or an error`);
    process.exit(failures ? 1 : 0);
  },
  async (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await cleanUp();
    process.exit(2);
  },
);
