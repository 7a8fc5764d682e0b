// Delivers alerts by e-mail (to the practice's admins and reviewers) and by a signed webhook. Runs in the
// worker on a timer; the database says what is still to send, so nothing is lost if a worker dies.
// E-mail goes through core's Mailer, the process's one SMTP transport (password-reset links use it too).
import { Logger } from '@nestjs/common';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock, listIn, Mailer, Periodic } from '@app/core';
import { MembersStore, Practice, PracticeStore } from '@app/practices';
import { Alert } from './alert.entity';
import { AlertStore } from './alert-store';

export interface NotifierSettings {
  webhookUrl?: string;
  webhookSecret?: string;
  publicUrl: string;
  /** DELIVERY_LEASE_MS unless set (tests shorten it). */
  deliveryLeaseMs?: number;
}

const MAX_ATTEMPTS = 8;
const BATCH = 50;
/**
 * How long a pass holds an incident's alerts without renewing: the time another process waits to take over from one
 * that died mid-delivery. The holder renews it every third of that while its e-mail and webhooks run (an SMTP
 * server or a webhook can take longer than one lease), so a live holder is never taken over.
 */
export const DELIVERY_LEASE_MS = 2 * 60_000;

export class AlertNotifier {
  private readonly logger = new Logger(AlertNotifier.name);
  private readonly alerts: AlertStore;
  private readonly practices: PracticeStore;
  private readonly members: MembersStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    /** Without SMTP_URL it is disabled, and alerts count as delivered once the webhook (if any) has them. */
    private readonly mailer: Mailer,
    private readonly settings: NotifierSettings,
  ) {
    this.alerts = new AlertStore(dataSource);
    this.practices = new PracticeStore(dataSource);
    this.members = new MembersStore(dataSource);
  }

  /**
   * Sends what is pending; returns how many alerts were delivered on every channel. Alerts of one incident
   * (an account's needs_reconnect and each post it failed) share one e-mail, and each channel is retried on
   * its own: a webhook that keeps failing never sends the e-mail again.
   */
  async deliverPending(): Promise<number> {
    // One pass at a time per notifier: a pass asked for while the loop's pass runs (publish-now, a test) waits for
    // it, and so finds the loop's alerts delivered rather than held. Passes of other notifiers and processes are kept
    // apart by the leases (see deliverHeld).
    const pass = this.lastPass.then(() => this.deliverPass());
    this.lastPass = pass.catch(() => undefined);
    return pass;
  }

  private lastPass: Promise<unknown> = Promise.resolve();

  private async deliverPass(): Promise<number> {
    const pending = await this.alerts.undelivered(MAX_ATTEMPTS, BATCH, this.clock.now());
    const incidents = new Map<string, Alert[]>();
    for (const alert of pending) {
      const key = `${alert.practiceId} ${incidentOf(alert)}`;
      listIn(incidents, key).push(alert);
    }
    let delivered = 0;
    for (const alerts of incidents.values()) delivered += await this.deliverHeld(alerts);
    return delivered;
  }

  /**
   * Delivers an incident's alerts that this pass wins a lease on, and lets them go after. Only the holder sends:
   * a pass in another process that read the same alerts wins none of them while the lease lasts, and sees what
   * was sent once it ends. A claim that only counted attempts (compare-and-set) let a pass that read an alert
   * after another's claim claim it again while the first was e-mailing, and mail the incident twice.
   */
  private async deliverHeld(read: Alert[]): Promise<number> {
    const { practiceId } = read[0];
    const leaseMs = this.settings.deliveryLeaseMs ?? DELIVERY_LEASE_MS;
    const token = randomUUID();
    const now = this.clock.now();
    const held = await this.alerts.claimDelivery(
      practiceId,
      read.map((a) => a.id),
      { token, now, until: new Date(now.getTime() + leaseMs) },
      MAX_ATTEMPTS,
    );
    if (!held.length) return 0;
    const ids = held.map((a) => a.id);
    const renew = new Periodic(
      () => this.alerts.renewDelivery(practiceId, ids, token, new Date(this.clock.now().getTime() + leaseMs)),
      {
        everyMs: leaseMs / 3,
        onError: (error) => this.logger.warn({ err: error, alertIds: ids }, 'Could not renew the alert delivery lease'),
      },
    );
    renew.start();
    try {
      return await this.deliverIncident(held);
    } finally {
      renew.stop();
      await this.alerts.releaseDelivery(practiceId, ids, token);
    }
  }

  private async deliverIncident(alerts: Alert[]): Promise<number> {
    const { practiceId } = alerts[0];
    const practice = await this.practices.byId(practiceId);
    if (!practice) return 0;
    const now = () => this.clock.now();
    const unmailed = alerts.filter((a) => !a.emailedAt);
    if (this.mailer.enabled && unmailed.length) {
      try {
        if (!(await this.coveredByIncident(practiceId, incidentOf(alerts[0]), alerts)))
          await this.email(practice, [...unmailed, ...(await this.sameIncidentElsewhere(practiceId, alerts))]);
        const at = now();
        await this.alerts.markDelivered(
          practiceId,
          unmailed.map((a) => a.id),
          'emailedAt',
          at,
        );
        for (const alert of unmailed) alert.emailedAt = at;
      } catch (error) {
        this.logger.warn({ err: error, alertIds: unmailed.map((a) => a.id) }, 'Alert e-mail failed; will retry');
      }
    }
    if (this.settings.webhookUrl) {
      for (const alert of alerts.filter((a) => !a.webhookSentAt)) {
        try {
          await this.postWebhook(alert, practice, this.linkOf(alert));
          alert.webhookSentAt = now();
          await this.alerts.markDelivered(practiceId, [alert.id], 'webhookSentAt', alert.webhookSentAt);
        } catch (error) {
          this.logger.warn(
            { err: error, alertId: alert.id, attempt: alert.notifyAttempts },
            'Alert webhook failed; will retry the webhook only',
          );
        }
      }
    }
    const done = alerts.filter(
      (a) => (!this.mailer.enabled || a.emailedAt) && (!this.settings.webhookUrl || a.webhookSentAt),
    );
    if (done.length)
      await this.alerts.markDelivered(
        practiceId,
        done.map((a) => a.id),
        'notifiedAt',
        now(),
      );
    return done.length;
  }

  /**
   * The incident's own alert is open and not in this group: its e-mail says it (already sent, or being sent by
   * another pass or worker), so this alert adds no e-mail of its own.
   */
  private coveredByIncident(practiceId: string, incidentKey: string, alerts: Alert[]): Promise<boolean> {
    return this.alerts.openElsewhere(practiceId, incidentKey, alerts);
  }

  /** When the incident's own alert is e-mailed: the open alerts raised for it that another pass holds, to list them. */
  private async sameIncidentElsewhere(practiceId: string, alerts: Alert[]): Promise<Alert[]> {
    const head = alerts.find((a) => a.dedupeKey === incidentOf(a));
    if (!head) return [];
    return this.alerts.openOfIncident(practiceId, head.dedupeKey, alerts, BATCH);
  }

  private async email(practice: Practice, alerts: Alert[]): Promise<void> {
    // The people acting in this practice whose role here is admin or reviewer (a role held in another practice
    // does not count, and a pending invitation or a deactivated membership receives nothing).
    const recipients = (await this.members.actingMembers(practice.id))
      .filter(({ membership }) => membership.roles.includes('admin') || membership.roles.includes('reviewer'))
      .map(({ user }) => user.email);
    if (!recipients.length) return;
    // The incident's own alert leads (the cause); the posts it affected follow, each with its link.
    const head = alerts.find((a) => a.dedupeKey === incidentOf(a)) ?? alerts[0];
    const ordered = [head, ...alerts.filter((a) => a !== head)];
    const text =
      ordered.length === 1
        ? `${head.message}\n\nOpen it: ${this.linkOf(head)}`
        : ordered.map((a) => `${a.title}\n${a.message}\nOpen it: ${this.linkOf(a)}`).join('\n\n');
    await this.mailer.send({
      to: recipients,
      subject: `[${practice.name}] ${head.title}`,
      text: `${text}\n\n— Practice Social Planner`,
    });
  }

  private linkOf(alert: Alert): string {
    return alert.link ? `${this.settings.publicUrl.replace(/\/$/, '')}${alert.link}` : this.settings.publicUrl;
  }

  private async postWebhook(alert: Alert, practice: Practice, link: string): Promise<void> {
    const body = JSON.stringify({
      id: alert.id,
      practice: { id: practice.id, name: practice.name },
      kind: alert.kind,
      incident: incidentOf(alert),
      severity: alert.severity,
      title: alert.title,
      message: alert.message,
      link,
      createdAt: alert.createdAt.toISOString(),
    });
    const timestamp = Math.floor(this.clock.now().getTime() / 1000).toString();
    const signature = createHmac('sha256', this.settings.webhookSecret ?? '')
      .update(`${timestamp}.${body}`)
      .digest('hex');
    const response = await fetch(this.settings.webhookUrl!, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Planner-Timestamp': timestamp,
        'X-Planner-Signature': `sha256=${signature}`,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}

/** The incident an alert belongs to: its own key unless it was raised for another alert's cause. */
export const incidentOf = (alert: Pick<Alert, 'incidentKey' | 'dedupeKey'>): string =>
  alert.incidentKey ?? alert.dedupeKey;

/** For receivers: checks a webhook's signature (constant-time) and its age. */
export function verifyWebhookSignature(
  secret: string,
  timestamp: string,
  body: string,
  signature: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}
