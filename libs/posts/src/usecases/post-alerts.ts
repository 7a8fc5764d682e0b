// Alerts about a post close when their cause ends: "waiting for review" once it is approved, sent back or
// withdrawn; "not approved" once it is approved; any of them once the post moves to another time or is deleted.
import { EntityManager } from 'typeorm';
import { AlertsService } from '@app/alerts';
import { Post } from '../entities/post.entity';

const NOT_APPROVED = new Set(['draft', 'in_review', 'changes_requested']);

/** Whether an alert of this kind, raised for the slot `slotMs`, still describes the post as it is now. */
function stillHolds(kind: string, slotMs: number, post: Post, deleted: boolean): boolean {
  if (deleted || post.scheduledAt?.getTime() !== slotMs) return false;
  switch (kind) {
    case 'approval_waiting':
      return post.status === 'in_review';
    case 'unapproved_near_slot':
    case 'unapproved_missed':
      return NOT_APPROVED.has(post.status);
    default:
      return true;
  }
}

const POST_ALERT_KINDS = ['approval_waiting', 'unapproved_near_slot', 'unapproved_missed'] as const;

/**
 * Closes the post's open review alerts whose cause has ended, in the caller's transaction. `post` is the post
 * as saved; when it was deleted, its failed-target alerts close with it too.
 */
export async function closeSettledAlerts(
  alerts: AlertsService,
  tx: EntityManager,
  post: Post,
  deleted = false,
): Promise<void> {
  const { practiceId, id } = post;
  for (const kind of POST_ALERT_KINDS) {
    const open = await alerts.openWithPrefix(practiceId, `${kind}:${id}:`, tx);
    await alerts.close(
      open.filter((a) => !stillHolds(kind, Number(a.dedupeKey.split(':')[2]), post, deleted)),
      tx,
    );
  }
  if (deleted) {
    for (const target of post.targets ?? []) {
      await alerts.close(await alerts.openWithPrefix(practiceId, `target_failed:${target.id}`, tx), tx);
    }
  }
}
