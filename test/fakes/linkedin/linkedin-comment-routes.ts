// LinkedIn comments on organization posts (Community Management API): GET /rest/socialActions/{urn}/comments
// with Rest.li paging, behind the same version and protocol gate as /rest/posts.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { LinkedInErrors, liValidation } from './linkedin-errors';
import type { LinkedInFake } from './linkedin-fake';

export interface LinkedInComment {
  id: string;
  /** The post it is on: urn:li:share:N or urn:li:ugcPost:N. */
  object: string;
  actor: string;
  text: string;
  createdAt: number;
  parentCommentUrn?: string;
}

export const commentUrn = (c: LinkedInComment) => `urn:li:comment:(${c.object},${c.id})`;

export function registerLinkedInCommentRoutes(fake: LinkedInFake, route: RegisterRoute): void {
  route('GET', /^\/rest\/socialActions\/([^/]+)\/comments$/, 'read', (req) => {
    const token = fake.gate(req);
    return 'status' in token ? token : (restliKeyProblem(req) ?? listComments(fake, req, token));
  });
  route('POST', /^\/rest\/socialActions\/([^/]+)\/comments$/, 'publish', (req) => {
    const token = fake.gate(req);
    return 'status' in token ? token : (restliKeyProblem(req) ?? createComment(fake, req, token));
  });
}

/**
 * Rest.li 2.0 reads ( ) , : ' in a path key as syntax (https://linkedin.github.io/rest.li/spec/protocol): a URN
 * key must arrive with all of them percent-encoded, or the key does not parse.
 */
function restliKeyProblem(req: FakeRequest): FakeResponse | undefined {
  const raw = /^\/rest\/socialActions\/([^/]+)\/comments$/.exec(req.path)?.[1] ?? '';
  if (!/[(),:']/.test(raw)) return undefined;
  return liValidation(
    400,
    `Syntax exception in path variables: the key "${raw}" has unencoded Rest.li reserved characters`,
    'INVALID_URN_FORMAT',
  );
}

const POST_URN = /^urn:li:(share|ugcPost):\d+$/;

/** The comment a `urn:li:comment:(post,id)` names, when we have it. */
function commentByUrn(fake: LinkedInFake, urn: string): LinkedInComment | undefined {
  return fake.comments.find((c) => commentUrn(c) === urn);
}

/**
 * `POST /rest/socialActions/{post or comment urn}/comments` `{actor, object, message: {text}, parentComment?}`:
 * an organization's admin comments as the organization. Threads are two levels deep: a nested comment's
 * parentComment is the top-level comment.
 */
function createComment(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const target = decodeURIComponent(req.params[0]);
  const body = req.body.fields as {
    actor?: unknown;
    object?: unknown;
    message?: { text?: unknown };
    parentComment?: unknown;
  };
  if (typeof body.actor !== 'string' || typeof body.object !== 'string')
    return liValidation(422, 'actor and object are required', 'FIELD_REQUIRED', '/actor');
  const text = typeof body.message?.text === 'string' ? body.message.text : '';
  if (!text.trim()) return liValidation(422, 'message.text must not be empty', 'FIELD_REQUIRED', '/message/text');
  const post = fake.published.find((p) => p.id === body.object);
  if (!post) return { status: 404, json: { status: 404, code: 'NOT_FOUND', message: `Not found: ${body.object}` } };
  const parent = typeof body.parentComment === 'string' ? commentByUrn(fake, body.parentComment) : undefined;
  if (body.parentComment !== undefined && (!parent || parent.parentCommentUrn || parent.object !== post.id))
    return liValidation(
      422,
      'parentComment must be a first-level comment on object',
      'INVALID_PARENT',
      '/parentComment',
    );
  if (target !== (parent ? commentUrn(parent) : post.id))
    return liValidation(400, `The path urn ${target} does not match the comment's parent`, 'INVALID_URN_FORMAT');
  const allowed =
    (token.scopes.includes('w_organization_social') || token.scopes.includes('w_member_social')) &&
    fake.isAdmin(token.subject, body.actor);
  if (!allowed) return LinkedInErrors.accessDenied('socialActions.comments.CREATE');
  const created = fake.addComment(post.id, { text, actor: body.actor });
  if (parent) created.parentCommentUrn = commentUrn(parent);
  return {
    status: 201,
    headers: { 'x-restli-protocol-version': '2.0.0', 'x-restli-id': commentUrn(created) },
    json: elementOf(created),
  };
}

function elementOf(c: LinkedInComment): Record<string, unknown> {
  return {
    $URN: commentUrn(c),
    commentUrn: commentUrn(c),
    id: c.id,
    actor: c.actor,
    object: c.object,
    message: { text: c.text, attributes: [] },
    created: { actor: c.actor, time: c.createdAt },
    lastModified: { actor: c.actor, time: c.createdAt },
    ...(c.parentCommentUrn ? { parentComment: c.parentCommentUrn } : {}),
  };
}

function listComments(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const target = decodeURIComponent(req.params[0]);
  // "Comments on comments": the path names a top-level comment, the answer is its nested comments.
  const parent = commentByUrn(fake, target);
  const object = parent ? parent.object : target;
  if (!POST_URN.test(object)) return liValidation(400, `Invalid URN: ${target}`, 'INVALID_URN_FORMAT');
  const post = fake.published.find((p) => p.id === object);
  if (!post) return { status: 404, json: { status: 404, code: 'NOT_FOUND', message: `Not found: ${object}` } };
  const allowed =
    (token.scopes.includes('r_organization_social') || token.scopes.includes('r_member_social')) &&
    fake.isAdmin(token.subject, post.author);
  if (!allowed) return LinkedInErrors.accessDenied('socialActions.comments.GET_ALL');
  for (const name of ['start', 'count']) {
    const raw = req.query.get(name);
    if (raw !== null && !/^\d+$/.test(raw))
      return liValidation(400, `${name} :: "${raw}" is not a non-negative integer`, 'INVALID_PARAM');
  }
  const count = Math.min(100, Number(req.query.get('count') ?? 10));
  const start = Number(req.query.get('start') ?? 0);
  // Oldest first, as LinkedIn lists a post's comments.
  const all = fake.comments
    .filter((c) => c.object === object && (!parent || c.parentCommentUrn === target))
    .sort((a, b) => a.createdAt - b.createdAt);
  const links =
    count > 0 && start + count < all.length
      ? [{ rel: 'next', type: 'application/json', href: `?start=${start + count}&count=${count}` }]
      : [];
  return {
    status: 200,
    headers: { 'x-restli-protocol-version': '2.0.0' },
    json: {
      paging: { start, count, links, total: all.length },
      elements: all.slice(start, start + count).map(elementOf),
    },
  };
}
