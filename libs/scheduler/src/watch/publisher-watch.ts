// With no live publisher (every worker stopped in queue mode, or the embedded loop stalled) nothing else notices
// that scheduled posts are not going out: the worker raises lateness alerts only when it runs. The API process
// watches instead, raises one critical alert per practice with overdue posts, and delivers pending alerts itself
// (delivery is otherwise a worker's job). The alert closes when a publisher is live again.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { AlertNotifier, AlertsService } from '@app/alerts';
import { APP_CONFIG, Clock, KeyValueStore, Mailer, Periodic, REDIS, ResolvedConfig } from '@app/core';
import { TargetSchedule } from '@app/posts';
import { PracticeStore } from '@app/practices';
import { livePublishers } from '../worker-heartbeat';

/** The alert's key: one per practice while the cause lasts. */
export const NO_PUBLISHER_ALERT = 'no_publisher';
const EVERY_MS = 60_000;
/** A target this late with no publisher is not a scan's normal delay. */
export const OVERDUE_GRACE_MS = 2 * 60_000;

export interface WatchReport {
  publishers: number;
  practicesAlerted: number;
  resolved: number;
}

@Injectable()
export class PublisherWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PublisherWatch.name);
  private readonly loop: Periodic;
  private readonly notifier: AlertNotifier;
  private readonly practices: PracticeStore;

  constructor(
    dataSource: DataSource,
    private readonly schedule: TargetSchedule,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    private readonly store: KeyValueStore,
    mailer: Mailer,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
    @Optional() @Inject(REDIS) private readonly redis: Redis | null,
  ) {
    this.practices = new PracticeStore(dataSource);
    this.notifier = new AlertNotifier(dataSource, clock, mailer, {
      webhookUrl: config.ALERT_WEBHOOK_URL,
      webhookSecret: config.ALERT_WEBHOOK_SECRET,
      publicUrl: config.PUBLIC_URL,
    });
    this.loop = new Periodic(() => this.runLocked(), {
      everyMs: EVERY_MS,
      onError: (error) => this.logger.warn({ err: error }, 'Publisher watch failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  /** One API instance a minute does the work; the alerts' keys keep it to one alert per practice anyway. */
  private async runLocked(): Promise<WatchReport | null> {
    const held = await this.store.setIfAbsent(`${this.config.QUEUE_PREFIX}:publisher-watch`, '1', EVERY_MS - 1000);
    return held ? this.run() : null;
  }

  async run(): Promise<WatchReport> {
    const publishers = await livePublishers(this.config, this.store, this.redis ?? null, this.clock.now()).catch(
      () => 0,
    );
    if (publishers > 0) {
      return { publishers, practicesAlerted: 0, resolved: await this.alerts.resolveEverywhere(NO_PUBLISHER_ALERT) };
    }
    const overdue = await this.schedule.overdueByPractice(new Date(this.clock.now().getTime() - OVERDUE_GRACE_MS));
    let practicesAlerted = 0;
    for (const { practiceId, count, earliestDueAt } of overdue) {
      const practice = await this.practices.byId(practiceId);
      const since = DateTime.fromJSDate(earliestDueAt, { zone: practice?.timezone ?? 'UTC' }).toFormat(
        "ccc d LLL 'at' HH:mm ZZZZ",
      );
      const raised = await this.alerts.raise(practiceId, {
        kind: 'late_publish',
        severity: 'critical',
        title: 'Scheduled posts are not going out',
        message:
          `${count === 1 ? 'A scheduled post' : `${count} scheduled posts`} due since ${since} ` +
          `${count === 1 ? 'has' : 'have'} not gone out: no publishing worker is running. Ask whoever runs the app to ` +
          `start a worker (or restart the app). Posts go out when it starts, unless they are more than ` +
          `${this.config.MAX_LATENESS_MINUTES} minutes late; those are marked too late for you to reschedule.`,
        link: '/calendar',
        dedupeKey: NO_PUBLISHER_ALERT,
        details: { overdue: count, earliestDueAt: earliestDueAt.toISOString() },
      });
      if (raised) practicesAlerted++;
    }
    if (practicesAlerted) {
      this.logger.error({ practices: practicesAlerted }, 'No live publisher while scheduled posts are overdue');
      await this.notifier.deliverPending();
    }
    return { publishers, practicesAlerted, resolved: 0 };
  }
}
