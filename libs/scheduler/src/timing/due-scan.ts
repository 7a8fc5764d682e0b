// Embedded mode's clock: every second, the targets whose time (or retry time) comes within the prepare window are
// read from the database, prepared and handed to the launcher, which publishes each at its time with the same
// claims, checks, retries and read-back as queue mode. Expired leases (an attempt cut off by a crash) are taken
// over, reading back first. Nothing lives only in memory: after a restart the next pass finds everything again.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { TargetSchedule, TargetTiming } from '@app/posts';
import { APP_CONFIG, Clock, KeyValueStore, Periodic, ResolvedConfig } from '@app/core';
import { Launcher } from '../publish/launcher';
import { TargetPublisher } from '../publish/target-publisher';
import { runAtOf } from '../queue/jobs';
import { WORKER_ID } from '../scheduler.module';
import { AccountPace } from './account-pace';
import { PRESENCE_TTL_MS, presenceKey } from './presence';

export const SCAN_EVERY_MS = 1000;
/** Rows read per query; a burst of 10,000 due targets is read in a few pages (timing columns only). */
const PAGE = 2000;
const LEASE_BATCH = 500;

export interface ScanReport {
  /** Targets handed on this pass (prepared and held, or run at once). */
  started: number;
  /** Due but waiting for the account's per-minute limit. */
  paced: number;
  leasesTaken: number;
}

@Injectable()
export class DueScan implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DueScan.name);
  private readonly loop: Periodic;
  private readonly pace: AccountPace;
  /** Targets being prepared for the launcher (not yet held): a pass meanwhile must not start them again. */
  private readonly starting = new Set<string>();
  private stopped = false;

  constructor(
    private readonly schedule: TargetSchedule,
    private readonly publisher: TargetPublisher,
    @Inject(Launcher) private readonly launcher: Launcher,
    private readonly clock: Clock,
    private readonly store: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    this.pace = new AccountPace(config.ACCOUNT_PUBLISHES_PER_MINUTE, 60_000);
    this.loop = new Periodic(() => this.runOnce(), {
      everyMs: SCAN_EVERY_MS,
      firstAfterMs: 0,
      onError: (error) => this.logger.warn({ err: error }, 'Due scan failed; the next pass (in a second) retries'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** The launcher then finishes what it started (WorkerRuntimeModule stops it before this). */
  onApplicationShutdown(): void {
    this.stopped = true;
    this.loop.stop();
  }

  async runOnce(): Promise<ScanReport> {
    const now = this.clock.now().getTime();
    await this.store.set(presenceKey(this.config.QUEUE_PREFIX), this.workerId, PRESENCE_TTL_MS);
    const report: ScanReport = { started: 0, paced: 0, leasesTaken: 0 };
    const horizon = new Date(now + this.config.PUBLISH_PREPARE_SECONDS * 1000);
    let after: { dueAt: Date; id: string } | undefined;
    for (;;) {
      const page = await this.schedule.runnableBy(horizon, PAGE, after);
      for (const target of page) {
        const runAt = runAtOf(target).getTime();
        if (this.stopped || this.starting.has(target.id) || this.launcher.has(target.id, runAt)) continue;
        if (!this.pace.take(target.accountId, now)) {
          report.paced++;
          continue;
        }
        report.started++;
        this.start(target, runAt, now);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1];
      after = { dueAt: last.dueAt!, id: last.id };
    }
    for (const lease of await this.schedule.expiredLeases(new Date(now), LEASE_BATCH)) {
      if (this.stopped || this.launcher.has(lease.id, 0)) continue;
      report.leasesTaken++;
      // The claim takes the expired lease over and reads the account's recent posts before posting again.
      this.follow(lease.id, this.launcher.runNow(lease.id));
    }
    if (report.leasesTaken) this.logger.log(report, 'Due scan took over expired leases');
    else if (report.paced) this.logger.debug(report, 'Due scan: targets waiting for their account limit');
    return report;
  }

  /**
   * Ahead of its time a target is prepared (its checks run now) and held; one that is due goes to the launcher
   * unprepared, so the launcher's concurrency bounds a burst, and the checks run at the claim.
   */
  private start(target: TargetTiming, runAt: number, now: number): void {
    const unprepared = {
      targetId: target.id,
      accountId: target.accountId,
      runAt,
      dueAt: target.dueAt!,
      nextAttemptAt: target.nextAttemptAt,
    };
    const handOn =
      runAt > now
        ? this.publisher
            .prepare(target.id)
            .then((preparation) => this.launcher.hold(preparation.kind === 'hold' ? preparation.prepared : unprepared))
        : this.launcher.hold(unprepared);
    this.starting.add(target.id);
    this.follow(
      target.id,
      handOn.finally(() => this.starting.delete(target.id)),
    );
  }

  private follow(targetId: string, work: Promise<unknown>): void {
    work.catch((error: unknown) =>
      this.logger.warn({ err: error, targetId }, 'Could not start a due target; the next pass tries again'),
    );
  }
}
