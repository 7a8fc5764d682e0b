// LinkedIn comments on our organization's posts, polled per post (LinkedIn has no comment webhook for
// pages). The cursor is the newest comment time read; the network id dedupes what a page re-reads. Post and
// comment URNs in paths are Rest.li-encoded: a comment URN's parentheses and comma are syntax otherwise.
import { HttpTransport, isSamePostText, restliEncode, TransportError } from '@app/publishing';
import type { IncomingComment, InboxSource, PollResult, ReplyTarget, SentReply, SourceAccount } from './source';
import { SourceError } from './source-error';

const PAGE_SIZE = 50;
const MAX_PAGES = 5;

interface LinkedInCommentElement {
  id?: string;
  commentUrn?: string;
  actor?: string;
  object?: string;
  message?: { text?: string };
  created?: { time?: number };
  parentComment?: string;
}

export class LinkedInSource implements InboxSource {
  readonly network = 'linkedin' as const;

  constructor(
    private readonly transport: HttpTransport,
    private readonly apiUrl: string,
    private readonly version: string,
  ) {}

  async poll(
    account: SourceAccount,
    cursors: ReadonlyMap<string, string>,
    postIds: readonly string[],
  ): Promise<PollResult> {
    const comments: IncomingComment[] = [];
    const moved: Record<string, string> = {};
    for (const postUrn of postIds) {
      const scope = `comments:${postUrn}`;
      const since = Number(cursors.get(scope) ?? 0);
      let newest = since;
      for (let page = 0; page < MAX_PAGES; page++) {
        const body = (await this.get(
          account,
          `/rest/socialActions/${restliEncode(postUrn)}/comments?start=${page * PAGE_SIZE}&count=${PAGE_SIZE}`,
        )) as { elements?: LinkedInCommentElement[]; paging?: { total?: number } };
        const elements = body.elements ?? [];
        for (const e of elements) {
          const time = e.created?.time ?? 0;
          if (!e.commentUrn || time < since) continue;
          comments.push(toIncoming(e, postUrn, account));
          newest = Math.max(newest, time);
        }
        if (elements.length < PAGE_SIZE) break;
      }
      if (newest > since) moved[scope] = String(newest);
    }
    return { comments, cursors: moved };
  }

  setHidden(): Promise<void> {
    return Promise.reject(new SourceError('rejected', 'LinkedIn does not let a page hide comments'));
  }

  /**
   * `POST /rest/socialActions/{comment urn}/comments` as the organization. LinkedIn threads are two levels
   * deep, so an answer to a nested comment goes under its top-level comment.
   */
  async reply(account: SourceAccount, target: ReplyTarget, text: string): Promise<SentReply> {
    const parent = target.threadExternalId;
    const { body, headers } = await this.call(account, 'POST', `/rest/socialActions/${restliEncode(parent)}/comments`, {
      actor: organizationUrn(account),
      object: target.postExternalId,
      parentComment: parent,
      message: { text },
    });
    const created = body as { commentUrn?: unknown };
    const urn = typeof created.commentUrn === 'string' ? created.commentUrn : headers['x-restli-id'];
    if (typeof urn !== 'string' || !urn)
      throw new SourceError('transient', 'LinkedIn answered without the comment urn');
    return { externalId: urn };
  }

  /** The organization's nested comment with this text under the thread's top-level comment. */
  async findReply(account: SourceAccount, target: ReplyTarget, text: string, since: Date): Promise<SentReply | null> {
    const org = organizationUrn(account);
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = (await this.get(
        account,
        `/rest/socialActions/${restliEncode(target.threadExternalId)}/comments?start=${page * PAGE_SIZE}&count=${PAGE_SIZE}`,
      )) as { elements?: LinkedInCommentElement[] };
      const elements = body.elements ?? [];
      const found = elements.find(
        (e) =>
          e.actor === org &&
          e.commentUrn &&
          (e.created?.time ?? 0) >= since.getTime() &&
          isSamePostText('linkedin', text, e.message?.text ?? ''),
      );
      if (found?.commentUrn) return { externalId: found.commentUrn };
      if (elements.length < PAGE_SIZE) break;
    }
    return null;
  }

  private async get(account: SourceAccount, path: string): Promise<unknown> {
    return (await this.call(account, 'GET', path)).body;
  }

  private async call(
    account: SourceAccount,
    method: 'GET' | 'POST',
    path: string,
    json?: unknown,
  ): Promise<{ body: unknown; headers: Record<string, string> }> {
    let response;
    try {
      response = await this.transport.request({
        method,
        url: `${this.apiUrl}${path}`,
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          'linkedin-version': this.version,
          'x-restli-protocol-version': '2.0.0',
          ...(json ? { 'content-type': 'application/json' } : {}),
        },
        body: json ? JSON.stringify(json) : undefined,
      });
    } catch (error) {
      if (error instanceof TransportError)
        throw new SourceError('transient', `LinkedIn did not answer: ${error.message}`);
      throw error;
    }
    let body: unknown = {};
    try {
      body = JSON.parse(response.body.toString('utf8') || '{}');
    } catch {
      throw new SourceError('transient', `LinkedIn answered ${response.status} with a body that is not JSON`);
    }
    if (response.status >= 200 && response.status < 300) return { body, headers: response.headers };
    const message = (body as { message?: string }).message ?? `HTTP ${response.status}`;
    if (response.status === 401) throw new SourceError('auth_expired', message);
    if (response.status === 429) throw new SourceError('rate_limited', message);
    if (response.status >= 500) throw new SourceError('transient', message);
    throw new SourceError('rejected', message);
  }
}

function organizationUrn(account: SourceAccount): string {
  return account.externalId.startsWith('urn:') ? account.externalId : `urn:li:organization:${account.externalId}`;
}

function toIncoming(e: LinkedInCommentElement, postUrn: string, account: SourceAccount): IncomingComment {
  const urn = e.commentUrn as string;
  const parent = e.parentComment ?? null;
  return {
    externalId: urn,
    kind: parent ? 'reply' : 'comment',
    parentExternalId: parent,
    threadExternalId: parent ?? urn,
    postExternalId: postUrn,
    authorExternalId: e.actor ?? null,
    // Member names need a profile lookup LinkedIn grants few apps: the URN stands in for now.
    authorName: 'LinkedIn member',
    authorHandle: null,
    text: e.message?.text ?? '',
    writtenAt: new Date(e.created?.time ?? 0),
    fromPractice: e.actor === organizationUrn(account),
  };
}
