// Delivers alerts by e-mail (to the practice's admins and reviewers) and by a signed webhook. Runs in the
// worker on a timer; the database says what is still to send, so nothing is lost if a worker dies.
import { Logger } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { Clock } from '@app/core';
import { ACTING, Membership, Practice } from '@app/practices';
import { Alert } from './alert.entity';

export interface NotifierSettings {
  smtpUrl?: string;
  mailFrom: string;
  webhookUrl?: string;
  webhookSecret?: string;
  publicUrl: string;
}

const MAX_ATTEMPTS = 8;
const BATCH = 50;

export class AlertNotifier {
  private readonly logger = new Logger(AlertNotifier.name);
  private readonly mailer?: Transporter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly settings: NotifierSettings,
  ) {
    if (settings.smtpUrl) this.mailer = createTransport(settings.smtpUrl);
  }

  /** Sends what is pending; returns how many alerts were delivered. */
  async deliverPending(): Promise<number> {
    const pending = await this.dataSource.getRepository(Alert).find({
      where: { notifiedAt: IsNull(), notifyAttempts: LessThan(MAX_ATTEMPTS) },
      order: { createdAt: 'ASC' },
      take: BATCH,
    });
    let delivered = 0;
    for (const alert of pending) {
      // Claim it, so two workers never send the same alert.
      const claim = await this.dataSource
        .getRepository(Alert)
        .update(
          { id: alert.id, notifiedAt: IsNull(), notifyAttempts: alert.notifyAttempts },
          { notifyAttempts: alert.notifyAttempts + 1 },
        );
      if (!claim.affected) continue;
      try {
        await this.deliver(alert);
        await this.dataSource.getRepository(Alert).update({ id: alert.id }, { notifiedAt: this.clock.now() });
        delivered++;
      } catch (error) {
        this.logger.warn(
          { err: error, alertId: alert.id, attempt: alert.notifyAttempts + 1 },
          'Alert delivery failed; will retry',
        );
      }
    }
    return delivered;
  }

  private async deliver(alert: Alert): Promise<void> {
    const practice = await this.dataSource.getRepository(Practice).findOneBy({ id: alert.practiceId });
    if (!practice) return;
    const link = alert.link ? `${this.settings.publicUrl.replace(/\/$/, '')}${alert.link}` : this.settings.publicUrl;
    if (this.mailer) {
      const recipients = (
        await this.dataSource
          .getRepository(Membership)
          .find({ where: { practiceId: alert.practiceId, ...ACTING }, relations: { user: true } })
      )
        .filter((m) => m.user && (m.roles.includes('admin') || m.roles.includes('reviewer')))
        .map((m) => m.user!.email);
      if (recipients.length) {
        await this.mailer.sendMail({
          from: this.settings.mailFrom,
          to: recipients,
          subject: `[${practice.name}] ${alert.title}`,
          text: `${alert.message}\n\nOpen it: ${link}\n\n— Practice Social Planner`,
        });
      }
    }
    if (this.settings.webhookUrl) await this.postWebhook(alert, practice, link);
  }

  private async postWebhook(alert: Alert, practice: Practice, link: string): Promise<void> {
    const body = JSON.stringify({
      id: alert.id,
      practice: { id: practice.id, name: practice.name },
      kind: alert.kind,
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
