// Graph routes for Pages: /me, /me/accounts, /{page}/feed (read and publish), /{page}/photos, /{id}.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { sniffImage } from '../core/media';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GraphErrors, graphError } from './facebook-errors';
import { FACEBOOK_MESSAGE_LIMIT, type FacebookFake, type FacebookPhoto, type FacebookPost } from './facebook-fake';
import { nodeOfInstagram } from './instagram-routes';
import { registerFacebookVideoRoutes } from './facebook-video-routes';

const V = '(?:/v\\d+\\.\\d+)?';
const FEED_FIELDS = ['id', 'message', 'created_time', 'permalink_url', 'full_picture', 'link', 'is_published'];
const ACCOUNT_FIELDS = ['id', 'name', 'access_token', 'category', 'category_list', 'tasks'];

export function registerGraphRoutes(fake: FacebookFake, route: RegisterRoute): void {
  route('GET', new RegExp(`^${V}/me/accounts$`), 'accounts', (req) =>
    withToken(fake, req, (token) => listAccounts(fake, req, token)),
  );
  route('GET', new RegExp(`^${V}/me$`), 'me', (req) => withToken(fake, req, (token) => me(fake, req, token)));
  route('GET', new RegExp(`^${V}/(\\d+)/feed$`), 'read', (req) =>
    withToken(fake, req, (token) => readFeed(fake, req, token)),
  );
  route('POST', new RegExp(`^${V}/(\\d+)/feed$`), 'publish', (req) =>
    withToken(fake, req, (token) => publishFeed(fake, req, token)),
  );
  route('POST', new RegExp(`^${V}/(\\d+)/photos$`), 'publish', (req) =>
    withToken(fake, req, (token) => publishPhoto(fake, req, token)),
  );
  registerFacebookVideoRoutes(
    fake,
    route,
    async (req, run) => {
      const token = fake.authenticate(req);
      if ('status' in token) return token;
      if (!fake.pages.has(req.params[0])) return GraphErrors.unknownObject(req.params[0]);
      if (!canPublish(fake, token, req.params[0])) return GraphErrors.publishPermission();
      return run(token);
    },
    checkMessage,
  );
  route('GET', new RegExp(`^${V}/(\\d+(?:_\\d+)?)$`), 'read', (req) =>
    withToken(fake, req, (token) => node(fake, req, token)),
  );
}

function withToken<R extends FakeResponse | Promise<FakeResponse>>(
  fake: FacebookFake,
  req: FakeRequest,
  run: (token: TokenRecord) => R,
): FakeResponse | R {
  const token = fake.authenticate(req);
  return 'status' in token ? token : run(token);
}

/** Query and body fields together (the SDK sends JSON; others send forms or query strings). */
function paramsOf(req: FakeRequest): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(req.query);
  Object.assign(params, req.body.fields);
  delete params.access_token;
  return params;
}

function requestedFields(
  req: FakeRequest,
  allowed: string[],
  defaults: string[],
  node: string,
): string[] | FakeResponse {
  const raw = req.query.get('fields');
  const fields = raw
    ? raw
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean)
    : defaults;
  const unknown = fields.find((f) => !allowed.includes(f));
  return unknown ? GraphErrors.nonexistingField(unknown, node) : fields;
}

function pick(source: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => source[f] !== undefined).map((f) => [f, source[f]]));
}

export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

function me(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const fields = requestedFields(
    req,
    ['id', 'name', 'picture'],
    ['id', 'name'],
    token.data.kind === 'page' ? 'Page' : 'User',
  );
  if ('status' in fields) return fields;
  // Graph's `picture` edge as a field: the 50x50 profile picture, wrapped in `data`.
  const picture = (id: string) => ({
    data: { height: 50, is_silhouette: false, url: `${fake.url}/__media/profile/${id}_50x50.jpg`, width: 50 },
  });
  if (token.data.kind === 'page') {
    const page = fake.pages.get(String(token.data.pageId));
    return {
      status: 200,
      json: pick({ id: page?.id, name: page?.name, picture: page ? picture(page.id) : undefined }, fields),
    };
  }
  const user = fake.users.get(token.subject);
  return { status: 200, json: pick({ id: token.subject, name: user?.name, picture: picture(token.subject) }, fields) };
}

function listAccounts(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (token.data.kind !== 'user') return GraphErrors.nonexistingField('accounts', 'Page');
  if (!token.scopes.includes('pages_show_list'))
    return graphError(403, 200, '(#200) Requires pages_show_list permission to manage the object');
  const fields = requestedFields(req, ACCOUNT_FIELDS, ACCOUNT_FIELDS, 'Page');
  if ('status' in fields) return fields;
  // Page tokens from a long-lived user token never expire; from a short-lived one they die with it.
  const userTtl = fake.tokens.secondsLeft(token);
  const longLived = token.data.longLived === true || userTtl === undefined || userTtl > 24 * 3600;
  const data = [...fake.pages.values()]
    .filter((page) => fake.tasksOf(token.subject, page.id).length > 0)
    .map((page) => {
      const pageToken = fake.issuePageToken(token.subject, page.id, token.scopes, longLived ? undefined : userTtl);
      const category = page.category ?? 'Medical & Health';
      return pick(
        {
          id: page.id,
          name: page.name,
          access_token: pageToken.value,
          category,
          category_list: [{ id: '2250', name: category }],
          tasks: fake.tasksOf(token.subject, page.id),
        },
        fields,
      );
    });
  return { status: 200, json: { data, paging: { cursors: { before: 'QVFIUmJl', after: 'QVFIUmFm' } } } };
}

/**
 * `/{page}/feed`: newest first, `since`/`until` filters, `limit` (default 25, at most 100) and
 * cursor paging: `paging.cursors {before, after}` point at the first and last post of the page, and
 * `paging.next` / `paging.previous` are full URLs (the request's own, token included) with `after` /
 * `before` set, present only when there is such a page.
 */
function readFeed(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const pageId = req.params[0];
  if (!fake.pages.has(pageId)) return GraphErrors.unknownObject(pageId);
  const allowed =
    token.data.kind === 'page' ? token.data.pageId === pageId : fake.tasksOf(token.subject, pageId).length > 0;
  if (!allowed || !token.scopes.includes('pages_read_engagement')) return GraphErrors.readPermission();
  const fields = requestedFields(req, FEED_FIELDS, ['id', 'message', 'created_time'], 'Post');
  if ('status' in fields) return fields;
  const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
  const since = timeParam(req.query.get('since'));
  const until = timeParam(req.query.get('until'));
  const posts = fake.lookup
    .items('page', pageId)
    .filter(
      (p) =>
        p.published &&
        (since === undefined || p.createdTime >= since) &&
        (until === undefined || p.createdTime <= until),
    )
    .sort(newestFirst);
  const after = req.query.get('after');
  const before = req.query.get('before');
  let from = 0;
  let to = limit;
  if (after !== null || before !== null) {
    const cursor = decodeCursor((after ?? before)!);
    if (!cursor) return graphError(400, 100, `(#100) The ${after !== null ? 'after' : 'before'} cursor is not valid`);
    // A cursor keeps its place even when its post is gone: `after` starts past it, `before` ends short of it.
    const edge = posts.findIndex((p) => (after !== null ? newestFirst(p, cursor) > 0 : newestFirst(p, cursor) >= 0));
    const index = edge === -1 ? posts.length : edge;
    [from, to] = after !== null ? [index, index + limit] : [Math.max(0, index - limit), index];
  }
  const page = posts.slice(from, to);
  if (page.length === 0) return { status: 200, json: { data: [] } };
  const paging: Record<string, unknown> = {
    cursors: { before: cursorOf(page[0]), after: cursorOf(page[page.length - 1]) },
  };
  if (from > 0) paging.previous = pageUrl(req, limit, 'before', cursorOf(page[0]));
  if (from + page.length < posts.length) paging.next = pageUrl(req, limit, 'after', cursorOf(page[page.length - 1]));
  return { status: 200, json: { data: page.map((p) => pick(feedItem(fake, p), fields)), paging } };
}

/** Feed order: newest first, then the bigger post id (the later one) first. */
function newestFirst(a: Pick<FacebookPost, 'createdTime' | 'id'>, b: Pick<FacebookPost, 'createdTime' | 'id'>): number {
  if (a.createdTime !== b.createdTime) return b.createdTime - a.createdTime;
  const diff = BigInt(b.id.split('_').pop() ?? '0') - BigInt(a.id.split('_').pop() ?? '0');
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
}

/** Opaque base64 like Graph's (`QVFIUm...`), holding the post's place in the feed. */
function cursorOf(post: FacebookPost): string {
  return Buffer.from(`${post.createdTime}:${post.id}`).toString('base64');
}

function decodeCursor(cursor: string): Pick<FacebookPost, 'createdTime' | 'id'> | undefined {
  const match = /^(\d+):(\d+(?:_\d+)?)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  return match ? { createdTime: Number(match[1]), id: match[2] } : undefined;
}

/** The request's own URL on the fake's origin with the other cursor replaced, as Graph builds `paging.next`. */
function pageUrl(req: FakeRequest, limit: number, direction: 'after' | 'before', cursor: string): string {
  const query = new URLSearchParams(req.query);
  query.delete('after');
  query.delete('before');
  query.set('limit', String(limit));
  query.set(direction, cursor);
  return `${req.origin}${req.path}?${query.toString()}`;
}

function feedItem(fake: FacebookFake, post: FacebookPost): Record<string, unknown> {
  return {
    id: post.id,
    message: post.message,
    created_time: graphTime(post.createdTime),
    permalink_url: `https://www.facebook.com/${post.pageId}/posts/${post.id.split('_')[1]}`,
    full_picture: post.photo ? (post.photo.url ?? `${fake.url}/__media/${post.photo.id}.jpg`) : undefined,
    link: post.link,
    is_published: post.published,
  };
}

function timeParam(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** Posting needs the Page's own token, with pages_manage_posts, from a user with CREATE_CONTENT. */
function canPublish(fake: FacebookFake, token: TokenRecord, pageId: string): boolean {
  return (
    token.data.kind === 'page' &&
    token.data.pageId === pageId &&
    token.scopes.includes('pages_manage_posts') &&
    fake.tasksOf(token.subject, pageId).includes('CREATE_CONTENT')
  );
}

function publishFeed(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const pageId = req.params[0];
  if (!fake.pages.has(pageId)) return GraphErrors.unknownObject(pageId);
  if (!canPublish(fake, token, pageId)) return GraphErrors.publishPermission();
  const params = paramsOf(req);
  const message = typeof params.message === 'string' ? params.message : undefined;
  const link = typeof params.link === 'string' ? params.link : undefined;
  const attached = attachedPhotos(fake, pageId, params);
  if (attached && 'status' in attached) return attached;
  if (!message && !link && !attached) return GraphErrors.missingMessage();
  const problem = checkMessage(fake, pageId, message);
  if (problem) return problem;
  const published =
    params.published === undefined
      ? true
      : !(params.published === false || params.published === 'false' || params.published === '0');
  let scheduledPublishTime: number | undefined;
  if (!published && params.scheduled_publish_time !== undefined) {
    scheduledPublishTime = Number(params.scheduled_publish_time) * 1000;
    const ahead = scheduledPublishTime - fake.nowMs();
    if (!Number.isFinite(ahead) || ahead < 10 * 60_000 || ahead > 75 * 24 * 3600_000) {
      return graphError(400, 100, '(#100) The specified scheduled publish time is invalid.');
    }
  }
  const throttled = fake.throttlePublish(pageId);
  if (throttled) return throttled;
  const post: FacebookPost = {
    id: `${pageId}_${fake.postIds.take()}`,
    pageId,
    message,
    link,
    createdTime: fake.nowMs(),
    published,
    scheduledPublishTime,
    via: 'feed',
    ...(attached ? { photos: attached } : {}),
  };
  for (const photo of attached ?? []) fake.unpublishedPhotos.get(photo.id)!.attached = true;
  fake.feed.push(post);
  return { status: 200, json: { id: post.id } };
}

/**
 * `attached_media`: [{media_fbid}] as JSON (or form fields attached_media[0]={"media_fbid":...}): photos this Page
 * uploaded with published=false and has not attached yet.
 */
function attachedPhotos(
  fake: FacebookFake,
  pageId: string,
  params: Record<string, unknown>,
): FacebookPhoto[] | FakeResponse | undefined {
  const raw = Object.entries(params)
    .filter(([key]) => key === 'attached_media' || /^attached_media\[\d+\]$/.test(key))
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]))
    .map((value) => (typeof value === 'string' ? safeJson(value) : value));
  if (raw.length === 0) return undefined;
  const photos: FacebookPhoto[] = [];
  for (const item of raw) {
    const id = String((item as { media_fbid?: unknown } | undefined)?.media_fbid ?? '');
    const photo = fake.unpublishedPhotos.get(id);
    if (!photo || photo.pageId !== pageId || photo.attached)
      return graphError(
        400,
        100,
        `(#100) param attached_media[${photos.length}] must be an unpublished photo of this Page`,
      );
    photos.push({
      id: photo.id,
      url: photo.url,
      bytes: photo.bytes,
      contentType: photo.contentType,
      altText: photo.altText,
    });
  }
  return photos;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function publishPhoto(fake: FacebookFake, req: FakeRequest, token: TokenRecord): Promise<FakeResponse> {
  const pageId = req.params[0];
  if (!fake.pages.has(pageId)) return GraphErrors.unknownObject(pageId);
  if (!canPublish(fake, token, pageId)) return GraphErrors.publishPermission();
  const params = paramsOf(req);
  const caption =
    typeof params.caption === 'string'
      ? params.caption
      : typeof params.message === 'string'
        ? params.message
        : undefined;
  const problem = checkMessage(fake, pageId, caption);
  if (problem) return problem;
  const url = typeof params.url === 'string' ? params.url : undefined;
  const source = req.body.files.source;
  let photo: NonNullable<FacebookPost['photo']>;
  if (url) {
    // Facebook downloads the photo itself.
    const image = await fake.download(url);
    if (!image.ok) return GraphErrors.unreachableUrl(image.reason);
    photo = { id: fake.photoIds.take(), url, bytes: image.bytes, contentType: image.type };
  } else if (source) {
    const type = sniffImage(source.data);
    if (!type) return GraphErrors.invalidImage();
    photo = { id: fake.photoIds.take(), bytes: source.data, contentType: type };
  } else {
    return GraphErrors.requiresUpload();
  }
  if (typeof params.alt_text_custom === 'string') photo.altText = params.alt_text_custom;
  // An unpublished photo is only stored, for a multi-photo post to attach (attached_media on /feed).
  if (params.published === false || params.published === 'false') {
    fake.unpublishedPhotos.set(photo.id, { ...photo, pageId, attached: false });
    return { status: 200, json: { id: photo.id } };
  }
  const throttled = fake.throttlePublish(pageId);
  if (throttled) return throttled;
  const post: FacebookPost = {
    id: `${pageId}_${fake.postIds.take()}`,
    pageId,
    message: caption,
    createdTime: fake.nowMs(),
    published: true,
    via: 'photos',
    photo,
  };
  fake.feed.push(post);
  return { status: 200, json: { id: photo.id, post_id: post.id } };
}

function checkMessage(fake: FacebookFake, pageId: string, message: string | undefined): FakeResponse | undefined {
  if (!message) return undefined;
  if (message.length > FACEBOOK_MESSAGE_LIMIT) return GraphErrors.messageTooLong(FACEBOOK_MESSAGE_LIMIT);
  const dayAgo = fake.nowMs() - 24 * 3600_000;
  if (fake.postedSince(pageId, message, dayAgo)) return GraphErrors.duplicate();
  return undefined;
}

function node(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const id = req.params[0];
  const page = fake.pages.get(id);
  if (page) {
    const fields = requestedFields(
      req,
      ['id', 'name', 'category', 'link', 'instagram_business_account'],
      ['id', 'name'],
      'Page',
    );
    if ('status' in fields) return fields;
    const linked = fake.instagram.accountOfPage(page.id);
    // Graph shows the linked account only to a token that reaches the Page.
    const reaches =
      token.data.kind === 'page' ? token.data.pageId === page.id : fake.tasksOf(token.subject, page.id).length > 0;
    return {
      status: 200,
      json: pick(
        {
          id: page.id,
          name: page.name,
          category: page.category,
          link: `https://www.facebook.com/${page.id}`,
          instagram_business_account: linked && reaches ? { id: linked.id } : undefined,
        },
        fields,
      ),
    };
  }
  const instagram = nodeOfInstagram(fake, req, token);
  if (instagram) return instagram;
  const post = fake.lookup.byId(id);
  if (!post) return GraphErrors.unknownObject(id);
  const fields = requestedFields(req, FEED_FIELDS, ['id', 'message', 'created_time'], 'Post');
  if ('status' in fields) return fields;
  return { status: 200, json: pick(feedItem(fake, post), fields) };
}
