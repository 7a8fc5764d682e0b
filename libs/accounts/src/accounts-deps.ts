// What the account use cases share: database and the accounts store, audit log, alerts, clock, the token vault, the
// network clients, the key-value store (Redis in queue mode, memory in embedded mode) and the count of posts waiting
// on each account.
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { AuditLog } from '@app/audit';
import { Clock, KeyValueStore } from '@app/core';
import { NetworkClients } from '@app/publishing';
import type { AccountStore } from './account-store';
import { TokenVault } from './token-vault';
import type { WaitingPosts } from './waiting-posts';

export interface AccountsDeps {
  /** For transactions; the social_accounts rows are read and written through `accounts`. */
  dataSource: DataSource;
  accounts: AccountStore;
  audit: AuditLog;
  alerts: AlertsService;
  clock: Clock;
  vault: TokenVault;
  clients: NetworkClients;
  /** OAuth hand-offs and refresh locks. */
  store: KeyValueStore;
  /** Scheduled posts per account (the posts lib's tables). */
  waiting: WaitingPosts;
  /** QUEUE_PREFIX: every key in the store starts with it. */
  keyPrefix: string;
}
