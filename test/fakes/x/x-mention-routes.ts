// X API v2 mentions and hidden replies: GET /2/users/:id/mentions (since_id, pagination_token, expansions)
// and PUT /2/tweets/:id/hidden, with the per-user rate windows X reports in x-rate-limit-* headers.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { XErrors, invalidRequest } from './x-errors';
import type { XFake } from './x-fake';
import { rateHeaders } from './x-rate-limits';

/** A post by someone else that mentions or answers our account. */
export interface XMention {
  id: string;
  /** The account it mentions (our user id). */
  mentionedUserId: string;
  author: { id: string; name: string; username: string };
  text: string;
  createdAt: number;
  /** The post it answers, when it is a reply. */
  inReplyToId?: string;
  conversationId: string;
  hidden: boolean;
}

const TWEET_FIELDS = [
  'id',
  'text',
  'created_at',
  'author_id',
  'conversation_id',
  'referenced_tweets',
  'in_reply_to_user_id',
  'lang',
];

type Handler = (req: FakeRequest, token: TokenRecord) => FakeResponse;

export function registerXMentionRoutes(fake: XFake, route: RegisterRoute): void {
  const api = (endpoint: string, scopes: string[], run: Handler) => (req: FakeRequest) => {
    const token = fake.authenticate(req);
    if ('status' in token) return token;
    const missing = scopes.find((s) => !token.scopes.includes(s));
    if (missing) return XErrors.forbidden(`You are not permitted to perform this action. Missing scope: ${missing}`);
    const rate = fake.limiter.hit(token.subject, endpoint);
    if (rate?.exceeded) return XErrors.tooManyRequests(rateHeaders(rate));
    const response = run(req, token);
    if (rate) response.headers = { ...rateHeaders(rate), ...response.headers };
    return response;
  };
  route(
    'GET',
    /^\/2\/users\/(\d+)\/mentions$/,
    'read',
    api('GET /2/users/:id/mentions', ['tweet.read', 'users.read'], (req, token) => mentions(fake, req, token)),
  );
  route(
    'PUT',
    /^\/2\/tweets\/(\d+)\/hidden$/,
    'moderate',
    api('PUT /2/tweets/:id/hidden', ['tweet.read', 'users.read', 'tweet.moderate.write'], (req, token) =>
      hide(fake, req, token),
    ),
  );
}

function mentions(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const userId = req.params[0];
  if (userId !== token.subject) return XErrors.forbidden('You can only read the mentions of the authenticated user.');
  const max = Number(req.query.get('max_results') ?? 10);
  if (!Number.isInteger(max) || max < 5 || max > 100)
    return invalidRequest(
      'The `max_results` query parameter value [' + String(req.query.get('max_results')) + '] is not between 5 and 100',
      {
        max_results: [String(req.query.get('max_results'))],
      },
    );
  const fields = (req.query.get('tweet.fields') ?? '').split(',').filter(Boolean);
  const unknown = fields.find((f) => !TWEET_FIELDS.includes(f));
  if (unknown)
    return invalidRequest(
      `The \`tweet.fields\` query parameter value [${unknown}] is not one of [${TWEET_FIELDS.join(',')}]`,
    );
  const sinceId = req.query.get('since_id');
  let items = fake.mentions
    .filter((m) => m.mentionedUserId === userId && (!sinceId || BigInt(m.id) > BigInt(sinceId)))
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1)); // newest first, as X answers
  const token0 = req.query.get('pagination_token');
  if (token0) {
    const at = items.findIndex((m) => m.id === Buffer.from(token0, 'base64url').toString());
    if (at < 0) return invalidRequest('The `pagination_token` query parameter value is not valid');
    items = items.slice(at);
  }
  const page = items.slice(0, max);
  if (page.length === 0) return { status: 200, json: { meta: { result_count: 0 } } };
  const expand = (req.query.get('expansions') ?? '').split(',').includes('author_id');
  const meta: Record<string, unknown> = {
    newest_id: page[0].id,
    oldest_id: page[page.length - 1].id,
    result_count: page.length,
  };
  if (items.length > page.length) meta.next_token = Buffer.from(items[page.length].id).toString('base64url');
  const json: Record<string, unknown> = {
    data: page.map((m) => {
      const all: Record<string, unknown> = {
        id: m.id,
        text: m.text,
        edit_history_tweet_ids: [m.id],
        created_at: new Date(m.createdAt).toISOString(),
        author_id: m.author.id,
        conversation_id: m.conversationId,
        referenced_tweets: m.inReplyToId ? [{ type: 'replied_to', id: m.inReplyToId }] : undefined,
        in_reply_to_user_id: m.inReplyToId ? userId : undefined,
      };
      return Object.fromEntries(
        Object.entries(all).filter(
          ([k, v]) =>
            v !== undefined && (k === 'id' || k === 'text' || k === 'edit_history_tweet_ids' || fields.includes(k)),
        ),
      );
    }),
    meta,
  };
  if (expand) {
    const users = new Map(page.map((m) => [m.author.id, m.author]));
    json.includes = { users: [...users.values()] };
  }
  return { status: 200, json };
}

function hide(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const mention = fake.mentions.find((m) => m.id === req.params[0]);
  if (!mention) return XErrors.notFound(`/2/tweets/${req.params[0]}/hidden`);
  const body = req.body.fields;
  if (typeof body.hidden !== 'boolean') return invalidRequest('The `hidden` field is required and must be a boolean');
  // Only replies in a conversation the user started can be hidden.
  const root = fake.tweets.find((t) => t.id === mention.conversationId);
  if (!mention.inReplyToId || !root || root.authorId !== token.subject)
    return XErrors.forbidden('You cannot hide or unhide replies to conversations you do not own.');
  mention.hidden = body.hidden;
  return { status: 200, json: { data: { hidden: mention.hidden } } };
}
