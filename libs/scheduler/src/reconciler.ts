// Every minute, one worker compares the database (the truth) with Redis: it re-creates jobs lost in a
// flush, restart or failover, picks up due targets no job holds and expired leases, and raises the
// alerts for posts that are still not approved as their time comes. In embedded mode the due scan does the
// first part every second, and this pass only raises the alerts.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AlertsService } from '@app/alerts';
import { TargetSchedule } from '@app/posts';
import { APP_CONFIG, Clock, KeyValueStore, Periodic, ResolvedConfig } from '@app/core';
import { WORKER_ID } from './scheduler.module';
import { PUBLISH_TIMING, PublishTiming } from './timing/publish-timing';

const LOOKAHEAD_MS = 26 * 3600_000;
const BATCH = 2000;

export interface ReconcileReport {
  restored: number;
  leasesRecovered: number;
  alerts: number;
}

@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Reconciler.name);
  private readonly loop: Periodic;
  private running = false;

  constructor(
    private readonly schedule: TargetSchedule,
    @Inject(PUBLISH_TIMING) private readonly publishQueue: PublishTiming,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly store: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Inject(WORKER_ID) private readonly workerId: string,
  ) {
    this.loop = new Periodic(() => this.runOnce(), {
      everyMs: config.RECONCILE_SECONDS * 1000,
      firstAfterMs: 1000,
      onError: (error) => this.logger.warn({ err: error }, 'Reconcile pass failed; next pass will retry'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** One pass, if no other worker holds the reconcile lock. */
  async runOnce(): Promise<ReconcileReport | null> {
    if (this.running) return null;
    const lock = `${this.config.QUEUE_PREFIX}:reconcile-lock`;
    const held = await this.store.setIfAbsent(
      lock,
      this.workerId,
      Math.max(this.config.RECONCILE_SECONDS * 1000 - 500, 1000),
    );
    if (!held) return null;
    this.running = true;
    try {
      const now = this.clock.now();
      const queued = this.publishQueue.mode === 'queue';
      const report = {
        restored: queued ? await this.restoreJobs(now) : 0,
        leasesRecovered: queued ? await this.recoverLeases(now) : 0,
        alerts: (await this.unapprovedAlerts(now)) + (await this.waitingApprovals(now)),
      };
      if (report.restored || report.leasesRecovered || report.alerts) this.logger.log(report, 'Reconciled');
      return report;
    } finally {
      this.running = false;
    }
  }

  private async restoreJobs(now: Date): Promise<number> {
    return this.publishQueue.restoreJobs(await this.schedule.dueBy(new Date(now.getTime() + LOOKAHEAD_MS), BATCH));
  }

  private async recoverLeases(now: Date): Promise<number> {
    const stale = await this.schedule.expiredLeases(now, BATCH);
    for (const target of stale) {
      // The job runs at once; the claim takes the expired lease and reads back before posting. (Restored, not
      // just added: if that job failed too, its id would block the next pass's add.)
      await this.publishQueue.restoreJob({
        id: target.id,
        accountId: target.accountId,
        dueAt: target.leaseUntil,
        nextAttemptAt: null,
      });
    }
    return stale.length;
  }

  /** Posts waiting for a reviewer when their slot is less than APPROVAL_WARNING_HOURS away. */
  private async waitingApprovals(now: Date): Promise<number> {
    const posts = await this.schedule.inReviewBefore(
      now,
      new Date(now.getTime() + this.config.APPROVAL_WARNING_HOURS * 3600_000),
      BATCH,
    );
    let raised = 0;
    for (const post of posts) {
      const alert = await this.alerts.raise(post.practiceId, {
        kind: 'approval_waiting',
        severity: 'warning',
        title: 'A post is waiting for review and its time is near',
        message: `The post planned for ${post.scheduledLocal} (${post.timezone}) is waiting for a reviewer. It will not be published unless it is approved before then.`,
        link: `/posts/${post.id}`,
        dedupeKey: `approval_waiting:${post.id}:${post.scheduledAt!.getTime()}`,
      });
      if (alert) raised++;
    }
    return raised;
  }

  /** A post that is not approved when its time comes does not go out; say so before and at that time. */
  private async unapprovedAlerts(now: Date): Promise<number> {
    const soon = new Date(now.getTime() + 3600_000);
    const posts = await this.schedule.unapprovedBetween(new Date(now.getTime() - 24 * 3600_000), soon, BATCH);
    let raised = 0;
    for (const post of posts) {
      const missed = post.scheduledAt! <= now;
      const alert = await this.alerts.raise(post.practiceId, {
        kind: missed ? 'unapproved_missed' : 'unapproved_near_slot',
        severity: missed ? 'critical' : 'warning',
        title: missed
          ? 'A post was not approved in time and did not go out'
          : 'A post is due within the hour and is not approved',
        message: missed
          ? `The post planned for ${post.scheduledLocal} (${post.timezone}) was still ${post.status.replace(/_/g, ' ')} at its time, so it was not published. Approve it and pick a new time if it still makes sense.`
          : `The post planned for ${post.scheduledLocal} (${post.timezone}) is ${post.status.replace(/_/g, ' ')}. Unless a reviewer approves it before then, it will not be published.`,
        link: `/posts/${post.id}`,
        dedupeKey: `${missed ? 'unapproved_missed' : 'unapproved_near_slot'}:${post.id}:${post.scheduledAt!.getTime()}`,
      });
      if (alert) raised++;
    }
    return raised;
  }
}
