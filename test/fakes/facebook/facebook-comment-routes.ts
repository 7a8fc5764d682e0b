// Graph routes for Page comments: list a post's (or a comment's) comments with cursor paging, hide/unhide,
// reply; plus what Meta itself does for the Page `feed` webhook (a signed POST of the change).
import { createHmac } from 'node:crypto';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GraphErrors, graphError } from './facebook-errors';
import type { FacebookFake } from './facebook-fake';
import { graphTime } from './facebook-graph-routes';

const V = '(?:/v\\d+\\.\\d+)?';
const COMMENT_FIELDS = ['id', 'message', 'from', 'created_time', 'parent', 'is_hidden', 'like_count', 'comment_count'];

export interface FacebookComment {
  id: string;
  /** The Page post ("{page}_{post}") it belongs to. */
  postId: string;
  /** The comment it answers, when it is a reply. */
  parentId?: string;
  message: string;
  from: { id: string; name: string };
  createdTime: number;
  isHidden: boolean;
}

export function registerCommentRoutes(fake: FacebookFake, route: RegisterRoute): void {
  route('GET', new RegExp(`^${V}/(\\d+_\\d+)/comments$`), 'read', (req) =>
    withToken(fake, req, (token) => listComments(fake, req, token)),
  );
  route('POST', new RegExp(`^${V}/(\\d+_\\d+)/comments$`), 'publish', (req) =>
    withToken(fake, req, (token) => replyTo(fake, req, token)),
  );
  route('POST', new RegExp(`^${V}/(\\d+_\\d+)$`), 'moderate', (req) =>
    withToken(fake, req, (token) => moderate(fake, req, token)),
  );
}

function withToken(fake: FacebookFake, req: FakeRequest, run: (token: TokenRecord) => FakeResponse): FakeResponse {
  const token = fake.authenticate(req);
  return 'status' in token ? token : run(token);
}

function param(req: FakeRequest, name: string): string | undefined {
  const fromBody = req.body.fields[name];
  return (
    req.query.get(name) ??
    (typeof fromBody === 'string' ? fromBody : fromBody === undefined ? undefined : String(fromBody))
  );
}

/** The Page a token speaks for must own the post; a user token or another Page's token may not moderate it. */
function pageOf(fake: FacebookFake, objectId: string): string | undefined {
  const post = fake.feed.find((p) => p.id === objectId);
  if (post) return post.pageId;
  const comment = fake.comments.find((c) => c.id === objectId);
  return comment ? fake.feed.find((p) => p.id === comment.postId)?.pageId : undefined;
}

const encodeCursor = (id: string) => Buffer.from(`comment:${id}`).toString('base64url');
const decodeCursor = (cursor: string) => {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return text.startsWith('comment:') ? text.slice('comment:'.length) : undefined;
};

function render(c: FacebookComment, fields: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: c.id,
    message: c.message,
    from: { id: c.from.id, name: c.from.name },
    created_time: graphTime(c.createdTime),
    parent: c.parentId ? { id: c.parentId } : undefined,
    is_hidden: c.isHidden,
    like_count: 0,
    comment_count: 0,
  };
  return Object.fromEntries(fields.filter((f) => all[f] !== undefined).map((f) => [f, all[f]]));
}

/** `fields` as Graph takes them, including one level of sub-fields: "from{id,name},parent{id}". */
function fieldNames(raw: string | undefined): string[] {
  if (!raw) return ['id', 'message', 'created_time', 'from'];
  return raw
    .replace(/\{[^}]*\}/g, '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

function listComments(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const objectId = req.params[0];
  const pageId = pageOf(fake, objectId);
  if (!pageId) return GraphErrors.unknownObject(objectId);
  if (token.data.kind !== 'page' || token.data.pageId !== pageId || !token.scopes.includes('pages_read_engagement'))
    return GraphErrors.readPermission();
  const fields = fieldNames(param(req, 'fields'));
  const unknown = fields.find((f) => !COMMENT_FIELDS.includes(f));
  if (unknown) return GraphErrors.nonexistingField(unknown, 'Comment');
  const filter = param(req, 'filter') ?? 'toplevel';
  const order = param(req, 'order') ?? 'chronological';
  if (!['toplevel', 'stream'].includes(filter))
    return graphError(400, 100, '(#100) filter must be one of the following values: toplevel, stream');
  if (!['chronological', 'reverse_chronological'].includes(order))
    return graphError(
      400,
      100,
      '(#100) order must be one of the following values: chronological, reverse_chronological',
    );
  const limit = Number(param(req, 'limit') ?? 25);
  if (!Number.isInteger(limit) || limit < 1)
    return graphError(400, 100, '(#100) The parameter limit must be a positive integer');
  const isPost = fake.feed.some((p) => p.id === objectId);
  let items = fake.comments.filter((c) =>
    isPost ? c.postId === objectId && (filter === 'stream' || !c.parentId) : c.parentId === objectId,
  );
  items = [...items].sort((a, b) => a.createdTime - b.createdTime || a.id.localeCompare(b.id));
  if (order === 'reverse_chronological') items.reverse();
  const after = param(req, 'after');
  if (after) {
    const id = decodeCursor(after);
    const at = id ? items.findIndex((c) => c.id === id) : -1;
    if (at < 0) return graphError(400, 100, '(#100) Invalid cursor');
    items = items.slice(at + 1);
  }
  const page = items.slice(0, Math.min(limit, 100));
  const paging: Record<string, unknown> = {};
  if (page.length > 0) {
    paging.cursors = { before: encodeCursor(page[0].id), after: encodeCursor(page[page.length - 1].id) };
    if (items.length > page.length)
      paging.next = `${fake.url}/v24.0/${objectId}/comments?after=${encodeCursor(page[page.length - 1].id)}&limit=${limit}`;
  }
  return { status: 200, json: { data: page.map((c) => render(c, fields)), paging } };
}

function moderate(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const commentId = req.params[0];
  const comment = fake.comments.find((c) => c.id === commentId);
  if (!comment) return GraphErrors.unknownObject(commentId);
  const pageId = pageOf(fake, commentId);
  if (token.data.kind !== 'page' || token.data.pageId !== pageId || !token.scopes.includes('pages_manage_engagement'))
    return graphError(
      403,
      200,
      '(#200) The user does not have permission to hide this comment: requires pages_manage_engagement',
    );
  const raw = param(req, 'is_hidden');
  if (raw === undefined) return graphError(400, 100, '(#100) Missing is_hidden or message');
  if (raw !== 'true' && raw !== 'false') return graphError(400, 100, '(#100) Param is_hidden must be a boolean');
  if (comment.from.id === pageId) return graphError(400, 100, "(#100) A Page can't hide its own comments");
  comment.isHidden = raw === 'true';
  return { status: 200, json: { success: true } };
}

function replyTo(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const objectId = req.params[0];
  const pageId = pageOf(fake, objectId);
  if (!pageId) return GraphErrors.unknownObject(objectId);
  if (token.data.kind !== 'page' || token.data.pageId !== pageId || !token.scopes.includes('pages_manage_engagement'))
    return graphError(403, 200, '(#200) Permissions error: requires pages_manage_engagement');
  const message = param(req, 'message');
  if (!message) return GraphErrors.missingMessage();
  const parent = fake.comments.find((c) => c.id === objectId);
  const page = fake.pages.get(pageId);
  const created = fake.addComment(parent ? parent.postId : objectId, {
    message,
    from: { id: pageId, name: page?.name ?? 'Page' },
    // Replies nest one level: an answer to a reply goes under the top-level comment.
    parentId: parent ? (parent.parentId ?? parent.id) : undefined,
  });
  return { status: 200, json: { id: created.id } };
}

/** What Meta POSTs to the callback for one comment change, with its X-Hub-Signature-256. */
export function feedWebhook(
  fake: FacebookFake,
  comment: FacebookComment,
  verb: 'add' | 'edited' | 'remove' | 'hide' | 'unhide' = 'add',
): { body: string; signature: string } {
  const pageId = fake.feed.find((p) => p.id === comment.postId)?.pageId ?? '';
  const payload = {
    object: 'page',
    entry: [
      {
        id: pageId,
        time: Math.floor(fake.nowMs() / 1000),
        changes: [
          {
            field: 'feed',
            value: {
              from: { id: comment.from.id, name: comment.from.name },
              post: { status_type: 'mobile_status_update', is_published: true, id: comment.postId },
              message: comment.message,
              post_id: comment.postId,
              comment_id: comment.id,
              created_time: Math.floor(comment.createdTime / 1000),
              item: 'comment',
              parent_id: comment.parentId ?? comment.postId,
              verb,
            },
          },
        ],
      },
    ],
  };
  // Meta escapes non-ASCII and "/" in the bytes it signs: sign exactly what is sent.
  const body = JSON.stringify(payload)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const signature = `sha256=${createHmac('sha256', fake.appSecret).update(body).digest('hex')}`;
  return { body, signature };
}
