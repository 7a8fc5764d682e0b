// Facebook Page comments: polling each of our recent posts' comments with Graph's "after" cursor
// (chronological order, so the cursor always points at the newest comment read), and hiding.
import { isSamePostText, type HttpTransport } from '@app/publishing';
import { graphCall } from './graph-call';
import type { IncomingComment, InboxSource, PollResult, ReplyTarget, SentReply, SourceAccount } from './source';
import { SourceError } from './source-error';

const FIELDS = 'id,message,from{id,name},created_time,parent{id},is_hidden';
const PAGE_SIZE = 100;
/** At most this many pages per post per poll: a viral post is read over several polls, not in one burst. */
const MAX_PAGES = 5;

interface GraphComment {
  id: string;
  message?: string;
  from?: { id?: string; name?: string };
  created_time?: string;
  parent?: { id?: string };
  is_hidden?: boolean;
}

interface GraphPage {
  data?: GraphComment[];
  paging?: { cursors?: { after?: string }; next?: string };
}

export class FacebookSource implements InboxSource {
  readonly network = 'facebook' as const;

  constructor(
    private readonly transport: HttpTransport,
    private readonly graphUrl: string,
    private readonly version = 'v24.0',
  ) {}

  async poll(
    account: SourceAccount,
    cursors: ReadonlyMap<string, string>,
    postIds: readonly string[],
  ): Promise<PollResult> {
    const comments: IncomingComment[] = [];
    const moved: Record<string, string> = {};
    for (const postId of postIds) {
      const scope = `comments:${postId}`;
      let after = cursors.get(scope);
      for (let page = 0; page < MAX_PAGES; page++) {
        const query = new URLSearchParams({
          fields: FIELDS,
          filter: 'stream',
          order: 'chronological',
          limit: String(PAGE_SIZE),
        });
        if (after) query.set('after', after);
        const body = (await graphCall(this.transport, {
          method: 'GET',
          url: `${this.graphUrl}/${this.version}/${encodeURIComponent(postId)}/comments?${query.toString()}`,
          token: account.accessToken,
        })) as GraphPage;
        const data = Array.isArray(body.data) ? body.data : [];
        for (const c of data) comments.push(toIncoming(c, postId, account.externalId));
        const next = body.paging?.cursors?.after;
        if (next && data.length > 0) {
          after = next;
          moved[scope] = next;
        }
        if (!body.paging?.next || data.length === 0) break;
      }
    }
    return { comments, cursors: moved };
  }

  async setHidden(account: SourceAccount, commentExternalId: string, hidden: boolean): Promise<void> {
    await graphCall(this.transport, {
      method: 'POST',
      url: `${this.graphUrl}/${this.version}/${encodeURIComponent(commentExternalId)}`,
      token: account.accessToken,
      form: { is_hidden: String(hidden) },
    });
  }

  /** `POST /{comment-id}/comments {message}`; Graph nests answers to a reply under its top-level comment. */
  async reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply> {
    const created = (await graphCall(this.transport, {
      method: 'POST',
      url: `${this.graphUrl}/${this.version}/${encodeURIComponent(target.externalId)}/comments`,
      token: account.accessToken,
      form: { message: text },
    })) as { id?: unknown };
    if (typeof created.id !== 'string') throw new SourceError('transient', 'Facebook answered without the reply id');
    return { externalId: created.id };
  }

  /** The Page's own comment with this text in the thread, written at or after `since`. */
  async findReply(account: SourceAccount, target: ReplyTarget, text: string, since: Date): Promise<SentReply | null> {
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({ fields: FIELDS, filter: 'stream', limit: String(PAGE_SIZE) });
      if (after) query.set('after', after);
      const body = (await graphCall(this.transport, {
        method: 'GET',
        url: `${this.graphUrl}/${this.version}/${encodeURIComponent(target.threadExternalId)}/comments?${query.toString()}`,
        token: account.accessToken,
      })) as GraphPage;
      for (const c of body.data ?? []) {
        const mine = toIncoming(c, target.postExternalId ?? '', account.externalId);
        // Graph's times are whole seconds.
        if (mine.fromPractice && mine.writtenAt.getTime() >= since.getTime() - 1000)
          if (isSamePostText('facebook', text, mine.text)) return { externalId: c.id };
      }
      after = body.paging?.cursors?.after;
      if (!body.paging?.next || !after) break;
    }
    return null;
  }
}

function toIncoming(c: GraphComment, postId: string, pageId: string): IncomingComment {
  const parentId = c.parent?.id;
  const topLevel = !parentId || parentId === postId;
  return {
    externalId: c.id,
    kind: topLevel ? 'comment' : 'reply',
    parentExternalId: topLevel ? null : parentId,
    threadExternalId: topLevel ? c.id : parentId,
    postExternalId: postId,
    authorExternalId: c.from?.id ?? null,
    authorName: c.from?.name ?? 'Facebook user',
    authorHandle: null,
    text: c.message ?? '',
    writtenAt: c.created_time ? new Date(Date.parse(c.created_time.replace(/\+0000$/, 'Z'))) : new Date(0),
    fromPractice: c.from?.id === pageId,
    hidden: c.is_hidden,
  };
}
