// Polling: the fallback when webhooks are off and the catch-up after downtime. Reads each connected
// account's new comments from its stored cursors; the network id keeps what a webhook already stored
// from being stored twice.
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SocialAccount, TokenVault } from '@app/accounts';
import { Clock, inTransaction } from '@app/core';
import { SourceStore } from '../source-store';
import type { InboxNetwork } from '../networks';
import type { InboxSource, SourceAccount } from '../sources/source';
import { SourceError } from '../sources/source-error';
import type { OnAuthExpired } from './account-refusal';
import { ReceiveComments, ReceiveReport } from './receive-comments';

/** Comments are read on posts published in the last 30 days. */
const POST_WINDOW_MS = 30 * 24 * 3600 * 1000;

export interface PollReport extends ReceiveReport {
  accounts: number;
  failed: Array<{ accountId: string; error: string }>;
}

export class PollComments {
  private readonly logger = new Logger(PollComments.name);
  private readonly store: SourceStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: TokenVault,
    private readonly receiveComments: ReceiveComments,
    private readonly sources: ReadonlyMap<InboxNetwork, InboxSource>,
    private readonly clock: Clock,
    private readonly onAuthExpired?: OnAuthExpired,
  ) {
    this.store = new SourceStore(dataSource);
  }

  /** Polls every connected account of one practice, or of all practices when practiceId is undefined. */
  async poll(practiceId?: string): Promise<PollReport> {
    const accounts = await this.store.connectedAccounts(practiceId, [...this.sources.keys()]);
    const report: PollReport = { accounts: 0, created: 0, duplicates: 0, urgent: 0, failed: [] };
    for (const account of accounts) {
      try {
        const r = await this.pollAccount(account);
        report.accounts++;
        report.created += r.created;
        report.duplicates += r.duplicates;
        report.urgent += r.urgent;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        report.failed.push({ accountId: account.id, error: message });
        // A dead token: the account is marked needs_reconnect with one alert (after a refresh try), like publishing.
        if (error instanceof SourceError && error.kind === 'auth_expired' && this.onAuthExpired)
          await this.onAuthExpired(account.practiceId, account.id, account.network as InboxNetwork, message).catch(
            (e: unknown) => this.logger.warn({ accountId: account.id, err: e }, 'Could not record the refused token'),
          );
        this.logger.warn({ practiceId: account.practiceId, accountId: account.id, err: message }, 'Inbox poll failed');
      }
    }
    return report;
  }

  private async pollAccount(account: SocialAccount): Promise<ReceiveReport> {
    const source = this.sources.get(account.network as InboxNetwork);
    if (!source || !account.accessTokenEnc) return { created: 0, duplicates: 0, urgent: 0 };
    const sourceAccount: SourceAccount = {
      id: account.id,
      practiceId: account.practiceId,
      network: account.network as InboxNetwork,
      externalId: account.externalId,
      handle: account.handle,
      accessToken: this.vault.open(account.accessTokenEnc, account.id),
    };
    const since = new Date(this.clock.now().getTime() - POST_WINDOW_MS);
    const targets = await this.store.publishedTargets(account.practiceId, account.id, since, 50);
    const cursors = await this.store.cursors(account.practiceId, account.id);
    const result = await source.poll(
      sourceAccount,
      cursors,
      targets.map((t) => t.externalId as string),
    );
    const ref = { id: account.id, practiceId: account.practiceId, network: sourceAccount.network };
    const report = await this.receiveComments.receive(ref, result.comments, 'poll');
    // The cursor moves only after the comments it covers are stored: a crash in between re-reads, never skips.
    await inTransaction(this.dataSource, (tx) =>
      this.store.moveCursors(account.practiceId, account.id, result.cursors, () => this.clock.now(), tx),
    );
    return report;
  }
}
