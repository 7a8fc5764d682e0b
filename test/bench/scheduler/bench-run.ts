// One measured drain for bench:scheduler: seeded targets due at one instant, published by real worker
// processes, and the raw Bull baseline (no-op jobs, same workers and concurrency) on the same Redis.
import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { In, IsNull, Not, type DataSource } from 'typeorm';
import { Post, PostTarget } from '@app/posts';
import { createPublishQueue, JobName, PUBLISH_JOB_OPTIONS, PublishQueue } from '@app/scheduler';
import { enqueueTargets, type SeededTarget } from '../../support/scheduler-seed';
import { ProcessMain, WorkerProcess } from '../../support/worker-process';

export const log = (message: string): void => {
  process.stderr.write(`[bench:scheduler] ${message}\n`);
};

export interface DrainResult {
  dueAt: number;
  enqueueMs: number;
  /** Milliseconds between the last job added and the due instant (negative: jobs were added late). */
  enqueueSlackMs: number;
  publishedAt: number[];
  finalTargets: number;
  timedOut: boolean;
}

/**
 * Moves every target (and its post) to `dueAt`, then (queue mode) adds their jobs through PublishQueue.ensureJob;
 * embedded mode's due scan reads the new times from the database.
 */
export async function scheduleAndDrain(options: {
  ds: DataSource;
  publishQueue?: PublishQueue;
  targets: SeededTarget[];
  leadMs: number;
  timeoutMs: number;
  /** Extra words for the progress line (e.g. the workers' memory). */
  progress?: () => string;
  /** Called before the jobs are added, at the due instant and once drained (e.g. to read CPU meters). */
  marks?: { beforeEnqueue?: () => Promise<void>; atDue?: () => Promise<void>; drained?: () => Promise<void> };
}): Promise<DrainResult> {
  const { ds, targets } = options;
  const dueAt = new Date(Math.ceil((Date.now() + options.leadMs) / 1000) * 1000);
  await ds.getRepository(PostTarget).createQueryBuilder().update().set({ dueAt }).execute();
  await ds.getRepository(Post).createQueryBuilder().update().set({ scheduledAt: dueAt, submittedAt: dueAt }).execute();
  for (const target of targets) target.dueAt = dueAt;
  // In the order approvals would have added them: practices interleaved, not practice by practice (Bull runs
  // jobs due at the same instant in the order they were added, and one practice's audit appends serialise).
  const order = shuffled(targets, 42);
  await options.marks?.beforeEnqueue?.();
  const started = Date.now();
  if (options.publishQueue) await enqueueTargets(options.publishQueue, order, 64);
  const enqueued = Date.now();
  log(
    `${targets.length} ${options.publishQueue ? 'jobs added through PublishQueue.ensureJob' : 'targets due (embedded: no jobs)'} in ${enqueued - started} ms; due at ${dueAt.toISOString()} (${dueAt.getTime() - enqueued} ms later)`,
  );

  // The monotonic clock (µs) at the instant and once drained: where a worker's --cpu-prof profile is to be read.
  const monotonicUs = () => process.hrtime.bigint() / 1000n;
  const atDue = new Promise<void>((resolve) =>
    setTimeout(() => {
      log(`due instant at monotonic ${monotonicUs()} µs`);
      void (options.marks?.atDue?.() ?? Promise.resolve()).then(resolve, resolve);
    }, dueAt.getTime() - Date.now()),
  );
  const deadline = dueAt.getTime() + options.timeoutMs;
  let final = 0;
  let lastReport = 0;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    final = await ds.getRepository(PostTarget).countBy({ status: In(['published', 'failed']) });
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      log(
        `${final}/${targets.length} final, ${Math.max(0, Math.round((Date.now() - dueAt.getTime()) / 1000))} s after due${options.progress ? `; ${options.progress()}` : ''}`,
      );
    }
    if (final >= targets.length || Date.now() > deadline) break;
  }
  await atDue;
  log(`drained at monotonic ${monotonicUs()} µs`);
  await options.marks?.drained?.();
  const rows = await ds
    .getRepository(PostTarget)
    .find({ select: { id: true, publishedAt: true }, where: { status: 'published', publishedAt: Not(IsNull()) } });
  return {
    dueAt: dueAt.getTime(),
    enqueueMs: enqueued - started,
    enqueueSlackMs: dueAt.getTime() - enqueued,
    publishedAt: rows.map((r) => r.publishedAt!.getTime()),
    finalTargets: final,
    timedOut: final < targets.length,
  };
}

export interface BaselineResult {
  drainPerS: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
  processed: number;
}

/** `jobs` delayed no-op jobs due at one instant, run by `workers` processes with `concurrency` each. */
export async function bullBaseline(options: {
  redisUrl: string;
  prefix: string;
  jobs: number;
  workers: number;
  concurrency: number;
  leadMs: number;
  timeoutMs: number;
}): Promise<BaselineResult> {
  const finished: number[] = [];
  const children: ChildProcess[] = [];
  const queue = createPublishQueue({ redisUrl: options.redisUrl, prefix: options.prefix });
  try {
    for (let i = 0; i < options.workers; i++) {
      const child = fork(join(__dirname, 'bull-baseline-worker.ts'), [], {
        execArgv: ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register'],
        cwd: join(__dirname, '..', '..', '..'),
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          REDIS_URL: options.redisUrl,
          QUEUE_PREFIX: options.prefix,
          CONCURRENCY: String(options.concurrency),
        },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      });
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        child.on('message', (message: { ready?: boolean; finished?: number[] }) => {
          if (message.ready) resolve();
          if (message.finished) finished.push(...message.finished);
        });
        child.once('exit', (code) => reject(new Error(`baseline worker exited (${code})`)));
      });
    }
    const dueAt = Math.ceil((Date.now() + options.leadMs) / 1000) * 1000;
    const started = Date.now();
    for (let i = 0; i < options.jobs; i += 1000) {
      const count = Math.min(1000, options.jobs - i);
      await queue.addBulk(
        Array.from({ length: count }, (_, k) => ({
          name: JobName.PublishTarget,
          data: { targetId: `baseline-${i + k}`, accountId: `account-${(i + k) % 100}` },
          opts: { ...PUBLISH_JOB_OPTIONS, jobId: `publish:baseline-${i + k}:${dueAt}`, delay: dueAt - Date.now() },
        })),
      );
    }
    log(`baseline: ${options.jobs} no-op jobs added in ${Date.now() - started} ms; due in ${dueAt - Date.now()} ms`);
    const deadline = dueAt + options.timeoutMs;
    while (finished.length < options.jobs && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const lateness = finished.map((at) => at - dueAt).sort((a, b) => a - b);
    const last = Math.max(...finished);
    return {
      drainPerS: Math.round((finished.length / Math.max(1, last - dueAt)) * 1000),
      latenessP50Ms: percentile(lateness, 0.5),
      latenessP99Ms: percentile(lateness, 0.99),
      processed: finished.length,
    };
  } finally {
    for (const child of children) child.disconnect();
    await Promise.all(
      children.map((child) =>
        child.exitCode === null
          ? new Promise((resolve) => {
              const t = setTimeout(() => child.kill('SIGKILL'), 3000);
              child.once('exit', () => resolve(clearTimeout(t)));
            })
          : undefined,
      ),
    );
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
  }
}

/** A deterministic Fisher-Yates shuffle (same order every run). */
export function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
}

/** `outputFile`: every line the workers write (their JSON logs) is appended there; default: dropped. */
export async function startWorkers(
  count: number,
  env: Record<string, string>,
  build?: string,
  outputFile?: string,
  nodeArgs: string[] = [],
  main: ProcessMain = 'worker',
): Promise<WorkerProcess[]> {
  const out = outputFile ? createWriteStream(outputFile, { flags: 'a' }) : undefined;
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      WorkerProcess.start({
        env,
        build,
        nodeArgs,
        main,
        label: main === 'app' ? 'app' : `worker ${i + 1}`,
        startTimeoutMs: 120_000,
        onLine: out ? (line) => out.write(`[worker ${i + 1}] ${line}\n`) : undefined,
      }),
    ),
  );
}
