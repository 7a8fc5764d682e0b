// Sends pending alert e-mails and webhooks every few seconds. Provided by the worker runtime only, never by the
// API, so no publish or request path waits on a mail server.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, Mailer, Periodic, ResolvedConfig } from '@app/core';
import { AlertNotifier } from './alert-notifier';

const EVERY_MS = 5_000;

@Injectable()
export class AlertDelivery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDelivery.name);
  readonly notifier: AlertNotifier;
  private readonly loop: Periodic;

  constructor(dataSource: DataSource, clock: Clock, mailer: Mailer, @Inject(APP_CONFIG) config: ResolvedConfig) {
    this.notifier = new AlertNotifier(dataSource, clock, mailer, {
      webhookUrl: config.ALERT_WEBHOOK_URL,
      webhookSecret: config.ALERT_WEBHOOK_SECRET,
      publicUrl: config.PUBLIC_URL,
    });
    this.loop = new Periodic(() => this.notifier.deliverPending(), {
      everyMs: EVERY_MS,
      onError: (error) => this.logger.warn({ err: error }, 'Alert delivery pass failed'),
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): void {
    this.loop.stop();
  }
}
