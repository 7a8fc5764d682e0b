import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsModule, AlertsService } from '@app/alerts';
import { AuditLog, AuditModule } from '@app/audit';
import { APP_CONFIG, Clock, KeyValueStore, ResolvedConfig } from '@app/core';
import { NetworkClients, PublishingModule } from '@app/publishing';
import type { AccountsDeps } from './accounts-deps';
import { AccountStore } from './account-store';
import { AccountsService } from './accounts.service';
import { TokenRefresher } from './token-refresher';
import { TokenVault } from './token-vault';
import { WAITING_POSTS, WaitingPosts } from './waiting-posts';
import { ConnectWithOAuth } from './usecases/connect-with-oauth';
import { ConnectWithToken } from './usecases/connect-with-token';
import { TokenRenewal } from './usecases/token-renewal';

const ACCOUNTS_DEPS = Symbol('ACCOUNTS_DEPS');

/**
 * Social accounts: connecting (OAuth or a token), settings, token upkeep and what the scheduler needs. Plain classes
 * wired here; TokenRefresher is the worker's timer (start() it in the worker module). WAITING_POSTS is a port the
 * scheduler module binds globally to the posts lib.
 */
@Module({
  imports: [AuditModule, AlertsModule, PublishingModule],
  providers: [
    {
      provide: TokenVault,
      useFactory: (config: ResolvedConfig) => new TokenVault(config.SECRET_KEY),
      inject: [APP_CONFIG],
    },
    {
      provide: ACCOUNTS_DEPS,
      useFactory: (
        dataSource: DataSource,
        audit: AuditLog,
        alerts: AlertsService,
        clock: Clock,
        vault: TokenVault,
        clients: NetworkClients,
        store: KeyValueStore,
        config: ResolvedConfig,
        waiting: WaitingPosts,
      ): AccountsDeps => ({
        dataSource,
        accounts: new AccountStore(dataSource),
        audit,
        alerts,
        clock,
        vault,
        clients,
        store,
        keyPrefix: config.QUEUE_PREFIX,
        waiting,
      }),
      inject: [
        DataSource,
        AuditLog,
        AlertsService,
        Clock,
        TokenVault,
        NetworkClients,
        KeyValueStore,
        APP_CONFIG,
        WAITING_POSTS,
      ],
    },
    { provide: TokenRenewal, useFactory: (deps: AccountsDeps) => new TokenRenewal(deps), inject: [ACCOUNTS_DEPS] },
    {
      provide: AccountsService,
      useFactory: (deps: AccountsDeps, renewal: TokenRenewal) => new AccountsService(deps, renewal),
      inject: [ACCOUNTS_DEPS, TokenRenewal],
    },
    {
      provide: ConnectWithToken,
      useFactory: (deps: AccountsDeps) => new ConnectWithToken(deps),
      inject: [ACCOUNTS_DEPS],
    },
    {
      provide: ConnectWithOAuth,
      useFactory: (deps: AccountsDeps) => new ConnectWithOAuth(deps),
      inject: [ACCOUNTS_DEPS],
    },
    TokenRefresher,
  ],
  exports: [AccountsService, ConnectWithToken, ConnectWithOAuth, TokenRenewal, TokenRefresher, TokenVault],
})
export class AccountsModule {}
