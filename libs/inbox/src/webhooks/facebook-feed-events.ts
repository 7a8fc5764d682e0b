// Facebook Page `feed` webhook payloads to comment events. Anything that is not a comment change is ignored.
import type { IncomingComment } from '../sources/source';

export type CommentVerb = 'add' | 'edited' | 'remove' | 'hide' | 'unhide';

export interface FeedCommentEvent {
  pageId: string;
  verb: CommentVerb;
  comment: IncomingComment;
}

const VERBS: readonly string[] = ['add', 'edited', 'remove', 'hide', 'unhide'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Unix seconds (feed webhooks) or an ISO time; falls back to the delivery time. */
function timeOf(v: unknown, fallback: Date): Date {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v * 1000);
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return new Date(t);
  }
  return fallback;
}

/**
 * Reads `{"object":"page","entry":[{"id","time","changes":[{"field":"feed","value":{item:"comment",...}}]}]}`.
 * A comment whose parent is the post is top-level; otherwise it answers the parent comment.
 */
export function feedCommentEvents(payload: unknown, receivedAt: Date): FeedCommentEvent[] {
  const root = obj(payload);
  if (!root || root.object !== 'page' || !Array.isArray(root.entry)) return [];
  const events: FeedCommentEvent[] = [];
  for (const rawEntry of root.entry) {
    const entry = obj(rawEntry);
    const pageId = str(entry?.id);
    if (!entry || !pageId || !Array.isArray(entry.changes)) continue;
    for (const rawChange of entry.changes) {
      const change = obj(rawChange);
      const value = obj(change?.value);
      if (!change || change.field !== 'feed' || !value || value.item !== 'comment') continue;
      const verb = str(value.verb);
      const commentId = str(value.comment_id);
      if (!verb || !VERBS.includes(verb) || !commentId) continue;
      const postId = str(value.post_id) ?? null;
      const parentId = str(value.parent_id);
      const topLevel = !parentId || parentId === postId;
      const from = obj(value.from);
      events.push({
        pageId,
        verb: verb as CommentVerb,
        comment: {
          externalId: commentId,
          kind: topLevel ? 'comment' : 'reply',
          parentExternalId: topLevel ? null : parentId,
          // A reply's thread is its parent: Facebook nests one level deep under a top-level comment.
          threadExternalId: topLevel ? commentId : parentId,
          postExternalId: postId,
          authorExternalId: str(from?.id) ?? null,
          authorName: str(from?.name) ?? 'Facebook user',
          authorHandle: null,
          text: typeof value.message === 'string' ? value.message : '',
          writtenAt: timeOf(value.created_time, receivedAt),
          fromPractice: str(from?.id) === pageId,
        },
      });
    }
  }
  return events;
}
