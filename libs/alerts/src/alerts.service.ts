// Raising, listing and resolving alerts. Raising never throws into the caller's work: an alert is a side
// effect and must not undo or block a publish (Mixpost #150); delivery happens later, from the worker.
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, NotFoundError } from '@app/core';
import { Alert, AlertKind, AlertSeverity } from './alert.entity';
import { AlertStore } from './alert-store';

export interface NewAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  message: string;
  link?: string | null;
  /** Same key while open = same alert (e.g. `target_failed:<targetId>`). */
  dedupeKey: string;
  /** The dedupe key of the alert that stands for this one's cause: e-mailed with it, not again on its own. */
  incidentKey?: string | null;
  details?: Record<string, unknown>;
}

export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);
  private readonly store: AlertStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.store = new AlertStore(dataSource);
  }

  /** Creates the alert unless one with the same key is open. Returns it, or null when it already existed. */
  async raise(
    practiceId: string,
    alert: NewAlert,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Alert | null> {
    if (await this.store.isOpen(practiceId, alert.dedupeKey, manager)) return null;
    try {
      return await this.store.add(practiceId, alert, manager);
    } catch (error) {
      // A concurrent raise of the same key won the unique index: that is the one alert.
      if (await this.store.isOpen(practiceId, alert.dedupeKey, manager)) return null;
      this.logger.error({ err: error, practiceId, kind: alert.kind }, 'Could not record an alert');
      return null;
    }
  }

  /** Closes open alerts with this key (the cause went away, e.g. the account was reconnected). */
  async resolve(
    practiceId: string,
    dedupeKey: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const open = await this.store.openByKey(practiceId, dedupeKey, manager);
    for (const alert of open)
      await this.store.close(practiceId, alert.id, this.clock.now(), { onlyIfOpen: false }, manager);
  }

  /** Closes every practice's open alerts with this key (a cause shared by all, e.g. no publisher running). */
  async resolveEverywhere(dedupeKey: string): Promise<number> {
    const open = await this.store.openEverywhere(dedupeKey);
    for (const alert of open)
      await this.store.close(alert.practiceId, alert.id, this.clock.now(), { onlyIfOpen: false });
    return open.length;
  }

  /** The practices with an open alert under this key. */
  async practicesWithOpen(dedupeKey: string): Promise<string[]> {
    return (await this.store.openEverywhere(dedupeKey)).map((a) => a.practiceId);
  }

  /** Open alerts whose key starts with `prefix` (all of one post's `approval_waiting:<postId>:<time>` alerts). */
  openWithPrefix(
    practiceId: string,
    prefix: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Alert[]> {
    return this.store.openWithPrefix(practiceId, prefix, manager);
  }

  /** Closes these alerts (found by openWithPrefix) because their cause has ended. */
  async close(alerts: readonly Alert[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    for (const alert of alerts)
      await this.store.close(alert.practiceId, alert.id, this.clock.now(), { onlyIfOpen: true }, manager);
  }

  /** How many alerts need someone's attention: the navigation badge and the alerts page both show this. */
  countOpen(practiceId: string): Promise<number> {
    return this.store.countNeedingAttention(practiceId);
  }

  list(practiceId: string, options: { open?: boolean; limit: number }): Promise<Alert[]> {
    return this.store.latest(practiceId, { needingAttention: options.open, limit: options.limit });
  }

  async acknowledge(practiceId: string, userId: string, alertId: string): Promise<Alert> {
    const alert = await this.store.byId(practiceId, alertId);
    if (!alert) throw new NotFoundError('Alert', alertId);
    if (!alert.acknowledgedAt) await this.store.acknowledge(practiceId, alert.id, userId, this.clock.now());
    return (await this.store.byId(practiceId, alert.id))!;
  }
}
