// What the account use cases share: database, audit log, alerts, clock, the token vault, the network clients, Redis
// and the count of posts waiting on each account.
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { AuditLog } from '@app/audit';
import { Clock } from '@app/core';
import { NetworkClients } from '@app/publishing';
import { TokenVault } from './token-vault';
import type { WaitingPosts } from './waiting-posts';

export interface AccountsDeps {
  dataSource: DataSource;
  audit: AuditLog;
  alerts: AlertsService;
  clock: Clock;
  vault: TokenVault;
  clients: NetworkClients;
  redis: Redis;
  /** Scheduled posts per account (the posts lib's tables). */
  waiting: WaitingPosts;
  /** QUEUE_PREFIX: every Redis key starts with it. */
  keyPrefix: string;
}
