// Sends pending alert e-mails and webhooks every few seconds (from the worker, never from a publish path).
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertNotifier } from '@app/alerts';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';

const EVERY_MS = 5_000;

@Injectable()
export class AlertDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDelivery.name);
  readonly notifier: AlertNotifier;
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(dataSource: DataSource, clock: Clock, @Inject(APP_CONFIG) config: ResolvedConfig) {
    this.notifier = new AlertNotifier(dataSource, clock, {
      smtpUrl: config.SMTP_URL, mailFrom: config.MAIL_FROM, webhookUrl: config.ALERT_WEBHOOK_URL, webhookSecret: config.ALERT_WEBHOOK_SECRET, publicUrl: config.PUBLIC_URL,
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.notifier.deliverPending();
    } catch (error) {
      this.logger.warn({ err: error }, 'Alert delivery pass failed');
    } finally {
      this.busy = false;
    }
  }
}
