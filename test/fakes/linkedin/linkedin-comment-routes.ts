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
    return 'status' in token ? token : listComments(fake, req, token);
  });
}

function listComments(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const object = decodeURIComponent(req.params[0]);
  if (!/^urn:li:(share|ugcPost):\d+$/.test(object))
    return liValidation(400, `Invalid URN: ${object}`, 'INVALID_URN_FORMAT');
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
  const all = fake.comments.filter((c) => c.object === object).sort((a, b) => a.createdAt - b.createdAt);
  const links =
    count > 0 && start + count < all.length
      ? [{ rel: 'next', type: 'application/json', href: `?start=${start + count}&count=${count}` }]
      : [];
  return {
    status: 200,
    headers: { 'x-restli-protocol-version': '2.0.0' },
    json: {
      paging: { start, count, links, total: all.length },
      elements: all.slice(start, start + count).map((c) => ({
        $URN: commentUrn(c),
        commentUrn: commentUrn(c),
        id: c.id,
        actor: c.actor,
        object: c.object,
        message: { text: c.text, attributes: [] },
        created: { actor: c.actor, time: c.createdAt },
        lastModified: { actor: c.actor, time: c.createdAt },
        ...(c.parentCommentUrn ? { parentComment: c.parentCommentUrn } : {}),
      })),
    },
  };
}
