// Stores comments from a webhook or a poll for every practice that connected the account, and raises an
// urgent alert in the same transaction as the row that caused it (no urgent comment without its alert).
import { DataSource, EntityManager } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { inTransaction } from '@app/core';
import { InboxComment } from '../entities/inbox-comment.entity';
import { InboxStore } from '../inbox-store';
import type { InboxNetwork, InboxSourceKind } from '../networks';
import { triageProfileOf } from '../practice-profile';
import type { IncomingComment } from '../sources/source';
import type { CommentVerb } from '../webhooks/facebook-feed-events';
import { urgentAlertFor } from './urgent-alert';

export interface AccountRef {
  id: string;
  practiceId: string;
  network: InboxNetwork;
}

export interface ReceiveReport {
  created: number;
  duplicates: number;
  urgent: number;
}

export class ReceiveComments {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: InboxStore,
    private readonly alerts: AlertsService,
  ) {}

  async receive(account: AccountRef, items: IncomingComment[], source: InboxSourceKind): Promise<ReceiveReport> {
    const report: ReceiveReport = { created: 0, duplicates: 0, urgent: 0 };
    if (items.length === 0) return report;
    await inTransaction(this.dataSource, async (tx) => {
      const profile = await triageProfileOf(tx, account.practiceId);
      for (const item of items) {
        const { comment, created } = await this.store.ingest(
          tx,
          account.practiceId,
          account.id,
          account.network,
          item,
          source,
          profile,
        );
        if (!created) {
          report.duplicates++;
          continue;
        }
        report.created++;
        if (comment.urgent) {
          report.urgent++;
          await this.raiseUrgent(tx, comment);
        }
      }
    });
    return report;
  }

  /** A webhook said a comment was edited, hidden, shown or removed. */
  async change(account: AccountRef, verb: Exclude<CommentVerb, 'add'>, item: IncomingComment, at: Date): Promise<void> {
    await inTransaction(this.dataSource, async (tx) => {
      const profile = await triageProfileOf(tx, account.practiceId);
      const change =
        verb === 'edited' ? { text: item.text } : verb === 'remove' ? { removedAt: at } : { hidden: verb === 'hide' };
      const updated = await this.store.applyChange(
        tx,
        account.practiceId,
        account.network,
        item.externalId,
        change,
        profile,
      );
      // An edit can turn a comment urgent ("ok now my throat is closing"): alert like a new one.
      if (updated?.urgent && verb === 'edited') await this.raiseUrgent(tx, updated);
      if (!updated && verb === 'edited')
        await this.store.ingest(tx, account.practiceId, account.id, account.network, item, 'webhook', profile);
    });
  }

  private async raiseUrgent(tx: EntityManager, comment: InboxComment): Promise<void> {
    await this.alerts.raise(comment.practiceId, urgentAlertFor(comment), tx);
  }
}
