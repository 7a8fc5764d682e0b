// The fault suite's world: a private Redis (so faults may flush or restart it), the HTTPS network fakes,
// a database of its own (a fresh PostgreSQL schema or a SQLite file), and real worker processes. Each
// fault publishes a fresh batch of targets on fresh accounts and is judged from both sides: the database
// and what actually reached the fakes.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultSpec } from '../fakes';
import { closeResources, CoreResources, openResources, SystemClock } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';
import { AuditLog } from '@app/audit';
import { PostTarget, TargetSchedule } from '@app/posts';
import { createPublishQueue, groupedJobId, publishJobId, PublishQueue } from '@app/scheduler';
import {
  fleetIdentities,
  IMAGE_URL_NETWORKS,
  type FakePostView,
  type FleetIdentity,
  type FleetNetwork,
} from '../support/fake-fleet';

/** Instagram accounts and Google Business locations the fakes know (20 of each). */
export const IMAGE_URL_ACCOUNTS = 40;
/** The public image Instagram and Google Business posts carry: the fakes download it from a local image host. */
const PUBLIC_IMAGE_URL = `${IMAGE_HOST_ORIGIN}/front-desk.jpg`;
import { InProcessFleetFakes } from '../support/fleet-fakes';
import { IMAGE_HOST_ORIGIN, startImageHost } from '../support/image-host';
import { isFinal, tally, targetRows, waitUntilFinal, type Tally } from '../support/publish-tally';
import { PrivateRedis } from '../support/redis-server';
import { enqueueTargets, markerOf, seedBatch, type SeededBatch } from '../support/scheduler-seed';
import { stopWorkers, WorkerProcess } from '../support/worker-process';

export interface HarnessOptions {
  /** postgres://… (a schema of its own is made and dropped), or undefined for a SQLite file. */
  databaseUrl?: string;
  /** Accounts per batch (networks in turn); each batch gets fresh account rows and tokens. */
  accounts: number;
  workers: number;
  concurrency: number;
  networkTimeoutMs: number;
  /** PUBLISH_PREPARE_SECONDS for the workers and the adding queue (default: the app's). */
  prepareSeconds?: number;
  reconcileSeconds: number;
  accountPublishesPerMinute: number;
  /** A buildWorker() folder (compiled workers start faster); undefined: TypeScript through swc. */
  build?: string;
  log: (message: string) => void;
}

export interface FaultResult extends Tally {
  fault: string;
  /** Only when something is lost: how many targets are in each state (row and Bull job). */
  lost_detail?: Record<string, number>;
  /** Anything else a fault reports (kills made, connections dropped…). */
  [extra: string]: unknown;
  /** From the due instant until every target was final (or the time limit). */
  ms: number;
  timed_out: boolean;
}

export interface Batch extends SeededBatch {
  dueAt: Date;
}

export class FaultHarness {
  readonly workers: WorkerProcess[] = [];
  private batches = 0;
  private started = 0;
  /** Attempts that found their claim taken over while they ran (workers log it at warn), since fresh(). */
  private takenOver = 0;
  private constructor(
    readonly options: HarnessOptions,
    readonly redis: PrivateRedis,
    readonly fakes: InProcessFleetFakes,
    readonly resources: CoreResources,
    readonly publishQueue: PublishQueue,
    private readonly workerEnvBase: Record<string, string>,
    /** The workers' DATA_DIR (uploaded images live under it). */
    readonly dataDir: string,
    private readonly cleanup: () => Promise<void>,
  ) {}

  static async start(options: HarnessOptions): Promise<FaultHarness> {
    if (!options.databaseUrl)
      throw new Error('The fault harness runs queue mode (worker processes on Redis), which needs PostgreSQL');
    const id = randomBytes(4).toString('hex');
    const dir = mkdtempSync(join(tmpdir(), 'planner-faults-'));
    const schema = options.databaseUrl ? `faults_${id}` : undefined;
    const prefix = `faults-${id}`;
    const secretKey = randomBytes(32).toString('hex');
    const undo: Array<() => Promise<unknown> | unknown> = [() => rmSync(dir, { recursive: true, force: true })];
    const cleanup = async () => {
      while (undo.length)
        await Promise.resolve()
          .then(undo.pop()!)
          .catch((error: unknown) => options.log(`clean-up step failed: ${String(error)}`));
    };
    try {
      const redis = await PrivateRedis.start();
      undo.push(() => redis.stop());
      killOnExit(redis);
      // Enough identities for every batch: a batch's accounts are fresh rows (and tokens) on the same identities.
      const fakes = await InProcessFleetFakes.start({
        // The Facebook/LinkedIn/X fleet, and Instagram accounts with Google Business locations for their own batches.
        identities: [...fleetIdentities(options.accounts), ...fleetIdentities(IMAGE_URL_ACCOUNTS, IMAGE_URL_NETWORKS)],
        unlimited: false,
      });
      undo.push(() => fakes.close());
      // The practice's image host, as the networks reach it (DNS and TLS stand-ins): every .jpg is a JPEG.
      const images = await startImageHost({ anyJpeg: true });
      undo.push(() => images.close());
      fakes.fakes.serveOrigin(IMAGE_HOST_ORIGIN, images.localUrl);
      const databaseUrl = options.databaseUrl ?? `sqlite:${join(dir, 'faults.sqlite')}`;
      const env = {
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATA_DIR: dir,
        DATABASE_URL: databaseUrl,
        ...(schema ? { DATABASE_SCHEMA: schema } : {}),
        REDIS_URL: redis.url,
        QUEUE_PREFIX: prefix,
        SECRET_KEY: secretKey,
        ...(options.prepareSeconds !== undefined ? { PUBLISH_PREPARE_SECONDS: String(options.prepareSeconds) } : {}),
      };
      const resources = await openResources(ALL_ENTITIES, { migrate: true, env });
      undo.push(() => closeResources(resources));
      if (schema) undo.push(() => resources.dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
      // Built like the app builds it: with the per-account limiter, Bull groups a job by the suffix add() puts on
      // its id, so a queue without the limiter would add jobs the workers' limiter groups by due instant instead.
      const accountRate =
        options.accountPublishesPerMinute > 0
          ? { max: options.accountPublishesPerMinute, durationMs: 60_000 }
          : undefined;
      const publishQueue = new PublishQueue(
        createPublishQueue({ redisUrl: redis.url, prefix, accountRate }),
        resources.redis!,
        new TargetSchedule(resources.dataSource),
        new SystemClock(),
        prefix,
        resources.config.PUBLISH_PREPARE_SECONDS * 1000,
      );
      undo.push(() => publishQueue.queue.close());
      const workerEnv = {
        ...fakes.env,
        ...env,
        LOG_LEVEL: 'warn',
        NETWORK_CA_FILE: fakes.caFile,
        // Instagram and Google download images from the planner's public address: a post is refused at its checks
        // unless PUBLIC_URL is public https (the workers never serve it here: these posts carry a public image URL).
        PUBLIC_URL: 'https://planner.example-dental.com',
        // Workers' connections carry a name, so a fault can drop exactly those.
        DATABASE_URL: schema
          ? `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}application_name=${schema}_worker`
          : databaseUrl,
        WORKER_CONCURRENCY: String(options.concurrency),
        NETWORK_TIMEOUT_MS: String(options.networkTimeoutMs),
        RECONCILE_SECONDS: String(options.reconcileSeconds),
        ACCOUNT_PUBLISHES_PER_MINUTE: String(options.accountPublishesPerMinute),
      };
      const harness = new FaultHarness(options, redis, fakes, resources, publishQueue, workerEnv, dir, cleanup);
      undo.push(() => stopWorkers(harness.workers, 3000));
      await harness.keepWorkers();
      return harness;
    } catch (error) {
      await cleanup();
      throw error;
    }
  }

  get dataSource() {
    return this.resources.dataSource;
  }

  get queuePrefix(): string {
    return this.workerEnvBase.QUEUE_PREFIX;
  }

  get schema(): string | undefined {
    return this.workerEnvBase.DATABASE_SCHEMA;
  }

  /** `extraEnv`: on top of the usual configuration (a shorter lease, libfaketime…). */
  async startWorker(extraEnv: Record<string, string> = {}): Promise<WorkerProcess> {
    // FAULT_WORKER_LOG=info (or debug) shows the workers' own logs on stderr, for digging into a failure.
    const level = process.env.FAULT_WORKER_LOG;
    const label = `worker ${++this.started}`;
    const worker = await WorkerProcess.start({
      env: { ...this.workerEnvBase, ...extraEnv, ...(level ? { LOG_LEVEL: level } : {}) },
      build: this.options.build,
      label,
      startTimeoutMs: 90_000,
      onLine: (line) => {
        // The publisher's fenced() warnings: an attempt that acted on finding its claim taken over.
        if (line.toLowerCase().includes('this attempt no longer holds the target')) this.takenOver++;
        if (level) process.stderr.write(`[${label}] ${line}\n`);
      },
    });
    this.workers.push(worker);
    return worker;
  }

  /** Starts workers until `options.workers` are alive. */
  async keepWorkers(): Promise<void> {
    const missing = this.options.workers - this.live().length;
    await Promise.all(Array.from({ length: Math.max(0, missing) }, () => this.startWorker()));
  }

  /**
   * Stops the live workers (gracefully: held targets go back to the queue) and starts one per env instead, for a
   * fault that needs workers configured otherwise. The next fault's fresh() brings back the usual ones.
   */
  async replaceWorkers(envs: Array<Record<string, string>>): Promise<void> {
    await stopWorkers(this.live(), 10_000);
    await Promise.all(envs.map((env) => this.startWorker(env)));
  }

  /** Stops every live worker gracefully (fresh() starts the usual ones again). */
  async stopLiveWorkers(): Promise<void> {
    await stopWorkers(this.live(), 10_000);
  }

  live(): WorkerProcess[] {
    return this.workers.filter((w) => w.alive);
  }

  /** Targets this worker holds a claim on right now. */
  async claimsOf(worker: WorkerProcess): Promise<number> {
    const rows = (await this.dataSource.query(
      `SELECT count(*) AS n FROM post_targets WHERE status = 'publishing' AND "claimedBy" LIKE ${this.param(1)}`,
      [`${hostname()}:${worker.pid}#%`],
    )) as Array<{ n: string | number }>;
    return Number(rows[0].n);
  }

  /** PostgreSQL only: ends every connection the workers hold (pg_terminate_backend). Returns how many. */
  async dropWorkerConnections(): Promise<number> {
    if (!this.schema) throw new Error('dropping connections needs PostgreSQL');
    const rows = (await this.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`,
      [`${this.schema}_worker`],
    )) as Array<{ ok: boolean }>;
    return rows.filter((r) => r.ok).length;
  }

  /** Slows every call (uploads, posts, read-backs, tokens) on every network by `delayMs`. */
  async slowEveryCall(delayMs: number): Promise<void> {
    for (const network of ['facebook', 'linkedin', 'x'] as const)
      await this.fakes.fail(network, { kind: 'slow', operation: 'any', delayMs, times: 'until_cleared' });
  }

  /** Slows every publish on every network (so a batch is mid-publish long enough for a fault to land). */
  async slowPublishes(delayMs: number): Promise<void> {
    for (const network of ['facebook', 'linkedin', 'x'] as const)
      await this.fakes.fail(network, { kind: 'slow', operation: 'publish', delayMs, times: 'until_cleared' });
  }

  async injectEverywhere(spec: FaultSpec, networks: FleetNetwork[] = ['facebook', 'linkedin', 'x']): Promise<void> {
    for (const network of networks) await this.fakes.fail(network, spec);
  }

  /** Before each fault: the fakes forget earlier posts and faults, and every worker slot is filled. */
  async fresh(): Promise<void> {
    this.takenOver = 0;
    await this.fakes.reset();
    await this.keepWorkers();
  }

  /** Fresh practices, accounts (new tokens) and approved posts, with their jobs, due in `leadMs`. */
  async newBatch(
    targets: number,
    leadMs: number,
    accounts = this.options.accounts,
    { image = false, networks }: { image?: boolean; networks?: readonly FleetNetwork[] } = {},
  ): Promise<Batch> {
    const identities: FleetIdentity[] = fleetIdentities(accounts, networks);
    const needsPublicImage = identities.some((i) => IMAGE_URL_NETWORKS.includes(i.network));
    const tokens = await this.fakes.issueTokens(identities);
    const label = `f${(this.batches++).toString(36)}${randomBytes(2).toString('hex')}`;
    const dueAt = new Date(Date.now() + leadMs);
    const batch = await seedBatch(this.dataSource, {
      identities,
      tokens,
      practices: Math.ceil(accounts / 3),
      postsPerGroup: Math.max(1, Math.round(targets / accounts)),
      dueAt,
      label,
      secretKey: this.workerEnvBase.SECRET_KEY,
      image: image ? { dataDir: this.dataDir, bytes: FAULT_PNG, altText: 'Our front desk' } : undefined,
      imageUrl: needsPublicImage ? PUBLIC_IMAGE_URL : undefined,
    });
    await enqueueTargets(this.publishQueue, batch.targets);
    return { ...batch, dueAt };
  }

  /** Waits for every target to be final (or the limit), lets stragglers land, and counts. */
  async settle(fault: string, batch: Batch, timeLimitMs: number, graceMs = 2000): Promise<FaultResult> {
    const ids = batch.targets.map((t) => t.id);
    const final = await waitUntilFinal(
      this.dataSource,
      ids,
      Math.max(0, batch.dueAt.getTime() + timeLimitMs - Date.now()),
      250,
    );
    const ms = Date.now() - batch.dueAt.getTime();
    await new Promise((resolve) => setTimeout(resolve, graceMs));
    await this.fakes.clearFaults();
    const posts = await this.fakes.posts();
    const counted = await tally(this.dataSource, batch.targets, posts);
    const result: FaultResult = {
      fault,
      ...counted,
      ms,
      timed_out: final < ids.length,
      audit_chains_broken: await this.brokenAuditChains(batch),
      published_early: publishedEarly(batch, posts),
      claims_taken_over_while_running: this.takenOver,
    };
    if (counted.lost > 0) result.lost_detail = await this.lostDetail(batch);
    return result;
  }

  /** Practices of the batch whose audit hash chain does not verify (crashes and retries must never break it). */
  async brokenAuditChains(batch: Batch): Promise<number> {
    const audit = new AuditLog(this.dataSource, new SystemClock());
    let broken = 0;
    for (const practiceId of batch.practiceIds) if (!(await audit.verify(practiceId)).intact) broken++;
    return broken;
  }

  /** Why targets are not final: their row state and what Redis holds for them, counted by kind. */
  async lostDetail(batch: Batch): Promise<Record<string, number>> {
    const rows = await targetRows(
      this.dataSource,
      batch.targets.map((t) => t.id),
    );
    const detail: Record<string, number> = {};
    for (const target of batch.targets) {
      const row = rows.get(target.id);
      if (!row || isFinal(row)) continue;
      const full = await this.dataSource.getRepository(PostTarget).findOneBy({ id: target.id });
      const runAt =
        full?.nextAttemptAt && full.dueAt && full.nextAttemptAt > full.dueAt ? full.nextAttemptAt : full?.dueAt;
      let job = 'none';
      if (runAt) {
        const id = publishJobId(target.id, runAt);
        const found = await this.publishQueue.queue.getJob(groupedJobId(id, target.accountId));
        if (found)
          job = `${await found.getState()}${found.failedReason ? ` (${found.failedReason.slice(0, 60)})` : ''}`;
        // Prepared and held in a worker's memory until its time (its job has ended): see Launcher.
        else if (
          await this.publishQueue.hasJob({
            id: target.id,
            accountId: target.accountId,
            dueAt: full!.dueAt,
            nextAttemptAt: full!.nextAttemptAt,
          })
        )
          job = `held until ${runAt.toISOString()}`;
      }
      const lease = full?.leaseUntil ? (full.leaseUntil.getTime() < Date.now() ? 'lease expired' : 'lease held') : '';
      const key = [row.status, `attempts ${full?.attempts ?? '?'}`, row.lastErrorKind ?? '', lease, `job ${job}`]
        .filter(Boolean)
        .join(', ');
      detail[key] = (detail[key] ?? 0) + 1;
    }
    return detail;
  }

  async close(): Promise<void> {
    await this.cleanup();
  }

  private param(n: number): string {
    return this.schema ? `$${n}` : '?';
  }
}

/** If this process exits without cleaning up, its private redis-server goes with it. */
function killOnExit(redis: PrivateRedis): void {
  process.once('exit', () => (redis as unknown as { child?: { kill(signal: string): void } }).child?.kill('SIGKILL'));
}

/** A 1×1 PNG: the image every post of an image batch carries. */
const FAULT_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3bd1b0000000049454e44ae426082',
  'hex',
);

/**
 * Posts of the batch that reached a network before their time. The claim takes a target up to a second ahead
 * (so a job that fires a hair early is not refused), so only earlier than that counts.
 */
function publishedEarly(batch: Batch, posts: FakePostView[]): number {
  const markers = new Set(batch.targets.map((t) => t.marker));
  return posts.filter((p) => {
    const marker = markerOf(p.text);
    return marker !== undefined && markers.has(marker) && p.at < batch.dueAt.getTime() - 1500;
  }).length;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` holds or `timeoutMs` passes; returns whether it held. */
export async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(everyMs);
  }
}
