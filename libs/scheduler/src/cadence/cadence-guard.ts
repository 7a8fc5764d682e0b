// Keeps accounts from going quiet: looks ahead, raises a cadence_gap alert per gap, and (where the
// practice opted in) fills gaps with approved evergreen posts. One worker runs it at a time.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { AccountStore, SocialAccount } from '@app/accounts';
import { EvergreenFill, SCHEDULE_SYNC, ScheduleSync, TargetSchedule } from '@app/posts';
import { APP_CONFIG, Clock, KeyValueStore, Periodic, ResolvedConfig } from '@app/core';
import { Practice, PracticeStore } from '@app/practices';
import { CadenceGap, findGaps, slotInGap } from './gaps';

export interface CadenceReport {
  accounts: number;
  gaps: number;
  filled: number;
}

@Injectable()
export class CadenceGuard implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CadenceGuard.name);
  private readonly loop: Periodic;
  private readonly accounts: AccountStore;
  private readonly practices: PracticeStore;

  constructor(
    dataSource: DataSource,
    private readonly schedule: TargetSchedule,
    private readonly evergreen: EvergreenFill,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
    @Inject(SCHEDULE_SYNC) private readonly sync: ScheduleSync,
    private readonly store: KeyValueStore,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {
    this.accounts = new AccountStore(dataSource);
    this.practices = new PracticeStore(dataSource);
    this.loop = new Periodic(() => this.runLocked(), {
      everyMs: config.CADENCE_CHECK_MINUTES * 60_000,
      onError: (error) => this.logger.warn({ err: error }, 'Cadence check failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }

  private async runLocked(): Promise<CadenceReport | null> {
    const held = await this.store.setIfAbsent(
      `${this.config.QUEUE_PREFIX}:cadence-lock`,
      '1',
      this.config.CADENCE_CHECK_MINUTES * 60_000 - 1000,
    );
    return held ? this.run() : null;
  }

  /** Checks every account with a cadence, optionally only one practice's. */
  async run(practiceId?: string): Promise<CadenceReport> {
    const now = this.clock.now();
    const accounts = practiceId
      ? await this.accounts.withCadence(practiceId)
      : await this.accounts.withCadenceEverywhere();
    const report = { accounts: 0, gaps: 0, filled: 0 };
    for (const account of accounts.filter((a) => a.cadence)) {
      report.accounts++;
      const practice = await this.practices.byId(account.practiceId);
      if (!practice) continue;
      let gaps = await this.gapsFor(account, practice, now);
      if (account.evergreenFill) {
        for (const gap of gaps) {
          const slot = slotInGap(account.cadence!, practice.timezone, gap, now);
          const filled = slot ? await this.evergreen.fill(account, practice, slot) : null;
          if (filled) {
            report.filled++;
            await this.sync.scheduled(account.practiceId, filled.id);
          }
        }
        if (report.filled) gaps = await this.gapsFor(account, practice, now);
      }
      // A gap that a new post filled, or a relaxed cadence removed, is no longer a reason for its alert.
      const gapKey = (gap: CadenceGap) =>
        `cadence_gap:${account.id}:${gap.kind}:${gap.from.toISOString().slice(0, 10)}`;
      const current = new Set(gaps.map(gapKey));
      const open = await this.alerts.openWithPrefix(account.practiceId, `cadence_gap:${account.id}:`);
      await this.alerts.close(open.filter((a) => !current.has(a.dedupeKey)));
      for (const gap of gaps) {
        report.gaps++;
        await this.alerts.raise(account.practiceId, {
          kind: 'cadence_gap',
          severity: 'warning',
          title: `${account.name} is about to go quiet`,
          message: `${gap.message} Schedule a post${account.evergreenFill ? '' : ', or turn on evergreen fill for this account'}.`,
          link: '/calendar',
          dedupeKey: gapKey(gap),
          details: {
            accountId: account.id,
            kind: gap.kind,
            from: gap.from.toISOString(),
            to: gap.to.toISOString(),
            planned: gap.planned,
          },
        });
      }
    }
    return report;
  }

  private async gapsFor(account: SocialAccount, practice: Practice, now: Date): Promise<CadenceGap[]> {
    const planned = await this.schedule.plannedDueTimes(account.practiceId, account.id);
    const last = await this.schedule.lastPublishedAt(account.practiceId, account.id, now);
    return findGaps(account.cadence!, practice.timezone, now, this.config.CADENCE_LOOKAHEAD_DAYS, last, planned);
  }
}
