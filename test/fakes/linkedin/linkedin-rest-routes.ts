// LinkedIn /rest routes: posts (create, find by author, get), images (initializeUpload, upload,
// get), organizations and organizationAcls.
import { randomBytes } from 'node:crypto';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { sniffImage } from '../core/media';
import { pairKey } from '../core/post-index';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { LinkedInErrors, liError, liValidation } from './linkedin-errors';
import { LINKEDIN_COMMENTARY_LIMIT, type LinkedInFake, type LinkedInPost } from './linkedin-fake';
import { parseCommentary } from './little-text';
import { registerLinkedInVideoRoutes } from './linkedin-video-routes';

const LI_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif'];

export function registerLinkedInRestRoutes(fake: LinkedInFake, route: RegisterRoute): void {
  const gated = (run: (req: FakeRequest, token: TokenRecord) => FakeResponse) => (req: FakeRequest) => {
    const token = fake.gate(req);
    return 'status' in token ? token : run(req, token);
  };
  route(
    'POST',
    /^\/rest\/posts$/,
    'publish',
    gated((req, token) => createPost(fake, req, token)),
  );
  route(
    'GET',
    /^\/rest\/posts$/,
    'read',
    gated((req, token) => findPosts(fake, req, token)),
  );
  route(
    'GET',
    /^\/rest\/posts\/([^/]+)$/,
    'read',
    gated((req, token) => getPost(fake, req, token)),
  );
  route(
    'POST',
    /^\/rest\/images$/,
    'media',
    gated((req, token) => initializeUpload(fake, req, token)),
  );
  route(
    'GET',
    /^\/rest\/images\/([^/]+)$/,
    'read',
    gated((req) => getImage(fake, req)),
  );
  route(
    'GET',
    /^\/rest\/organizations\/(\d+)$/,
    'read',
    gated((req, token) => getOrganization(fake, req, token)),
  );
  route(
    'GET',
    /^\/rest\/organizationAcls$/,
    'read',
    gated((req, token) => organizationAcls(fake, req, token)),
  );
  route('PUT', /^\/dms-uploads\/([A-Za-z0-9_-]+)$/, 'upload', (req) => upload(fake, req));
  // An image's downloadUrl (media.licdn.com in life): signed and public, so no token.
  route('GET', /^\/dms-downloads\/([A-Za-z0-9_-]+)$/, 'download', (req) => download(fake, req), false);
  registerLinkedInVideoRoutes(fake, route, gated);
}

function jsonBody(req: FakeRequest): Record<string, unknown> | undefined {
  return req.body.kind === 'json' && !req.body.invalidJson ? req.body.fields : undefined;
}

const notJson = (): FakeResponse =>
  liError(400, { message: 'Request body must be JSON (Content-Type: application/json)', code: 'INVALID_BODY' });

function createPost(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const b = jsonBody(req);
  if (!b) return notJson();
  const version = req.headers['linkedin-version'] ?? '';
  if (!token.scopes.includes('w_organization_social') && !token.scopes.includes('w_member_social')) {
    return LinkedInErrors.accessDenied(`partnerApiPostsExternal.CREATE.${version.slice(0, 6)}01`);
  }
  for (const field of ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState']) {
    if (b[field] === undefined)
      return liValidation(
        422,
        `/${field} :: field is required but not found and has no default value`,
        'FIELD_REQUIRED',
        `/${field}`,
      );
  }
  const author = String(b.author);
  if (!/^urn:li:(organization:\d+|person:[A-Za-z0-9_-]+)$/.test(author))
    return liValidation(422, `/author :: "${author}" is not a valid urn`, 'INVALID_URN', '/author');
  if (!fake.isAdmin(token.subject, author))
    return LinkedInErrors.accessDenied(`partnerApiPostsExternal.CREATE.${version.slice(0, 6)}01`);
  if (typeof b.commentary !== 'string')
    return liValidation(422, '/commentary :: not a string', 'INVALID_TYPE', '/commentary');
  if (!['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER'].includes(String(b.visibility)))
    return liValidation(422, '/visibility :: invalid enum value', 'INVALID_ENUM', '/visibility');
  if (!['PUBLISHED', 'DRAFT'].includes(String(b.lifecycleState)))
    return liValidation(422, '/lifecycleState :: invalid enum value', 'INVALID_ENUM', '/lifecycleState');
  const distribution = b.distribution as { feedDistribution?: unknown } | null;
  if (
    !distribution ||
    typeof distribution !== 'object' ||
    !['MAIN_FEED', 'NONE'].includes(String(distribution.feedDistribution))
  ) {
    return liValidation(
      422,
      '/distribution/feedDistribution :: field is required',
      'FIELD_REQUIRED',
      '/distribution/feedDistribution',
    );
  }
  const parsed = parseCommentary(b.commentary);
  if (parseCommentary(b.commentary, { cut: false }).published.length > LINKEDIN_COMMENTARY_LIMIT) {
    return liValidation(
      422,
      `/commentary :: length must be at most ${LINKEDIN_COMMENTARY_LIMIT} characters`,
      'MAX_LENGTH_EXCEEDED',
      '/commentary',
    );
  }
  let content: LinkedInPost['content'];
  if (b.content !== undefined) {
    const checked = checkContent(fake, author, b.content);
    if ('status' in checked) return checked;
    content = checked;
  }
  const dayAgo = fake.nowMs() - 24 * 3600_000;
  const duplicate =
    parsed.published.length > 0
      ? fake.lookup.newerThan('text', pairKey(author, parsed.published), dayAgo).first
      : undefined;
  if (duplicate) return LinkedInErrors.duplicate(duplicate.id);
  if (fake.memberReachedLimit(token.subject, dayAgo, fake.dailyPostLimit)) return LinkedInErrors.throttled('MEMBER');

  const post: LinkedInPost = {
    id: `urn:li:share:${fake.shareIds.take()}`,
    author,
    commentarySent: b.commentary,
    commentary: parsed.stored,
    publishedText: parsed.published,
    truncated: parsed.truncated,
    visibility: String(b.visibility),
    lifecycleState: String(b.lifecycleState),
    createdAt: fake.nowMs(),
    version,
    content,
  };
  fake.published.push(post);
  return {
    status: 201,
    headers: { 'x-restli-id': post.id, 'x-linkedin-id': post.id, 'x-restli-protocol-version': '2.0.0' },
  };
}

function element(post: LinkedInPost): Record<string, unknown> {
  return {
    id: post.id,
    author: post.author,
    commentary: post.commentary,
    visibility: post.visibility,
    lifecycleState: post.lifecycleState,
    createdAt: post.createdAt,
    publishedAt: post.createdAt,
    lastModifiedAt: post.createdAt,
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    isReshareDisabledByAuthor: false,
    lifecycleStateInfo: { isEditedByAuthor: false },
    ...(post.content ? { content: post.content } : {}),
  };
}

function canRead(fake: LinkedInFake, token: TokenRecord, author: string): boolean {
  return (
    (token.scopes.includes('r_organization_social') || token.scopes.includes('r_member_social')) &&
    fake.isAdmin(token.subject, author)
  );
}

const POST_SORTS = ['LAST_MODIFIED', 'CREATED'];

/**
 * The `author` finder: newest first by `sortBy` (LAST_MODIFIED, the default, or CREATED), Rest.li
 * paging with `start` (offset) and `count` (default 10, at most 100), answered with
 * `paging {start, count, links, total}` and a `next`/`prev` link when there is one.
 */
function findPosts(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.get('q') !== 'author')
    return liValidation(400, 'q :: only the "author" finder is supported', 'INVALID_PARAM');
  const author = req.query.get('author');
  if (!author) return liValidation(400, 'author :: parameter is required', 'PARAM_REQUIRED');
  if (!canRead(fake, token, author)) return LinkedInErrors.accessDenied('partnerApiPostsExternal.FINDER-author');
  const sortBy = req.query.get('sortBy') ?? 'LAST_MODIFIED';
  if (!POST_SORTS.includes(sortBy))
    return liValidation(400, `sortBy :: "${sortBy}" is not one of ${POST_SORTS.join(', ')}`, 'INVALID_PARAM');
  for (const name of ['start', 'count']) {
    const raw = req.query.get(name);
    if (raw !== null && !/^\d+$/.test(raw))
      return liValidation(400, `${name} :: "${raw}" is not a non-negative integer`, 'INVALID_PARAM');
  }
  const count = Math.min(100, Number(req.query.get('count') ?? 10));
  const start = Number(req.query.get('start') ?? 0);
  // Posts are never edited in the fake, so LAST_MODIFIED and CREATED give the same order.
  const posts = [...fake.lookup.items('author', author)].sort((a, b) => b.createdAt - a.createdAt);
  const link = (rel: 'next' | 'prev', at: number) => {
    const query = new URLSearchParams(req.query);
    query.set('start', String(at));
    query.set('count', String(count));
    return { type: 'application/json', rel, href: `/rest/posts?${query.toString()}` };
  };
  const links = [];
  if (start > 0) links.push(link('prev', Math.max(0, start - count)));
  if (count > 0 && start + count < posts.length) links.push(link('next', start + count));
  return {
    status: 200,
    headers: { 'x-restli-protocol-version': '2.0.0' },
    json: {
      paging: { start, count, links, total: posts.length },
      elements: posts.slice(start, start + count).map(element),
    },
  };
}

function getPost(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const post = fake.lookup.byId(req.params[0]);
  if (!post) return LinkedInErrors.notFound(`Post ${req.params[0]}`);
  if (!canRead(fake, token, post.author)) return LinkedInErrors.accessDenied('partnerApiPostsExternal.GET');
  return { status: 200, json: element(post) };
}

function initializeUpload(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.get('action') !== 'initializeUpload')
    return liValidation(400, 'action :: only initializeUpload is supported', 'INVALID_PARAM');
  const body = jsonBody(req) as { initializeUploadRequest?: { owner?: unknown } } | undefined;
  if (!body) return notJson();
  const owner = body.initializeUploadRequest?.owner;
  if (typeof owner !== 'string' || !owner)
    return liValidation(
      422,
      '/initializeUploadRequest/owner :: field is required',
      'FIELD_REQUIRED',
      '/initializeUploadRequest/owner',
    );
  if (!fake.isAdmin(token.subject, owner))
    return LinkedInErrors.accessDenied('partnerApiImages.ACTION-initializeUpload');
  const urn = `urn:li:image:C4E10AQ${fake.imageIds.take()}`;
  const uploadToken = randomBytes(18).toString('base64url');
  const uploadUrlExpiresAt = fake.nowMs() + 24 * 3600_000;
  fake.addImage({ urn, owner, uploadToken, status: 'WAITING_UPLOAD', uploadUrlExpiresAt });
  return {
    status: 200,
    json: { value: { uploadUrlExpiresAt, uploadUrl: `${req.origin}/dms-uploads/${uploadToken}`, image: urn } },
  };
}

/**
 * The PUT to uploadUrl: bytes in, 201 out. The image is PROCESSING for a while (`imageReadsProcessing` status
 * reads), then AVAILABLE; only JPEG, PNG and GIF get there, anything else ends PROCESSING_FAILED. A post may only
 * name an AVAILABLE image.
 */
function upload(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const check = fake.tokens.check(bearerToken(req), 'access');
  if (!check.ok) return check.reason === 'expired' ? LinkedInErrors.expiredToken() : LinkedInErrors.invalidToken();
  const image = fake.imageByUploadToken(req.params[0]);
  if (!image || image.uploadUrlExpiresAt < fake.nowMs())
    return { status: 404, text: 'Upload URL is invalid or expired' };
  if (!fake.isAdmin(check.record.subject, image.owner)) return { status: 403, text: 'Forbidden' };
  const type = sniffImage(req.body.raw);
  image.bytes = req.body.raw;
  image.contentType = type;
  const usable = Boolean(type && LI_IMAGE_TYPES.includes(type));
  image.readsProcessing = usable ? fake.imageReadsProcessing : 0;
  image.status = !usable ? 'PROCESSING_FAILED' : image.readsProcessing > 0 ? 'PROCESSING' : 'AVAILABLE';
  return { status: 201, headers: { etag: `"${randomBytes(6).toString('hex')}"` } };
}

function getImage(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const image = fake.images.get(req.params[0]);
  if (!image) return LinkedInErrors.notFound(`Image ${req.params[0]}`);
  if (image.status === 'PROCESSING') {
    if ((image.readsProcessing ?? 0) > 0) image.readsProcessing = (image.readsProcessing ?? 0) - 1;
    else image.status = 'AVAILABLE';
  }
  return {
    status: 200,
    json: {
      id: image.urn,
      owner: image.owner,
      status: image.status,
      // The link is signed and expires (LinkedIn: "all URLs have an expiration time").
      ...(image.status === 'AVAILABLE'
        ? {
            downloadUrl: `${req.origin}/dms-downloads/${image.uploadToken}`,
            downloadUrlExpiresAt: fake.nowMs() + 30 * 24 * 3600_000,
          }
        : {}),
    },
  };
}

function download(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const image = fake.imageByUploadToken(req.params[0]);
  if (!image?.bytes || image.status !== 'AVAILABLE') return { status: 404, text: 'Not found' };
  return {
    status: 200,
    headers: { 'content-type': image.contentType ?? 'application/octet-stream' },
    body: image.bytes,
  };
}

function getOrganization(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const org = fake.organizations.get(req.params[0]);
  if (!org) return LinkedInErrors.notFound(`Organization ${req.params[0]}`);
  if (!org.admins.includes(token.subject)) return LinkedInErrors.accessDenied('organizations.GET');
  return {
    status: 200,
    json: {
      id: Number(org.id),
      localizedName: org.localizedName,
      vanityName: org.vanityName,
      name: { localized: { en_US: org.localizedName } },
      // The square logo pages show (cropped) and the one uploaded (original): the same asset unless cropped.
      ...(org.logo
        ? {
            logoV2: {
              cropped: `urn:li:digitalmediaAsset:${org.logo}`,
              original: `urn:li:digitalmediaAsset:${org.logo}`,
              cropInfo: { x: 0, y: 0, width: 0, height: 0 },
            },
          }
        : {}),
    },
  };
}

function organizationAcls(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.get('q') !== 'roleAssignee')
    return liValidation(400, 'q :: only the "roleAssignee" finder is supported', 'INVALID_PARAM');
  if (!token.scopes.includes('rw_organization_admin') && !token.scopes.includes('r_organization_admin'))
    return LinkedInErrors.accessDenied('organizationAcls.FINDER-roleAssignee');
  const elements = [...fake.organizations.values()]
    .filter((o) => o.admins.includes(token.subject))
    .map((o) => ({
      roleAssignee: `urn:li:person:${token.subject}`,
      state: 'APPROVED',
      role: 'ADMINISTRATOR',
      organization: `urn:li:organization:${o.id}`,
    }));
  return { status: 200, json: { paging: { start: 0, count: 10, total: elements.length }, elements } };
}

/**
 * `content` is a union: one image (`media`) or 2 to 20 images (`multiImage.images`), each an image of this author
 * that finished processing.
 */
function checkContent(
  fake: LinkedInFake,
  author: string,
  raw: unknown,
): NonNullable<LinkedInPost['content']> | FakeResponse {
  const given = (raw ?? {}) as { media?: { id?: unknown; altText?: unknown }; multiImage?: { images?: unknown } };
  if (given.media && given.multiImage)
    return liValidation(422, '/content :: only one of media, multiImage may be set', 'INVALID_VALUE', '/content');
  const imageProblem = (id: unknown, path: string): FakeResponse | undefined => {
    if (typeof id !== 'string') return liValidation(422, `${path} :: field is required`, 'FIELD_REQUIRED', path);
    // content.media also takes a video (one, alone: multiImage is images only).
    const image = fake.images.get(id) ?? (path === '/content/media/id' ? fake.videos.get(id) : undefined);
    if (!image || image.owner !== author)
      return liValidation(422, `${path} :: ${id} does not exist or is not owned by ${author}`, 'INVALID_VALUE', path);
    if (image.status !== 'AVAILABLE')
      return liValidation(422, `${path} :: ${id} is not available (status ${image.status})`, 'INVALID_VALUE', path);
    return undefined;
  };
  const alt = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (given.multiImage) {
    const images = Array.isArray(given.multiImage.images)
      ? (given.multiImage.images as Array<{ id?: unknown; altText?: unknown }>)
      : [];
    if (images.length < 2 || images.length > 20)
      return liValidation(
        422,
        `/content/multiImage/images :: must have 2 to 20 items, got ${images.length}`,
        'INVALID_VALUE',
        '/content/multiImage/images',
      );
    for (const [i, image] of images.entries()) {
      const problem = imageProblem(image?.id, `/content/multiImage/images/${i}/id`);
      if (problem) return problem;
    }
    return { multiImage: { images: images.map((i) => ({ id: i.id as string, altText: alt(i.altText) })) } };
  }
  const problem = imageProblem(given.media?.id, '/content/media/id');
  if (problem) return problem;
  return { media: { id: given.media!.id as string, altText: alt(given.media!.altText) } };
}
