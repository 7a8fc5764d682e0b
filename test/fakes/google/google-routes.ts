// Business Profile routes: Account Management v1 (/v1/accounts), Business Information v1 (locations) and
// v4 localPosts (create with moderation, list, get, delete), each checking the bearer token, its scope and
// that the signed-in user manages the account.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GoogleErrors } from './google-errors';
import { GOOGLE_BUSINESS_SCOPE, type GoogleBusinessFake, type LocalPostRecord } from './google-fake';
import { registerMediaRoutes } from './google-media-routes';
import { registerReviewRoutes } from './google-review-routes';

const PARENT = '/v4/(accounts/[^/]+)/(locations/[^/]+)/localPosts';
const LOCAL_POST_FIELDS = [
  'name',
  'languageCode',
  'summary',
  'callToAction',
  'createTime',
  'updateTime',
  'event',
  'state',
  'media',
  'searchUrl',
  'topicType',
  'alertType',
  'offer',
];
const TOPIC_TYPES = ['STANDARD', 'EVENT', 'OFFER', 'ALERT'];
const ACTION_TYPES = ['BOOK', 'ORDER', 'SHOP', 'LEARN_MORE', 'SIGN_UP', 'CALL'];
const SUMMARY_LIMIT = 1500;
// Google refuses phone numbers in a post's text at moderation (the CALL button uses the listing's number).
const PHONE = /(?:\+?\d[\s().-]*){7,}\d/;

export function registerGoogleRoutes(fake: GoogleBusinessFake, route: RegisterRoute): void {
  route('GET', /^\/v1\/accounts$/, 'accounts', (req) => authed(fake, req, (t) => listAccounts(fake, req, t)));
  route('GET', /^\/v1\/(accounts\/[^/]+)\/locations$/, 'accounts', (req) =>
    authed(fake, req, (t) => listLocations(fake, req, t)),
  );
  route('GET', /^\/v1\/(locations\/[^/]+)$/, 'me', (req) => authed(fake, req, (t) => getLocation(fake, req, t)));
  route('POST', new RegExp(`^${PARENT}$`), 'publish', (req) => authed(fake, req, (t) => createPost(fake, req, t)));
  route('GET', new RegExp(`^${PARENT}$`), 'read', (req) => authed(fake, req, (t) => listPosts(fake, req, t)));
  route('GET', new RegExp(`^${PARENT}/([^/]+)$`), 'read', (req) => authed(fake, req, (t) => getPost(fake, req, t)));
  route('DELETE', new RegExp(`^${PARENT}/([^/]+)$`), 'delete', (req) =>
    authed(fake, req, (t) => deletePost(fake, req, t)),
  );
  registerReviewRoutes(fake, route);
  registerMediaRoutes(fake, route);
}

export function authed<R extends FakeResponse | Promise<FakeResponse>>(
  fake: GoogleBusinessFake,
  req: FakeRequest,
  run: (token: TokenRecord) => R,
): FakeResponse | R {
  const token = fake.authenticate(req);
  if ('status' in token) return token;
  if (!token.scopes.includes(GOOGLE_BUSINESS_SCOPE)) return GoogleErrors.scopeInsufficient();
  return run(token);
}

export function pageOf(req: FakeRequest, max: number, byDefault = max): { size: number; from: number } | FakeResponse {
  const raw = req.query.get('pageSize');
  const size = raw === null ? byDefault : Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > max)
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'page_size', description: `page_size must be between 1 and ${max}` },
    ]);
  const token = req.query.get('pageToken');
  const from = token ? Number(Buffer.from(token, 'base64url').toString('utf8')) : 0;
  if (!Number.isInteger(from) || from < 0)
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'page_token', description: 'Invalid page token' },
    ]);
  return { size, from };
}

export function nextToken(from: number, size: number, total: number): Record<string, string> {
  return from + size < total ? { nextPageToken: Buffer.from(String(from + size)).toString('base64url') } : {};
}

function listAccounts(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const page = pageOf(req, 20);
  if ('status' in page) return page;
  const mine = fake.accounts.filter((a) => a.managers.includes(token.subject));
  const slice = mine.slice(page.from, page.from + page.size);
  return {
    status: 200,
    json: {
      accounts: slice.map((a) => ({
        name: a.id,
        accountName: a.accountName,
        type: 'LOCATION_GROUP',
        role: 'OWNER',
        verificationState: 'VERIFIED',
        vettedState: 'NOT_VETTED',
      })),
      ...nextToken(page.from, page.size, mine.length),
    },
  };
}

function readMaskOf(req: FakeRequest): string[] | FakeResponse {
  const mask = req.query.get('readMask');
  if (!mask)
    return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
      { field: 'read_mask', description: 'Field is required' },
    ]);
  const fields = mask.split(',').map((f) => f.trim());
  const bad = fields.find((f) => !['name', 'title', 'storefrontAddress', 'phoneNumbers', 'websiteUri'].includes(f));
  return bad
    ? GoogleErrors.invalidArgument('Request contains an invalid argument.', [
        { field: 'read_mask', description: `Invalid field mask path: ${bad}` },
      ])
    : fields;
}

function locationJson(l: { id: string; title: string; addressLines: string[]; locality: string }, mask: string[]) {
  const all: Record<string, unknown> = {
    name: l.id,
    title: l.title,
    storefrontAddress: { regionCode: 'US', addressLines: l.addressLines, locality: l.locality },
  };
  return Object.fromEntries(mask.filter((f) => all[f] !== undefined).map((f) => [f, all[f]]));
}

function listLocations(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const account = fake.managerOf(token.subject, req.params[0]);
  if (!account) return GoogleErrors.permissionDenied();
  const mask = readMaskOf(req);
  if ('status' in mask) return mask;
  const page = pageOf(req, 100);
  if ('status' in page) return page;
  const slice = account.locations.slice(page.from, page.from + page.size);
  return {
    status: 200,
    json: {
      locations: slice.map((l) => locationJson(l, mask)),
      ...nextToken(page.from, page.size, account.locations.length),
    },
  };
}

function getLocation(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const id = req.params[0];
  const account = fake.accounts.find((a) => a.locations.some((l) => l.id === id));
  if (!account) return GoogleErrors.notFound(id);
  if (!account.managers.includes(token.subject)) return GoogleErrors.permissionDenied();
  const mask = readMaskOf(req);
  if ('status' in mask) return mask;
  return {
    status: 200,
    json: locationJson(
      account.locations.find((l) => l.id === id)!,
      mask,
    ),
  };
}

/** The location behind a v4 parent, if this user manages it; else Google's 403 / 404. */
export function locationFor(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): string | FakeResponse {
  const [accountId, locationId] = req.params;
  const account = fake.accounts.find((a) => a.id === accountId);
  if (!account || !account.managers.includes(token.subject)) return GoogleErrors.permissionDenied();
  if (!account.locations.some((l) => l.id === locationId)) return GoogleErrors.notFound(`${accountId}/${locationId}`);
  return `${accountId}/${locationId}`;
}

async function createPost(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): Promise<FakeResponse> {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  if (req.body.kind !== 'json' || req.body.invalidJson)
    return GoogleErrors.invalidArgument('Invalid JSON payload received. Unexpected token.');
  const body = req.body.fields;
  const unknown = Object.keys(body).find((k) => !LOCAL_POST_FIELDS.includes(k));
  if (unknown) return GoogleErrors.unknownField(unknown, '');
  const problem = validate(body) ?? (await fetchPhotos(fake, body));
  if (problem) return problem;
  const now = fake.nowMs();
  const id = fake.postIds.take();
  const summary = typeof body.summary === 'string' ? body.summary : '';
  const post: LocalPostRecord = {
    name: `${parent}/localPosts/${id}`,
    parent,
    body: { ...body },
    // Moderation at creation: a phone number in the text is refused, and the 200 says so in `state`.
    state: PHONE.test(summary) ? 'REJECTED' : 'LIVE',
    createTime: now,
    updateTime: now,
    searchUrl: `https://local.google.com/place?id=${parent.split('/')[3]}&use=posts&lpsid=${id}`,
  };
  fake.localPosts.push(post);
  return { status: 200, json: postJson(post) };
}

function validate(body: Record<string, unknown>): FakeResponse | undefined {
  const bad = (field: string, description: string) =>
    GoogleErrors.invalidArgument('Request contains an invalid argument.', [{ field, description }]);
  const topic = body.topicType ?? 'STANDARD';
  if (typeof topic !== 'string' || !TOPIC_TYPES.includes(topic))
    return bad('topic_type', `Invalid value ${String(topic)}`);
  const summary = body.summary;
  if (summary !== undefined && typeof summary !== 'string') return bad('summary', 'Must be a string');
  if (topic === 'STANDARD' && !summary) return bad('summary', 'Summary is required for a STANDARD post');
  if (typeof summary === 'string' && summary.length > SUMMARY_LIMIT)
    return bad('summary', `Summary must be at most ${SUMMARY_LIMIT} characters`);
  if (body.languageCode !== undefined && typeof body.languageCode !== 'string')
    return bad('language_code', 'Must be a string');
  const cta = body.callToAction as { actionType?: unknown; url?: unknown } | undefined;
  if (cta !== undefined) {
    if (typeof cta !== 'object' || cta === null) return bad('call_to_action', 'Must be an object');
    const extra = Object.keys(cta).find((k) => k !== 'actionType' && k !== 'url');
    if (extra) return GoogleErrors.unknownField(extra, 'call_to_action');
    if (typeof cta.actionType !== 'string' || !ACTION_TYPES.includes(cta.actionType))
      return bad('call_to_action.action_type', `Invalid value ${String(cta.actionType)}`);
    if (cta.actionType === 'CALL') {
      if (cta.url !== undefined)
        return bad('call_to_action.url', 'A CALL action takes no url: it uses the listing phone number');
    } else if (typeof cta.url !== 'string' || !/^https?:\/\/[^/\s]+/.test(cta.url)) {
      return bad('call_to_action.url', 'A valid url is required for this action type');
    }
  }
  if (topic === 'EVENT' || topic === 'OFFER') {
    const event = body.event as { title?: unknown; schedule?: Record<string, unknown> } | undefined;
    if (!event || typeof event.title !== 'string' || !event.title.trim())
      return bad('event.title', 'Event title is required');
    if (event.title.length > 58) return bad('event.title', 'Event title must be at most 58 characters');
    // TimeInterval: "An interval of time, inclusive. It must contain all fields to be valid."
    const start = dateOf(event.schedule?.startDate);
    const end = dateOf(event.schedule?.endDate);
    const startTime = timeOf(event.schedule?.startTime);
    const endTime = timeOf(event.schedule?.endTime);
    if (start === undefined) return bad('event.schedule.start_date', 'A valid start date is required');
    if (startTime === undefined) return bad('event.schedule.start_time', 'A valid start time is required');
    if (end === undefined) return bad('event.schedule.end_date', 'A valid end date is required');
    if (endTime === undefined) return bad('event.schedule.end_time', 'A valid end time is required');
    const startAt = start + startTime;
    const endAt = end + endTime;
    if (endAt < startAt) return bad('event.schedule', 'The end must not be before the start');
  } else if (body.event !== undefined) {
    return bad('event', `An event is only allowed on EVENT and OFFER posts`);
  }
  if (body.offer !== undefined && topic !== 'OFFER') return bad('offer', 'An offer is only allowed on OFFER posts');
  if (body.media !== undefined) {
    if (!Array.isArray(body.media)) return bad('media', 'Must be a list');
    for (const [i, m] of (body.media as Array<Record<string, unknown>>).entries()) {
      // MediaItem's format is PHOTO or VIDEO, but a local post's media is a photo: videos reach a listing through
      // the media upload, never in a post (our reading of the API reference; the fake refuses what we never send).
      if (m?.mediaFormat === 'VIDEO') return bad(`media[${i}].media_format`, 'A local post takes a PHOTO, not a VIDEO');
      if (m?.mediaFormat !== 'PHOTO') return bad(`media[${i}].media_format`, 'PHOTO or VIDEO');
      if (typeof m.sourceUrl !== 'string') return bad(`media[${i}].source_url`, 'A source URL is required');
    }
  }
  return undefined;
}

/** Google downloads each photo when the post is created: an unreachable URL or a file that is no JPG/PNG fails it. */
async function fetchPhotos(fake: GoogleBusinessFake, body: Record<string, unknown>): Promise<FakeResponse | undefined> {
  const media = Array.isArray(body.media) ? (body.media as Array<{ mediaFormat?: unknown; sourceUrl: string }>) : [];
  for (const [i, m] of media.entries()) {
    if (m.mediaFormat !== 'PHOTO') continue;
    const photo = await fake.download(m.sourceUrl);
    const field = `media[${i}].source_url`;
    if (!photo.ok)
      return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
        { field, description: `Google could not fetch the media: ${photo.reason}` },
      ]);
    if (photo.type !== 'image/jpeg' && photo.type !== 'image/png')
      return GoogleErrors.invalidArgument('Request contains an invalid argument.', [
        { field, description: `Unsupported photo format ${photo.type}: use JPG or PNG` },
      ]);
  }
  return undefined;
}

function dateOf(value: unknown): number | undefined {
  const d = value as { year?: unknown; month?: unknown; day?: unknown } | undefined;
  if (!d || !Number.isInteger(d.year) || !Number.isInteger(d.month) || !Number.isInteger(d.day)) return undefined;
  const ms = Date.UTC(d.year as number, (d.month as number) - 1, d.day as number);
  const check = new Date(ms);
  return check.getUTCDate() === d.day && check.getUTCMonth() === (d.month as number) - 1 ? ms : undefined;
}

/** A google.type.TimeOfDay in ms since midnight; undefined when absent or out of range (proto3 JSON omits zeros). */
function timeOf(value: unknown): number | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const t = value as Record<string, unknown>;
  const part = (key: string, max: number): number | undefined => {
    const v = t[key] ?? 0;
    return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max ? (v as number) : undefined;
  };
  const [h, m, s, n] = [part('hours', 23), part('minutes', 59), part('seconds', 59), part('nanos', 999_999_999)];
  if (h === undefined || m === undefined || s === undefined || n === undefined) return undefined;
  return ((h * 60 + m) * 60 + s) * 1000 + Math.floor(n / 1e6);
}

function postJson(p: LocalPostRecord): Record<string, unknown> {
  // callToAction is "Ignored for topic type OFFER": Google keeps none on an offer.
  const { callToAction, ...rest } = p.body;
  const kept = p.body.topicType === 'OFFER' ? rest : { ...rest, ...(callToAction ? { callToAction } : {}) };
  return {
    ...kept,
    name: p.name,
    languageCode: p.body.languageCode ?? 'en',
    topicType: p.body.topicType ?? 'STANDARD',
    state: p.state,
    createTime: new Date(p.createTime).toISOString(),
    updateTime: new Date(p.updateTime).toISOString(),
    searchUrl: p.searchUrl,
    ...(Array.isArray(p.body.media)
      ? {
          media: (p.body.media as Array<Record<string, unknown>>).map((m, i) => ({
            ...m,
            name: `${p.name}/media/${i + 1}`,
            googleUrl: `https://lh3.googleusercontent.com/p/fake-${i + 1}`,
          })),
        }
      : {}),
  };
}

function listPosts(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const page = pageOf(req, 100);
  if ('status' in page) return page;
  // localPosts.list documents no order (reviews.list has orderBy; this has none): the fake answers oldest first,
  // so a client that assumes newest first and stops early misses its own post.
  const mine = fake.localPosts
    .filter((p) => p.parent === parent)
    .sort(
      (a, b) =>
        a.createTime - b.createTime || (BigInt(a.name.split('/').pop()!) > BigInt(b.name.split('/').pop()!) ? 1 : -1),
    );
  const slice = mine.slice(page.from, page.from + page.size);
  return {
    status: 200,
    json: {
      ...(slice.length ? { localPosts: slice.map(postJson) } : {}),
      ...nextToken(page.from, page.size, mine.length),
    },
  };
}

function getPost(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const post = fake.localPosts.find((p) => p.name === `${parent}/localPosts/${req.params[2]}`);
  return post ? { status: 200, json: postJson(post) } : GoogleErrors.notFound(`${parent}/localPosts/${req.params[2]}`);
}

function deletePost(fake: GoogleBusinessFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const parent = locationFor(fake, req, token);
  if (typeof parent !== 'string') return parent;
  const name = `${parent}/localPosts/${req.params[2]}`;
  const before = fake.localPosts.length;
  fake.localPosts = fake.localPosts.filter((p) => p.name !== name);
  return fake.localPosts.length < before ? { status: 200, json: {} } : GoogleErrors.notFound(name);
}
