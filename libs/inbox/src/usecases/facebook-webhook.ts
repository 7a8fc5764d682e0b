// A Facebook Page feed delivery: refused unless signed with the app secret (nothing is parsed or stored
// before the signature matches), then each comment event goes to every practice that connected the Page.
import { DataSource } from 'typeorm';
import { Clock, UnauthorizedError } from '@app/core';
import { SourceStore } from '../source-store';
import { signatureMatches } from '../webhooks/meta-signature';
import { feedCommentEvents } from '../webhooks/facebook-feed-events';
import { ReceiveComments, ReceiveReport } from './receive-comments';

export class FacebookWebhookIntake {
  private readonly store: SourceStore;

  constructor(
    dataSource: DataSource,
    private readonly receiveComments: ReceiveComments,
    private readonly clock: Clock,
    private readonly appSecret: string | undefined,
  ) {
    this.store = new SourceStore(dataSource);
  }

  async deliver(rawBody: Buffer | undefined, signature: unknown): Promise<ReceiveReport> {
    if (!rawBody || !signatureMatches(rawBody, signature, this.appSecret))
      throw new UnauthorizedError('The X-Hub-Signature-256 header does not match this body and the app secret.');
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { created: 0, duplicates: 0, urgent: 0 };
    }
    const now = this.clock.now();
    const total: ReceiveReport = { created: 0, duplicates: 0, urgent: 0 };
    for (const event of feedCommentEvents(payload, now)) {
      const accounts = await this.store.facebookPageAccounts(event.pageId);
      for (const account of accounts) {
        const ref = { id: account.id, practiceId: account.practiceId, network: 'facebook' as const };
        if (event.verb === 'add') {
          const r = await this.receiveComments.receive(ref, [event.comment], 'webhook');
          total.created += r.created;
          total.duplicates += r.duplicates;
          total.urgent += r.urgent;
        } else await this.receiveComments.change(ref, event.verb, event.comment, now);
      }
    }
    return total;
  }
}
