// The alert an urgent comment raises: what was written, why it looks urgent, where to act.
import type { NewAlert } from '@app/alerts';
import { NETWORK_NAMES, withArticle } from '@app/publishing';
import type { InboxComment } from '../entities/inbox-comment.entity';

export function urgentAlertFor(comment: InboxComment): NewAlert {
  const reasons = [...new Set(comment.findings.filter((f) => f.label === 'urgent').map((f) => f.reason))];
  // The alert goes out by e-mail: it carries the why, not the person's words (those stay in the app).
  return {
    kind: 'urgent_comment',
    severity: 'critical',
    title: `Possible emergency in ${withArticle(NETWORK_NAMES[comment.network])} ${comment.kind === 'review' ? 'review' : 'comment'}`,
    message: [
      `${comment.authorName} wrote a comment that may describe an emergency. Open the inbox now: a ready reply points them to 911, 988 or your after-hours line.`,
      ...reasons.map((r) => `- ${r}`),
    ].join('\n'),
    link: `/inbox?comment=${comment.id}`,
    dedupeKey: `urgent_comment:${comment.id}`,
    details: { commentId: comment.id, network: comment.network, labels: comment.labels },
  };
}
