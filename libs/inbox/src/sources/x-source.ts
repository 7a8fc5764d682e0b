// X mentions and replies to our account, polled with since_id (the newest id read is the cursor) and
// within X's rate windows: a 429 or an exhausted window stops the poll until x-rate-limit-reset.
import { HttpTransport, isSamePostText, TransportError } from '@app/publishing';
import type { IncomingComment, InboxSource, PollResult, ReplyTarget, SentReply, SourceAccount } from './source';
import { SourceError } from './source-error';

const SCOPE = 'mentions';
const MAX_PAGES = 5;

interface XPost {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

interface XPage {
  data?: XPost[];
  includes?: { users?: Array<{ id: string; name?: string; username?: string }> };
  meta?: { newest_id?: string; next_token?: string; result_count?: number };
}

export class XSource implements InboxSource {
  readonly network = 'x' as const;

  constructor(
    private readonly transport: HttpTransport,
    private readonly apiUrl: string,
  ) {}

  async poll(account: SourceAccount, cursors: ReadonlyMap<string, string>): Promise<PollResult> {
    const sinceId = cursors.get(SCOPE);
    const comments: IncomingComment[] = [];
    let newest: string | undefined;
    let next: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const query = new URLSearchParams({
        max_results: '100',
        'tweet.fields': 'created_at,author_id,conversation_id,referenced_tweets',
        expansions: 'author_id',
        'user.fields': 'username,name',
      });
      if (sinceId) query.set('since_id', sinceId);
      else query.set('max_results', '20'); // first poll: recent mentions only, not the account's history
      if (next) query.set('pagination_token', next);
      const { body, remaining } = await this.call(
        account,
        'GET',
        `/2/users/${encodeURIComponent(account.externalId)}/mentions?${query.toString()}`,
      );
      const result = body as XPage;
      newest ??= result.meta?.newest_id;
      const users = new Map((result.includes?.users ?? []).map((u) => [u.id, u]));
      for (const post of result.data ?? []) comments.push(toIncoming(post, users, account));
      next = result.meta?.next_token;
      // Without since_id the first page is enough; with it, page back to where we stopped, unless the window is spent.
      if (!sinceId || !next || remaining === 0) break;
    }
    return { comments, cursors: newest ? { [SCOPE]: newest } : {} };
  }

  async setHidden(account: SourceAccount, commentExternalId: string, hidden: boolean): Promise<void> {
    await this.call(account, 'PUT', `/2/tweets/${encodeURIComponent(commentExternalId)}/hidden`, { hidden });
  }

  /** `POST /2/tweets {text, reply: {in_reply_to_tweet_id}}`. */
  async reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply> {
    const { body } = await this.call(account, 'POST', '/2/tweets', {
      text,
      reply: { in_reply_to_tweet_id: target.externalId },
    });
    const id = (body as { data?: { id?: unknown } }).data?.id;
    if (typeof id !== 'string') throw new SourceError('transient', 'X answered without the post id');
    return { externalId: id };
  }

  /** Our post answering the target with this text (X rewrites links and escapes & < >: matched as posts are). */
  async findReply(account: SourceAccount, target: ReplyTarget, text: string, since: Date): Promise<SentReply | null> {
    const query = new URLSearchParams({
      max_results: '100',
      'tweet.fields': 'created_at,referenced_tweets',
      // start_time is YYYY-MM-DDTHH:mm:ssZ, to the second (X's times are whole seconds): no milliseconds.
      start_time: new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const { body } = await this.call(
      account,
      'GET',
      `/2/users/${encodeURIComponent(account.externalId)}/tweets?${query.toString()}`,
    );
    const found = ((body as XPage).data ?? []).find(
      (p) =>
        p.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === target.externalId) &&
        isSamePostText('x', text, p.text),
    );
    return found ? { externalId: found.id } : null;
  }

  private async call(
    account: SourceAccount,
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    json?: unknown,
  ): Promise<{ body: unknown; remaining: number | undefined }> {
    let response;
    try {
      response = await this.transport.request({
        method,
        url: `${this.apiUrl}${path}`,
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        body: json ? JSON.stringify(json) : undefined,
      });
    } catch (error) {
      if (error instanceof TransportError) throw new SourceError('transient', `X did not answer: ${error.message}`);
      throw error;
    }
    let body: unknown = {};
    try {
      body = JSON.parse(response.body.toString('utf8') || '{}');
    } catch {
      throw new SourceError('transient', `X answered ${response.status} with a body that is not JSON`);
    }
    const remainingHeader = response.headers['x-rate-limit-remaining'];
    const remaining = remainingHeader === undefined ? undefined : Number(remainingHeader);
    if (response.status >= 200 && response.status < 300) return { body, remaining };
    // Problem details ({title, detail}), or the {errors: [{code, message}]} X documents for a 429.
    const problem = body as { detail?: string; errors?: Array<{ message?: unknown }> };
    const detail =
      problem.detail ??
      (problem.errors ?? []).map((e) => e.message).find((m): m is string => typeof m === 'string') ??
      `HTTP ${response.status}`;
    if (response.status === 429) {
      const reset = Number(response.headers['x-rate-limit-reset']);
      throw new SourceError('rate_limited', detail, Number.isFinite(reset) ? new Date(reset * 1000) : undefined);
    }
    if (response.status === 401) throw new SourceError('auth_expired', detail);
    if (response.status >= 500) throw new SourceError('transient', detail);
    throw new SourceError('rejected', detail);
  }
}

function toIncoming(
  post: XPost,
  users: Map<string, { id: string; name?: string; username?: string }>,
  account: SourceAccount,
): IncomingComment {
  const repliedTo = post.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null;
  const author = post.author_id ? users.get(post.author_id) : undefined;
  return {
    externalId: post.id,
    kind: repliedTo ? 'reply' : 'mention',
    parentExternalId: repliedTo,
    threadExternalId: post.conversation_id ?? post.id,
    postExternalId: post.conversation_id ?? null,
    authorExternalId: post.author_id ?? null,
    authorName: author?.name ?? author?.username ?? 'X user',
    authorHandle: author?.username ? `@${author.username}` : null,
    text: post.text,
    writtenAt: post.created_at ? new Date(post.created_at) : new Date(0),
    fromPractice: post.author_id === account.externalId,
  };
}
