// Raising, listing and resolving alerts. Raising never throws into the caller's work: an alert is a side
// effect and must not undo or block a publish (Mixpost #150); delivery happens later, from the worker.
import { Logger } from '@nestjs/common';
import { DataSource, EntityManager, IsNull, Like } from 'typeorm';
import { Clock, NotFoundError } from '@app/core';
import { Alert, AlertKind, AlertSeverity } from './alert.entity';

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

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Creates the alert unless one with the same key is open. Returns it, or null when it already existed. */
  async raise(
    practiceId: string,
    alert: NewAlert,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Alert | null> {
    const repo = manager.getRepository(Alert);
    if (await repo.existsBy({ practiceId, dedupeKey: alert.dedupeKey, openMarker: 'open' })) return null;
    try {
      return await repo.save(
        repo.create({
          practiceId,
          ...alert,
          link: alert.link ?? null,
          incidentKey: alert.incidentKey ?? null,
          details: alert.details ?? {},
          openMarker: 'open',
          resolvedAt: null,
          acknowledgedAt: null,
          acknowledgedById: null,
          notifiedAt: null,
          notifyAttempts: 0,
          emailedAt: null,
          webhookSentAt: null,
        }),
      );
    } catch (error) {
      // A concurrent raise of the same key won the unique index: that is the one alert.
      if (await repo.existsBy({ practiceId, dedupeKey: alert.dedupeKey, openMarker: 'open' })) return null;
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
    const open = await manager.getRepository(Alert).findBy({ practiceId, dedupeKey, openMarker: 'open' });
    for (const alert of open)
      await manager
        .getRepository(Alert)
        .update({ id: alert.id }, { openMarker: alert.id, resolvedAt: this.clock.now() });
  }

  /** Closes every practice's open alerts with this key (a cause shared by all, e.g. no publisher running). */
  async resolveEverywhere(dedupeKey: string): Promise<number> {
    const repo = this.dataSource.getRepository(Alert);
    const open = await repo.findBy({ dedupeKey, openMarker: 'open' });
    for (const alert of open)
      await repo.update({ id: alert.id }, { openMarker: alert.id, resolvedAt: this.clock.now() });
    return open.length;
  }

  /** Open alerts whose key starts with `prefix` (all of one post's `approval_waiting:<postId>:<time>` alerts). */
  async openWithPrefix(
    practiceId: string,
    prefix: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Alert[]> {
    // LIKE's "_" matches any one character (and SQLite has no default escape), so the exact prefix is checked here.
    const rows = await manager.getRepository(Alert).find({
      where: { practiceId, openMarker: 'open', dedupeKey: Like(`${prefix}%`) },
    });
    return rows.filter((a) => a.dedupeKey.startsWith(prefix));
  }

  /** Closes these alerts (found by openWithPrefix) because their cause has ended. */
  async close(alerts: readonly Alert[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    for (const alert of alerts)
      await manager
        .getRepository(Alert)
        .update({ id: alert.id, openMarker: 'open' }, { openMarker: alert.id, resolvedAt: this.clock.now() });
  }

  /** How many alerts need someone's attention: the navigation badge and the alerts page both show this. */
  countOpen(practiceId: string): Promise<number> {
    return this.dataSource.getRepository(Alert).countBy({ practiceId, openMarker: 'open', acknowledgedAt: IsNull() });
  }

  list(practiceId: string, options: { open?: boolean; limit: number }): Promise<Alert[]> {
    return this.dataSource.getRepository(Alert).find({
      where: { practiceId, ...(options.open ? { openMarker: 'open', acknowledgedAt: IsNull() } : {}) },
      order: { createdAt: 'DESC' },
      take: options.limit,
    });
  }

  async acknowledge(practiceId: string, userId: string, alertId: string): Promise<Alert> {
    const repo = this.dataSource.getRepository(Alert);
    const alert = await repo.findOneBy({ practiceId, id: alertId });
    if (!alert) throw new NotFoundError('Alert', alertId);
    if (!alert.acknowledgedAt)
      await repo.update({ id: alert.id }, { acknowledgedAt: this.clock.now(), acknowledgedById: userId });
    return (await repo.findOneBy({ id: alert.id }))!;
  }
}
