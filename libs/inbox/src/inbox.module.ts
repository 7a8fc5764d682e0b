import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AccountsModule, AccountsService, TokenVault } from '@app/accounts';
import { AlertsModule, AlertsService } from '@app/alerts';
import { AuditLog, AuditModule } from '@app/audit';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';
import { GoogleBusinessClient, HttpTransport, InstagramClient } from '@app/publishing';
import { InboxService } from './inbox-service';
import { InboxStore } from './inbox-store';
import type { InboxNetwork } from './networks';
import { FacebookSource } from './sources/facebook-source';
import { GoogleReviewSource } from './sources/google-source';
import { InstagramSource } from './sources/instagram-source';
import type { InboxSource } from './sources/source';
import { LinkedInSource } from './sources/linkedin-source';
import { XSource } from './sources/x-source';
import { onAuthExpiredVia } from './usecases/account-refusal';
import { FacebookWebhookIntake } from './usecases/facebook-webhook';
import { PollComments } from './usecases/poll-comments';
import { ReceiveComments } from './usecases/receive-comments';
import { UnansweredComments } from './usecases/unanswered-comments';
import { ReplyWorkflow } from './usecases/reply-workflow';
import { SendReplies } from './usecases/send-replies';

export const INBOX_SOURCES = Symbol('INBOX_SOURCES');

/** The sources, one per network. */
export function inboxSources(config: ResolvedConfig): ReadonlyMap<InboxNetwork, InboxSource> {
  const transport = new HttpTransport({
    timeoutMs: config.NETWORK_TIMEOUT_MS,
    ca: config.NETWORK_CA_FILE ? readFileSync(config.NETWORK_CA_FILE) : undefined,
    http2: config.NETWORK_HTTP2,
  });
  return new Map<InboxNetwork, InboxSource>([
    ['facebook', new FacebookSource(transport, config.FACEBOOK_GRAPH_URL)],
    ['linkedin', new LinkedInSource(transport, config.LINKEDIN_API_URL, config.LINKEDIN_VERSION)],
    ['x', new XSource(transport, config.X_API_URL)],
    ['instagram', new InstagramSource(new InstagramClient({ graphUrl: config.FACEBOOK_GRAPH_URL, transport }))],
    [
      'google_business',
      new GoogleReviewSource(
        new GoogleBusinessClient({
          businessUrl: config.GOOGLE_BUSINESS_URL,
          accountsUrl: config.GOOGLE_ACCOUNTS_URL,
          locationsUrl: config.GOOGLE_LOCATIONS_URL,
          transport,
        }),
      ),
    ],
  ]);
}

/** The inbox: comments from the networks, triaged, stored per practice, acted on with an audit trail. */
@Module({
  imports: [AuditModule, AlertsModule, AccountsModule],
  providers: [
    InboxStore,
    { provide: INBOX_SOURCES, useFactory: inboxSources, inject: [APP_CONFIG] },
    {
      provide: ReceiveComments,
      useFactory: (d: DataSource, s: InboxStore, a: AlertsService) => new ReceiveComments(d, s, a),
      inject: [DataSource, InboxStore, AlertsService],
    },
    {
      provide: FacebookWebhookIntake,
      useFactory: (d: DataSource, r: ReceiveComments, c: Clock, config: ResolvedConfig) =>
        new FacebookWebhookIntake(d, r, c, config.FACEBOOK_APP_SECRET),
      inject: [DataSource, ReceiveComments, Clock, APP_CONFIG],
    },
    {
      provide: PollComments,
      useFactory: (
        d: DataSource,
        v: TokenVault,
        r: ReceiveComments,
        s: ReadonlyMap<InboxNetwork, InboxSource>,
        c: Clock,
        accounts: AccountsService,
      ) => new PollComments(d, v, r, s, c, onAuthExpiredVia(accounts)),
      inject: [DataSource, TokenVault, ReceiveComments, INBOX_SOURCES, Clock, AccountsService],
    },
    {
      provide: UnansweredComments,
      useFactory: (d: DataSource, a: AlertsService, c: Clock) => new UnansweredComments(d, a, c),
      inject: [DataSource, AlertsService, Clock],
    },
    {
      provide: InboxService,
      useFactory: (d: DataSource, a: AuditLog, v: TokenVault, s: ReadonlyMap<InboxNetwork, InboxSource>, c: Clock) =>
        new InboxService(d, a, v, s, c),
      inject: [DataSource, AuditLog, TokenVault, INBOX_SOURCES, Clock],
    },
    {
      provide: ReplyWorkflow,
      useFactory: (d: DataSource, a: AuditLog, c: Clock) => new ReplyWorkflow(d, a, c),
      inject: [DataSource, AuditLog, Clock],
    },
    {
      provide: SendReplies,
      useFactory: (
        d: DataSource,
        v: TokenVault,
        s: ReadonlyMap<InboxNetwork, InboxSource>,
        store: InboxStore,
        a: AuditLog,
        c: Clock,
        accounts: AccountsService,
      ) => new SendReplies(d, v, s, store, a, c, onAuthExpiredVia(accounts)),
      inject: [DataSource, TokenVault, INBOX_SOURCES, InboxStore, AuditLog, Clock, AccountsService],
    },
  ],
  exports: [
    InboxService,
    PollComments,
    FacebookWebhookIntake,
    ReceiveComments,
    UnansweredComments,
    ReplyWorkflow,
    SendReplies,
  ],
})
export class InboxModule {}
