// Comments left unanswered past the practice's response time raise one alert per practice; it resolves
// itself once nothing is waiting. Answered = marked handled, or the practice replied in the thread since.
import { DataSource } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { Clock } from '@app/core';
import { CommentStore } from '../comment-store';
import { InboxSettingsStore } from '../settings-store';

export const DEFAULT_RESPONSE_MINUTES = 240;
export const unansweredKey = 'comment_unanswered';

export class UnansweredComments {
  private readonly comments: CommentStore;
  private readonly settings: InboxSettingsStore;

  constructor(
    dataSource: DataSource,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {
    this.comments = new CommentStore(dataSource);
    this.settings = new InboxSettingsStore(dataSource);
  }

  /** Checks every practice with open comments; returns how many practices have comments waiting too long. */
  async check(): Promise<number> {
    const now = this.clock.now().getTime();
    const open = await this.comments.openEverywhereWrittenBefore(new Date(now - 60_000));
    const practices = new Set(open.map((c) => c.practiceId));
    const waitingAlerts = new Set<string>();
    for (const practiceId of practices) {
      const settings = await this.settings.of(practiceId);
      const cutoff = now - (settings?.responseMinutes ?? DEFAULT_RESPONSE_MINUTES) * 60_000;
      const late = open.filter((c) => c.practiceId === practiceId && c.writtenAt.getTime() < cutoff);
      const ours = await this.comments.ownReplies(practiceId);
      const waiting = late.filter(
        (c) =>
          !ours.some(
            (o) => o.network === c.network && o.threadExternalId === c.threadExternalId && o.writtenAt > c.writtenAt,
          ),
      );
      if (waiting.length === 0) continue;
      waitingAlerts.add(practiceId);
      await this.alerts.raise(practiceId, {
        kind: 'comment_unanswered',
        severity: waiting.some((c) => c.urgent) ? 'critical' : 'warning',
        title: `${waiting.length} comment${waiting.length === 1 ? '' : 's'} waiting for an answer`,
        message: `Comments have waited longer than your response time (${settings?.responseMinutes ?? DEFAULT_RESPONSE_MINUTES} minutes). Answer them, hide them or mark them handled in the inbox.`,
        link: '/inbox?status=open',
        dedupeKey: unansweredKey,
        details: { commentIds: waiting.slice(0, 50).map((c) => c.id) },
      });
    }
    // Practices whose backlog cleared: their alert closes.
    for (const practiceId of await this.alerts.practicesWithOpen(unansweredKey))
      if (!waitingAlerts.has(practiceId)) await this.alerts.resolve(practiceId, unansweredKey);
    return waitingAlerts.size;
  }
}
