// The alerts table: raising and closing a practice's alerts, the page's reads, and the delivery bookkeeping.
// Every method on one practice's alerts takes practiceId first; the two that span practices say so by name
// (a cause shared by all, the worker's delivery queue).
import { Brackets, DataSource, EntityManager, In, IsNull, LessThan, Like, Not } from 'typeorm';
import { Alert } from './alert.entity';

/** What a new alert is made of; the store fills in its open, unacknowledged, undelivered state. */
export type AlertFields = Pick<Alert, 'kind' | 'severity' | 'title' | 'message' | 'dedupeKey'> &
  Partial<Pick<Alert, 'link' | 'incidentKey' | 'details'>>;

/** One delivery pass's hold on alerts: its token (unique per claim) and when the hold ends unless renewed. */
export interface DeliveryLease {
  token: string;
  now: Date;
  until: Date;
}

export class AlertStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether an alert with this key is open (an open key is one alert: the unique index says so too). */
  isOpen(practiceId: string, dedupeKey: string, tx?: EntityManager): Promise<boolean> {
    return this.repo(tx).existsBy({ practiceId, dedupeKey, openMarker: 'open' });
  }

  /** Stores a new open alert; throws when an open alert with its key won the unique index first. */
  add(practiceId: string, alert: AlertFields, tx?: EntityManager): Promise<Alert> {
    const repo = this.repo(tx);
    return repo.save(
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
        deliveryClaimedBy: null,
        deliveryClaimedUntil: null,
        emailedAt: null,
        webhookSentAt: null,
      }),
    );
  }

  openByKey(practiceId: string, dedupeKey: string, tx?: EntityManager): Promise<Alert[]> {
    return this.repo(tx).findBy({ practiceId, dedupeKey, openMarker: 'open' });
  }

  /** Open alerts whose key starts with `prefix`. */
  async openWithPrefix(practiceId: string, prefix: string, tx?: EntityManager): Promise<Alert[]> {
    // LIKE's "_" matches any one character (and SQLite has no default escape), so the exact prefix is checked here.
    const rows = await this.repo(tx).find({ where: { practiceId, openMarker: 'open', dedupeKey: Like(`${prefix}%`) } });
    return rows.filter((a) => a.dedupeKey.startsWith(prefix));
  }

  /** Every practice's open alerts with this key (a cause shared by all, e.g. no publisher running). */
  openEverywhere(dedupeKey: string, tx?: EntityManager): Promise<Alert[]> {
    return this.repo(tx).findBy({ dedupeKey, openMarker: 'open' });
  }

  /**
   * Closes an alert: its open marker becomes its own id, which frees the key for a new alert. `onlyIfOpen`: leaves
   * an alert that something else closed meanwhile as it was.
   */
  async close(
    practiceId: string,
    alertId: string,
    at: Date,
    options: { onlyIfOpen: boolean },
    tx?: EntityManager,
  ): Promise<void> {
    await this.repo(tx).update(
      { practiceId, id: alertId, ...(options.onlyIfOpen ? { openMarker: 'open' } : {}) },
      { openMarker: alertId, resolvedAt: at },
    );
  }

  /** Open and not acknowledged: what needs someone's attention. */
  countNeedingAttention(practiceId: string, tx?: EntityManager): Promise<number> {
    return this.repo(tx).countBy({ practiceId, openMarker: 'open', acknowledgedAt: IsNull() });
  }

  /** Newest first; `needingAttention`: only the open, unacknowledged ones. */
  latest(practiceId: string, options: { needingAttention?: boolean; limit: number }, tx?: EntityManager) {
    return this.repo(tx).find({
      where: { practiceId, ...(options.needingAttention ? { openMarker: 'open', acknowledgedAt: IsNull() } : {}) },
      order: { createdAt: 'DESC' },
      take: options.limit,
    });
  }

  byId(practiceId: string, alertId: string, tx?: EntityManager): Promise<Alert | null> {
    return this.repo(tx).findOneBy({ practiceId, id: alertId });
  }

  async acknowledge(practiceId: string, alertId: string, userId: string, at: Date, tx?: EntityManager): Promise<void> {
    await this.repo(tx).update({ practiceId, id: alertId }, { acknowledgedAt: at, acknowledgedById: userId });
  }

  /**
   * The delivery queue, across practices: alerts not yet delivered on every channel and held by no pass (or held
   * by a lease that ended before `now`), oldest first.
   */
  undelivered(maxAttempts: number, limit: number, now: Date, tx?: EntityManager): Promise<Alert[]> {
    const due = { notifiedAt: IsNull(), notifyAttempts: LessThan(maxAttempts) };
    return this.repo(tx).find({
      where: [
        { ...due, deliveryClaimedUntil: IsNull() },
        { ...due, deliveryClaimedUntil: LessThan(now) },
      ],
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  /**
   * Takes these alerts for one delivery pass, as one conditional update: those still undelivered, under the attempt
   * limit and held by nobody (or by a lease that ended: its process died) get the lease and count an attempt. Returns
   * the rows this lease won, as they are now (another pass may have sent a channel since they were read).
   */
  async claimDelivery(
    practiceId: string,
    alertIds: string[],
    lease: DeliveryLease,
    maxAttempts: number,
    tx?: EntityManager,
  ): Promise<Alert[]> {
    if (alertIds.length === 0) return [];
    const repo = this.repo(tx);
    const update = repo
      .createQueryBuilder()
      .update()
      .set({
        deliveryClaimedBy: lease.token,
        deliveryClaimedUntil: lease.until,
        notifyAttempts: () => '"notifyAttempts" + 1',
      })
      .where({ practiceId, id: In(alertIds), notifiedAt: IsNull(), notifyAttempts: LessThan(maxAttempts) })
      .andWhere(
        new Brackets((q) =>
          q.where('"deliveryClaimedUntil" IS NULL').orWhere('"deliveryClaimedUntil" < :now', { now: lease.now }),
        ),
      );
    // PostgreSQL hands the won rows back with the update; SQLite (one writer) reads them back by the lease's token.
    if (repo.manager.connection.options.type === 'postgres') {
      const result = await update.returning('*').execute();
      return (result.raw as Array<Partial<Alert>>).map((row) => repo.create(row));
    }
    const result = await update.execute();
    return result.affected ? repo.findBy({ practiceId, id: In(alertIds), deliveryClaimedBy: lease.token }) : [];
  }

  /** Extends a lease still held to `until`; how many of the alerts it still holds. */
  async renewDelivery(
    practiceId: string,
    alertIds: string[],
    token: string,
    until: Date,
    tx?: EntityManager,
  ): Promise<number> {
    const result = await this.repo(tx).update(
      { practiceId, id: In(alertIds), deliveryClaimedBy: token },
      { deliveryClaimedUntil: until },
    );
    return result.affected ?? 0;
  }

  /** Lets go of what this lease still holds (a lease another pass took over after it ended stays theirs). */
  async releaseDelivery(practiceId: string, alertIds: string[], token: string, tx?: EntityManager): Promise<void> {
    await this.repo(tx).update(
      { practiceId, id: In(alertIds), deliveryClaimedBy: token },
      { deliveryClaimedBy: null, deliveryClaimedUntil: null },
    );
  }

  /** Records a channel's delivery (or delivery on every channel: notifiedAt) for these alerts. */
  async markDelivered(
    practiceId: string,
    alertIds: string[],
    channel: 'emailedAt' | 'webhookSentAt' | 'notifiedAt',
    at: Date,
    tx?: EntityManager,
  ): Promise<void> {
    await this.repo(tx).update({ practiceId, id: In(alertIds) }, { [channel]: at });
  }

  /** Whether the open alert with this key is another than these (the incident's own alert, held elsewhere). */
  openElsewhere(practiceId: string, dedupeKey: string, except: Alert[], tx?: EntityManager): Promise<boolean> {
    return this.repo(tx).existsBy({ practiceId, dedupeKey, openMarker: 'open', id: Not(In(except.map((a) => a.id))) });
  }

  /** The open alerts raised for this incident, other than these, oldest first. */
  openOfIncident(
    practiceId: string,
    incidentKey: string,
    except: Alert[],
    limit: number,
    tx?: EntityManager,
  ): Promise<Alert[]> {
    return this.repo(tx).find({
      where: { practiceId, incidentKey, openMarker: 'open', id: Not(In(except.map((a) => a.id))) },
      order: { createdAt: 'ASC' },
      take: limit,
    });
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(Alert);
  }
}
