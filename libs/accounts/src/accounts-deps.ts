// What the account use cases share: database, audit log, alerts, clock, the token vault, the network clients and Redis.
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { AuditLog } from '@app/audit';
import { Clock } from '@app/core';
import { NetworkClients } from '@app/publishing';
import { TokenVault } from './token-vault';

export interface AccountsDeps {
  dataSource: DataSource;
  audit: AuditLog;
  alerts: AlertsService;
  clock: Clock;
  vault: TokenVault;
  clients: NetworkClients;
  redis: Redis;
  /** QUEUE_PREFIX: every Redis key starts with it. */
  keyPrefix: string;
}
