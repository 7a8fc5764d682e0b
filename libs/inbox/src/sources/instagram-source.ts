// Instagram comments on our media, through publishing's Instagram client: polled per media (the cursor is
// the newest comment time read; the network id dedupes what a poll re-reads), hidden, and answered (Instagram
// takes replies to top-level comments only, so an answer to a reply goes under its top-level comment).
import { isSamePostText, type InstagramClient, type InstagramComment } from '@app/publishing';
import { asSourceErrors, credentialsOf } from './client-errors';
import type { IncomingComment, InboxSource, PollResult, ReplyTarget, SentReply, SourceAccount } from './source';

export class InstagramSource implements InboxSource {
  readonly network = 'instagram' as const;

  constructor(private readonly client: InstagramClient) {}

  async poll(
    account: SourceAccount,
    cursors: ReadonlyMap<string, string>,
    mediaIds: readonly string[],
  ): Promise<PollResult> {
    const comments: IncomingComment[] = [];
    const moved: Record<string, string> = {};
    for (const mediaId of mediaIds) {
      const scope = `comments:${mediaId}`;
      const since = Number(cursors.get(scope) ?? 0);
      let newest = since;
      const read = await asSourceErrors(() => this.client.listComments(credentialsOf(account), mediaId));
      for (const c of read) {
        const time = c.createdAt.getTime();
        if (time < since) continue;
        comments.push(toIncoming(c, mediaId, account));
        newest = Math.max(newest, time);
      }
      if (newest > since) moved[scope] = String(newest);
    }
    return { comments, cursors: moved };
  }

  setHidden(account: SourceAccount, commentExternalId: string, hidden: boolean): Promise<void> {
    return asSourceErrors(() => this.client.hideComment(credentialsOf(account), commentExternalId, hidden));
  }

  async reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply> {
    const id = await asSourceErrors(() =>
      this.client.replyToComment(credentialsOf(account), target.threadExternalId, text),
    );
    return { externalId: id };
  }

  async findReply(account: SourceAccount, target: ReplyTarget, text: string, since: Date): Promise<SentReply | null> {
    const replies = await asSourceErrors(() =>
      this.client.listReplies(credentialsOf(account), target.threadExternalId),
    );
    // Instagram's times are whole seconds.
    const found = replies.find(
      (r) =>
        isOurs(r, account) !== false &&
        r.createdAt.getTime() >= since.getTime() - 1000 &&
        isSamePostText('instagram', text, r.text),
    );
    return found ? { externalId: found.id } : null;
  }
}

/** True or false when the account's username is known; undefined when it is not. */
function isOurs(c: InstagramComment, account: SourceAccount): boolean | undefined {
  const own = account.handle?.replace(/^@/, '').toLowerCase();
  return own ? c.username?.toLowerCase() === own : undefined;
}

function toIncoming(c: InstagramComment, mediaId: string, account: SourceAccount): IncomingComment {
  return {
    externalId: c.id,
    kind: c.parentId ? 'reply' : 'comment',
    parentExternalId: c.parentId ?? null,
    threadExternalId: c.parentId ?? c.id,
    postExternalId: mediaId,
    authorExternalId: null,
    authorName: c.username ?? 'Instagram user',
    authorHandle: c.username ? `@${c.username}` : null,
    text: c.text,
    writtenAt: c.createdAt,
    fromPractice: isOurs(c, account) === true,
    hidden: c.hidden,
  };
}
