// X API v2 routes: tweets (create, get, user timeline), users/me, v2 media upload and metadata.
import { randomBytes } from 'node:crypto';
import { extractUrlsWithIndices, parseTweet } from 'twitter-text';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { sniffImage } from '../core/media';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { XErrors, invalidRequest } from './x-errors';
import type { XFake, XMedia, XTweet } from './x-fake';
import { registerXChunkedMediaRoutes } from './x-media-chunked-routes';
import { rateHeaders } from './x-rate-limits';

const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
const X_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const MEDIA_CATEGORIES = ['tweet_image', 'dm_image', 'subtitles'];
const TWEET_FIELDS = [
  'id',
  'text',
  'created_at',
  'author_id',
  'edit_history_tweet_ids',
  'attachments',
  'public_metrics',
  'lang',
  'conversation_id',
  'referenced_tweets',
];

type Handler = (req: FakeRequest, token: TokenRecord) => FakeResponse;

export function registerXApiRoutes(fake: XFake, route: RegisterRoute): void {
  /** Authenticates, checks scopes, counts the call against the user's window and reports it. */
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
    'POST',
    /^\/2\/tweets$/,
    'publish',
    api('POST /2/tweets', ['tweet.write', 'tweet.read', 'users.read'], (req, t) => createTweet(fake, req, t)),
  );
  route(
    'GET',
    /^\/2\/tweets\/(\d+)$/,
    'read',
    api('GET /2/tweets/:id', ['tweet.read', 'users.read'], (req) => getTweet(fake, req)),
  );
  route(
    'GET',
    /^\/2\/users\/me$/,
    'me',
    api('GET /2/users/me', ['tweet.read', 'users.read'], (req, t) => me(fake, req, t)),
  );
  route(
    'GET',
    /^\/2\/users\/(\d+)\/tweets$/,
    'read',
    api('GET /2/users/:id/tweets', ['tweet.read', 'users.read'], (req) => timeline(fake, req)),
  );
  route(
    'POST',
    /^\/2\/media\/upload$/,
    'media',
    api('POST /2/media/upload', ['media.write'], (req, t) => upload(fake, req, t)),
  );
  registerXChunkedMediaRoutes(fake, route, api);
  route(
    'POST',
    /^\/2\/media\/metadata$/,
    'media',
    api('POST /2/media/metadata', ['media.write'], (req, t) => metadata(fake, req, t)),
  );
}

function tweetJson(tweet: XTweet, fields: string[]): Record<string, unknown> {
  const all: Record<string, unknown> = {
    id: tweet.id,
    text: tweet.text,
    edit_history_tweet_ids: [tweet.id],
    // X reports times to the second (`2026-11-25T10:00:00.000Z`).
    created_at: new Date(Math.floor(tweet.createdAt / 1000) * 1000).toISOString(),
    author_id: tweet.authorId,
    attachments: tweet.mediaIds.length ? { media_keys: tweet.mediaIds.map((id) => `3_${id}`) } : undefined,
    referenced_tweets: tweet.inReplyToId ? [{ type: 'replied_to', id: tweet.inReplyToId }] : undefined,
  };
  const keep = ['id', 'text', 'edit_history_tweet_ids', ...fields];
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => keep.includes(k) && v !== undefined));
}

/**
 * What X keeps and returns: every link becomes a 23-char t.co link, attached media adds one at the
 * end, and & < > come back HTML-escaped.
 */
function storedText(text: string, withMedia: boolean): string {
  let out = '';
  let at = 0;
  for (const { indices } of extractUrlsWithIndices(text)) {
    out += escapeHtml(text.slice(at, indices[0])) + tco();
    at = indices[1];
  }
  out += escapeHtml(text.slice(at));
  return withMedia ? `${out}${out ? ' ' : ''}${tco()}` : out;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function tco(): string {
  // Real t.co paths are 10 letters and digits (base64url's - and _ would end a link early for twitter-text).
  return `https://t.co/${randomBytes(16)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 10)}`;
}

function createTweet(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.body.kind !== 'json' || req.body.invalidJson) return invalidRequest('Request body must be valid JSON', {});
  const body = req.body.fields as {
    text?: unknown;
    media?: { media_ids?: unknown };
    reply?: { in_reply_to_tweet_id?: unknown };
  };
  const text = typeof body.text === 'string' ? body.text : '';
  const inReplyToId = body.reply === undefined ? undefined : body.reply.in_reply_to_tweet_id;
  if (inReplyToId !== undefined) {
    if (typeof inReplyToId !== 'string' || !/^\d+$/.test(inReplyToId))
      return invalidRequest('The `reply.in_reply_to_tweet_id` field must be a post id', { reply: [] });
    // A reply must answer a post X has: ours, or a mention of us.
    if (!fake.lookup.byId(inReplyToId) && !fake.mentions.some((m) => m.id === inReplyToId))
      return XErrors.forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.');
  }
  const mediaIds = Array.isArray(body.media?.media_ids) ? (body.media.media_ids as unknown[]).map(String) : [];
  if (!text && mediaIds.length === 0) return invalidRequest('You must provide either text or media.', { text: [] });
  if (text && parseTweet(text).weightedLength > 280) return XErrors.tooLong();
  if (mediaIds.length > 4) return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
  for (const id of mediaIds) {
    const media = fake.media.get(id);
    if (!media || media.ownerId !== token.subject || media.expiresAt < fake.nowMs())
      return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
    // A video is usable once its processing succeeded, and only on its own.
    if (media.processing && (media.processing.state !== 'succeeded' || mediaIds.length > 1))
      return invalidRequest('Your media IDs are invalid.', { 'media.media_ids': mediaIds });
  }
  const dayAgo = fake.nowMs() - 24 * 3600_000;
  if (text && fake.postedSince(token.subject, text, dayAgo)) return XErrors.duplicate();
  const daily = fake.dailyState(token.subject);
  const dailyHeaders = (remaining: number) => ({
    'x-user-limit-24hour-limit': String(daily.limit),
    'x-user-limit-24hour-remaining': String(remaining),
    'x-user-limit-24hour-reset': String(daily.reset),
  });
  if (daily.remaining <= 0) return XErrors.tooManyRequests(dailyHeaders(0));
  const tweet: XTweet = {
    id: fake.tweetIds.take(),
    authorId: token.subject,
    textSent: text,
    text: storedText(text, mediaIds.length > 0),
    createdAt: fake.nowMs(),
    mediaIds,
    ...(typeof inReplyToId === 'string' ? { inReplyToId } : {}),
  };
  fake.tweets.push(tweet);
  return {
    status: 201,
    headers: dailyHeaders(daily.remaining - 1),
    json: { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } },
  };
}

function fieldsOf(req: FakeRequest): string[] | FakeResponse {
  const raw = req.query.get('tweet.fields');
  const fields = raw ? raw.split(',').filter(Boolean) : [];
  const bad = fields.find((f) => !TWEET_FIELDS.includes(f));
  return bad
    ? invalidRequest(`The \`tweet.fields\` query parameter value [${bad}] is not one of [${TWEET_FIELDS.join(',')}]`, {
        'tweet.fields': [bad],
      })
    : fields;
}

function getTweet(fake: XFake, req: FakeRequest): FakeResponse {
  const fields = fieldsOf(req);
  if (!Array.isArray(fields)) return fields;
  const tweet = fake.lookup.byId(req.params[0]);
  if (!tweet)
    return notFoundResource('tweet', 'id', req.params[0], `Could not find tweet with id: [${req.params[0]}].`);
  return { status: 200, json: { data: tweetJson(tweet, fields) } };
}

/** X answers "not found" with HTTP 200 and an errors array. */
function notFoundResource(resourceType: string, parameter: string, value: string, detail: string): FakeResponse {
  return {
    status: 200,
    json: {
      errors: [
        {
          value,
          detail,
          title: 'Not Found Error',
          resource_type: resourceType,
          parameter,
          resource_id: value,
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    },
  };
}

const USER_FIELDS = ['created_at', 'description', 'id', 'name', 'profile_image_url', 'protected', 'url', 'username'];

/** `GET /2/users/me`: id, name and username always; `user.fields=profile_image_url` adds the 48x48 "_normal" picture. */
function me(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const user = fake.users.get(token.subject);
  if (!user) return notFoundResource('user', 'id', token.subject, `Could not find user with id: [${token.subject}].`);
  const raw = req.query.get('user.fields');
  const fields = raw ? raw.split(',').filter(Boolean) : [];
  const bad = fields.find((f) => !USER_FIELDS.includes(f));
  if (bad)
    return invalidRequest(
      `The \`user.fields\` query parameter value [${bad}] is not one of [${USER_FIELDS.join(',')}]`,
      {
        'user.fields': [bad],
      },
    );
  const picture = fields.includes('profile_image_url')
    ? { profile_image_url: `${fake.url}/__media/profile_images/${user.id}/avatar_normal.jpg` }
    : {};
  return { status: 200, json: { data: { id: user.id, name: user.name, username: user.username, ...picture } } };
}

/**
 * `GET /2/users/:id/tweets`: newest first, `max_results` 5..100 (default 10), `start_time`/`end_time`
 * filters, and paging with an opaque `meta.next_token` the caller sends back as `pagination_token`
 * (`previous_token` on pages after the first). `result_count` counts this page; no `next_token` on the last.
 */
function timeline(fake: XFake, req: FakeRequest): FakeResponse {
  const userId = req.params[0];
  if (!fake.users.has(userId))
    return notFoundResource('user', 'id', userId, `Could not find user with id: [${userId}].`);
  const fields = fieldsOf(req);
  if (!Array.isArray(fields)) return fields;
  const rawMax = req.query.get('max_results');
  const max = Number(rawMax ?? 10);
  if (!Number.isInteger(max) || max < 5 || max > 100) {
    return invalidRequest(`The \`max_results\` query parameter value [${rawMax}] is not between 5 and 100`, {
      max_results: [String(rawMax)],
    });
  }
  // "YYYY-MM-DDTHH:mm:ssZ ... Timestamp is in second granularity": nothing else is accepted.
  const start = req.query.get('start_time');
  const end = req.query.get('end_time');
  for (const [name, value] of [
    ['start_time', start],
    ['end_time', end],
  ] as const)
    if (value !== null && (!X_TIME.test(value) || Number.isNaN(Date.parse(value))))
      return invalidRequest(`Invalid '${name}':'${value}'. '${name}' must be of the form YYYY-MM-DDTHH:mm:ssZ`, {
        [name]: [value],
      });
  const startMs = start ? Date.parse(start) : undefined;
  const endMs = end ? Date.parse(end) : undefined;
  const tweets = fake.lookup
    .items('author', userId)
    .filter((t) => (startMs === undefined || t.createdAt >= startMs) && (endMs === undefined || t.createdAt <= endMs))
    .sort((a, b) => b.createdAt - a.createdAt || compareIds(b.id, a.id));
  const token = req.query.get('pagination_token');
  let from = 0;
  if (token !== null) {
    const position = positionOf(token, tweets, max);
    if (position === undefined) {
      return invalidRequest(`The \`pagination_token\` query parameter value [${token}] is not valid`, {
        pagination_token: [token],
      });
    }
    from = position;
  }
  const page = tweets.slice(from, from + max);
  const meta: Record<string, unknown> = { result_count: page.length };
  if (page.length > 0) Object.assign(meta, { newest_id: page[0].id, oldest_id: page[page.length - 1].id });
  if (from + max < tweets.length) meta.next_token = pageToken('n', page[page.length - 1].id);
  if (from > 0 && page.length > 0) meta.previous_token = pageToken('p', page[0].id);
  if (page.length === 0) return { status: 200, json: { meta } };
  return { status: 200, json: { data: page.map((t) => tweetJson(t, fields)), meta } };
}

/** Opaque like X's (`7140dibdnow9c7btw421dyz6jism75z99gyxd8egarsc4`): direction and the boundary tweet id, base 36. */
function pageToken(direction: 'n' | 'p', tweetId: string): string {
  return `7140${direction}${BigInt(tweetId).toString(36)}`;
}

/** Where the page a token asks for starts in `tweets` (newest first); undefined for a token X would refuse. */
function positionOf(token: string, tweets: XTweet[], max: number): number | undefined {
  const match = /^7140([np])([0-9a-z]+)$/.exec(token);
  if (!match) return undefined;
  const id = [...match[2]].reduce((n, c) => n * 36n + BigInt(parseInt(c, 36)), 0n).toString();
  const at = tweets.findIndex((t) => t.id === id);
  if (match[1] === 'n') {
    if (at !== -1) return at + 1;
    // The boundary tweet was deleted: carry on with the ones older than it (ids grow with time).
    const index = tweets.findIndex((t) => compareIds(t.id, id) < 0);
    return index === -1 ? tweets.length : index;
  }
  const newer = at !== -1 ? at : tweets.filter((t) => compareIds(t.id, id) > 0).length;
  return Math.max(0, newer - max);
}

/** X ids are snowflakes: later tweets have bigger ids. */
function compareIds(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
}

/** The one-shot v2 upload: JSON `{media: base64, media_category, media_type}` or multipart with raw bytes. */
function upload(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.has('command'))
    return invalidRequest(
      'The command parameter is not supported; use /2/media/upload/initialize for chunked uploads',
      { command: [req.query.get('command')] },
    );
  let bytes: Buffer | undefined;
  let category: unknown;
  let mediaType: unknown;
  if (req.body.kind === 'json' && !req.body.invalidJson) {
    const f = req.body.fields;
    bytes = typeof f.media === 'string' ? Buffer.from(f.media, 'base64') : undefined;
    category = f.media_category;
    mediaType = f.media_type;
  } else if (req.body.kind === 'multipart') {
    const file = req.body.files.media;
    bytes =
      file?.data ??
      (typeof req.body.fields.media === 'string' ? Buffer.from(req.body.fields.media, 'base64') : undefined);
    category = req.body.fields.media_category;
    mediaType = req.body.fields.media_type;
  } else {
    return invalidRequest('Use application/json or multipart/form-data', {});
  }
  if (!bytes || bytes.length === 0) return invalidRequest('media is required', { media: [] });
  if (typeof category !== 'string' || !MEDIA_CATEGORIES.includes(category))
    return invalidRequest(`media_category must be one of ${MEDIA_CATEGORIES.join(', ')}`, {
      media_category: [String(category)],
    });
  const sniffed = sniffImage(bytes);
  if (!sniffed || sniffed === 'image/gif')
    return invalidRequest('media type unrecognized or not an image; animated GIFs need the chunked upload', {
      media: [],
    });
  if (
    typeof mediaType === 'string' &&
    mediaType !== sniffed &&
    !(mediaType === 'image/pjpeg' && sniffed === 'image/jpeg')
  ) {
    return invalidRequest(`media_type ${mediaType} does not match the uploaded bytes (${sniffed})`, {
      media_type: [mediaType],
    });
  }
  if (bytes.length > IMAGE_LIMIT_BYTES) return invalidRequest('File size exceeds 5242880 bytes.', { media: [] });
  const id = fake.mediaIds.take();
  const media: XMedia = {
    id,
    mediaKey: `3_${id}`,
    ownerId: token.subject,
    bytes,
    contentType: sniffed,
    category,
    createdAt: fake.nowMs(),
    expiresAt: fake.nowMs() + 86_400_000,
  };
  fake.media.set(id, media);
  return {
    status: 200,
    json: {
      data: {
        id,
        media_key: media.mediaKey,
        size: bytes.length,
        expires_after_secs: 86_400,
        image: { image_type: sniffed },
      },
    },
  };
}

function metadata(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.body.kind !== 'json' || req.body.invalidJson) return invalidRequest('Request body must be valid JSON', {});
  const body = req.body.fields as { id?: unknown; metadata?: { alt_text?: { text?: unknown } } };
  const media = typeof body.id === 'string' ? fake.media.get(body.id) : undefined;
  if (!media || media.ownerId !== token.subject)
    return invalidRequest('Your media ID is invalid.', { id: [String(body.id)] });
  const alt = body.metadata?.alt_text?.text;
  if (alt !== undefined) {
    if (typeof alt !== 'string' || alt.length > 1000)
      return invalidRequest('alt_text.text must be a string of at most 1000 characters', {
        'metadata.alt_text.text': [],
      });
    media.altText = alt;
  }
  return { status: 200, json: { data: { id: media.id, associated_metadata: { alt_text: { text: media.altText } } } } };
}
