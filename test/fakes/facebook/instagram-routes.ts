// Graph routes for Instagram publishing: /{ig-user}/media (create a container, list media),
// /{ig-user}/media_publish, /{ig-user}/content_publishing_limit; nodes are answered by nodeOfInstagram.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { unreachableMediaUrl } from '../core/media';
import { sniffVideo } from '../core/video';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { GraphErrors, graphError } from './facebook-errors';
import type { FacebookFake } from './facebook-fake';
import { IgErrors, type InstagramCommentRecord, type InstagramContainer, type InstagramMedia } from './instagram-graph';

const V = '(?:/v\\d+\\.\\d+)?';
const MEDIA_FIELDS = ['id', 'caption', 'timestamp', 'permalink', 'media_type', 'media_url', 'username', 'children'];
const CONTAINER_FIELDS = ['id', 'status_code', 'status'];
const USER_FIELDS = ['id', 'username', 'name', 'profile_picture_url', 'followers_count', 'media_count'];
const CAROUSEL_MAX = 10;

export function registerInstagramRoutes(fake: FacebookFake, route: RegisterRoute): void {
  route('POST', new RegExp(`^${V}/(\\d+)/media$`), 'media', (req) => as(fake, req, 'publish', createContainer));
  route('POST', new RegExp(`^${V}/(\\d+)/media_publish$`), 'publish', (req) => as(fake, req, 'publish', publish));
  route('GET', new RegExp(`^${V}/(\\d+)/media$`), 'read', (req) => as(fake, req, 'read', listMedia));
  route('GET', new RegExp(`^${V}/(\\d+)/content_publishing_limit$`), 'quota', (req) => as(fake, req, 'read', quota));
  route('GET', new RegExp(`^${V}/(\\d+)/comments$`), 'comments', (req) => onMedia(fake, req, listComments));
  route('POST', new RegExp(`^${V}/(\\d+)/replies$`), 'reply', (req) => onComment(fake, req, replyTo));
  route('GET', new RegExp(`^${V}/(\\d+)/replies$`), 'comments', (req) => onComment(fake, req, listReplies));
  route('POST', new RegExp(`^${V}/(\\d+)$`), 'moderate', (req) => onComment(fake, req, hide));
}

/** Comments need instagram_manage_comments on a token that reaches the media's account. */
function commentsProblem(fake: FacebookFake, token: TokenRecord, igUserId: string): FakeResponse | undefined {
  const account = fake.instagram.accounts.get(igUserId);
  if (!account) return GraphErrors.unknownObject(igUserId);
  return (
    permissionProblem(fake, token, account.pageId, 'read') ??
    (token.scopes.includes('instagram_manage_comments')
      ? undefined
      : graphError(403, 10, "(#10) This endpoint requires the 'instagram_manage_comments' permission."))
  );
}

function onMedia(
  fake: FacebookFake,
  req: FakeRequest,
  run: (fake: FacebookFake, req: FakeRequest, media: InstagramMedia) => FakeResponse,
): FakeResponse {
  const token = fake.authenticate(req);
  if ('status' in token) return token;
  const media = fake.instagram.media.find((m) => m.id === req.params[0]);
  if (!media) return GraphErrors.unknownObject(req.params[0]);
  return commentsProblem(fake, token, media.igUserId) ?? run(fake, req, media);
}

function onComment(
  fake: FacebookFake,
  req: FakeRequest,
  run: (fake: FacebookFake, req: FakeRequest, comment: InstagramCommentRecord) => FakeResponse,
): FakeResponse {
  const token = fake.authenticate(req);
  if ('status' in token) return token;
  const comment = fake.instagram.comments.find((c) => c.id === req.params[0]);
  if (!comment) return GraphErrors.unknownObject(req.params[0]);
  const media = fake.instagram.media.find((m) => m.id === comment.mediaId)!;
  return commentsProblem(fake, token, media.igUserId) ?? run(fake, req, comment);
}

function listComments(fake: FacebookFake, req: FakeRequest, media: InstagramMedia): FakeResponse {
  const fields = fieldsOf(
    req,
    ['id', 'text', 'username', 'timestamp', 'hidden', 'like_count'],
    ['id', 'text', 'timestamp'],
    'IGComment',
  );
  if ('status' in fields) return fields;
  // "Returns a maximum of 50 comments per query", "in reverse chronological order" (v3.2+), top-level only.
  const limit = Math.min(50, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
  const top = fake.instagram.comments
    .filter((c) => c.mediaId === media.id && !c.parentId)
    .sort((a, b) => b.timestamp - a.timestamp || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const from = Number(Buffer.from(req.query.get('after') ?? '', 'base64').toString('utf8') || 0) || 0;
  const page = top.slice(from, from + limit);
  const paging: Record<string, unknown> = {};
  if (from + limit < top.length) {
    const query = new URLSearchParams(req.query);
    query.set('after', Buffer.from(String(from + limit)).toString('base64'));
    paging.next = `${req.origin}${req.path}?${query.toString()}`;
  }
  return { status: 200, json: { data: page.map((c) => pick(commentJson(c), fields)), paging } };
}

/** An IG Comment node with every field the fake knows; callers pick the requested ones. */
function commentJson(c: InstagramCommentRecord): Record<string, unknown> {
  return {
    id: c.id,
    text: c.text,
    username: c.username,
    timestamp: new Date(c.timestamp).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    hidden: c.hidden,
    like_count: 0,
    parent_id: c.parentId,
  };
}

/** `GET /{ig-comment-id}/replies`: the answers to a top-level comment, oldest first. */
function listReplies(fake: FacebookFake, req: FakeRequest, comment: InstagramCommentRecord): FakeResponse {
  const fields = fieldsOf(
    req,
    ['id', 'text', 'username', 'timestamp', 'hidden', 'like_count', 'parent_id'],
    ['id', 'text', 'timestamp'],
    'IGComment',
  );
  if ('status' in fields) return fields;
  const replies = fake.instagram.comments.filter((c) => c.parentId === comment.id);
  return { status: 200, json: { data: replies.map((c) => pick(commentJson(c), fields)) } };
}

function replyTo(fake: FacebookFake, req: FakeRequest, comment: InstagramCommentRecord): FakeResponse {
  if (comment.parentId) return graphError(400, 100, '(#100) Replies can only be made to top-level comments');
  const message = paramsOf(req).message;
  if (typeof message !== 'string' || !message.trim())
    return graphError(400, 100, '(#100) The parameter message is required');
  const owner = fake.instagram.media.find((m) => m.id === comment.mediaId)!.igUserId;
  const reply = fake.instagram.addComment(
    comment.mediaId,
    message,
    fake.instagram.accounts.get(owner)!.username,
    comment.id,
  );
  return { status: 200, json: { id: reply.id } };
}

function hide(fake: FacebookFake, req: FakeRequest, comment: InstagramCommentRecord): FakeResponse {
  const value = paramsOf(req).hide;
  if (value === undefined) return graphError(400, 100, '(#100) The parameter hide is required');
  comment.hidden = value === true || value === 'true';
  return { status: 200, json: { success: true } };
}

type Handler = (fake: FacebookFake, req: FakeRequest, igUserId: string) => FakeResponse | Promise<FakeResponse>;

/** The token must reach the account's Page (its Page token, or a user with a role on it) with the scopes. */
function as(
  fake: FacebookFake,
  req: FakeRequest,
  need: 'read' | 'publish',
  handler: Handler,
): FakeResponse | Promise<FakeResponse> {
  const token = fake.authenticate(req);
  if ('status' in token) return token;
  const igUserId = req.params[0];
  const account = fake.instagram.accounts.get(igUserId);
  if (!account) return GraphErrors.unknownObject(igUserId);
  const problem = permissionProblem(fake, token, account.pageId, need);
  return problem ?? handler(fake, req, igUserId);
}

export function permissionProblem(
  fake: FacebookFake,
  token: TokenRecord,
  pageId: string,
  need: 'read' | 'publish',
): FakeResponse | undefined {
  const reaches =
    token.data.kind === 'page' ? token.data.pageId === pageId : fake.tasksOf(token.subject, pageId).length > 0;
  if (!reaches || !token.scopes.includes('instagram_basic'))
    return need === 'read' ? IgErrors.readPermission() : IgErrors.publishPermission();
  if (
    need === 'publish' &&
    (!token.scopes.includes('instagram_content_publish') ||
      !fake.tasksOf(token.subject, pageId).includes('CREATE_CONTENT'))
  )
    return IgErrors.publishPermission();
  return undefined;
}

function paramsOf(req: FakeRequest): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(req.query);
  Object.assign(params, req.body.fields);
  delete params.access_token;
  return params;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const truthy = (v: unknown): boolean => v === true || v === 'true' || v === '1';

async function createContainer(fake: FacebookFake, req: FakeRequest, igUserId: string): Promise<FakeResponse> {
  const ig = fake.instagram;
  const params = paramsOf(req);
  const mediaType = str(params.media_type)?.toUpperCase();
  const caption = str(params.caption);
  const isCarouselItem = truthy(params.is_carousel_item);
  // A video goes out as REELS; VIDEO is only a carousel item ("Reels cannot appear in carousels").
  if (mediaType === 'VIDEO' && !isCarouselItem) return IgErrors.feedVideoRetired();
  if (mediaType === 'REELS' && isCarouselItem) return IgErrors.reelInCarousel();
  const captionProblem = ig.captionProblem(caption);
  if (captionProblem) return captionProblem;
  const altText = params.alt_text;
  if (altText !== undefined) {
    if (mediaType !== undefined && mediaType !== 'IMAGE')
      return graphError(400, 100, '(#100) alt_text is supported for image posts only');
    if (typeof altText !== 'string' || altText.length > 1000) return IgErrors.altTextTooLong();
  }
  let fields: Omit<InstagramContainer, 'id' | 'createdTime' | 'readsInProgress'>;
  if (mediaType === 'CAROUSEL') {
    // children is "an array of up to 10 container IDs": a JSON array in a JSON body; a query string or form
    // can only carry it as comma-separated text.
    const raw = req.body.kind === 'json' && 'children' in req.body.fields ? req.body.fields.children : params.children;
    if (req.body.kind === 'json' && 'children' in req.body.fields && !Array.isArray(raw))
      return graphError(400, 100, '(#100) Param children must be an array.');
    const children = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(','))
      .map((c) => c.trim())
      .filter(Boolean);
    if (children.length < 2 || children.length > CAROUSEL_MAX)
      return IgErrors.badChildren(`a carousel takes 2 to ${CAROUSEL_MAX} items, got ${children.length}`);
    for (const id of children) {
      const child = ig.containers.get(id);
      if (!child || child.igUserId !== igUserId || !child.isCarouselItem)
        return IgErrors.badChildren(`${id} is not a carousel item container of this account`);
      if (ig.statusOf(child, false) !== 'FINISHED') return IgErrors.notReady();
    }
    fields = { igUserId, mediaType: 'CAROUSEL', caption, isCarouselItem: false, children };
  } else if (mediaType === 'REELS' || mediaType === 'VIDEO') {
    const videoUrl = str(params.video_url);
    if (!videoUrl) return IgErrors.missingMedia();
    if (isCarouselItem && caption) return graphError(400, 100, '(#100) Carousel items cannot have a caption');
    const unreachable = unreachableMediaUrl(videoUrl);
    if (unreachable) return IgErrors.downloadFailed(unreachable);
    // Instagram downloads the video itself; what it cannot take fails the container's processing (status ERROR).
    const video = await fake.downloadVideo(videoUrl);
    if (!video.ok) return IgErrors.downloadFailed(video.reason);
    fields = {
      igUserId,
      mediaType,
      videoUrl,
      caption,
      isCarouselItem,
      children: [],
      videoBytes: video.bytes,
      errorDetail: reelProblem(video.bytes),
    };
  } else if (mediaType === undefined || mediaType === 'IMAGE') {
    const imageUrl = str(params.image_url);
    if (!imageUrl) return IgErrors.missingMedia();
    if (isCarouselItem && caption) return graphError(400, 100, '(#100) Carousel items cannot have a caption');
    // Instagram downloads the image itself when the container is created.
    const image = await fake.download(imageUrl);
    if (!image.ok)
      return /larger than 8 MB/.test(image.reason) ? IgErrors.tooLarge() : IgErrors.downloadFailed(image.reason);
    if (image.type !== 'image/jpeg') return IgErrors.notJpeg(image.type);
    // Image specifications: "Aspect ratio: Must be within a 4:5 to 1.91:1 range" (when the JPEG says its size).
    const size = jpegSize(image.bytes);
    if (size && (size.width / size.height < 0.8 - 1e-9 || size.width / size.height > 1.91 + 1e-9))
      return IgErrors.aspectRatio(size.width, size.height);
    fields = {
      igUserId,
      mediaType: 'IMAGE',
      imageUrl,
      caption,
      altText: str(params.alt_text),
      isCarouselItem,
      children: [],
    };
  } else {
    return graphError(400, 100, `(#100) Param media_type must be one of {IMAGE, CAROUSEL, REELS, STORIES}`);
  }
  const container = ig.newContainer(fields);
  if (container.errorDetail) container.failed = 'ERROR';
  // Injected media faults: the container exists but processing fails (ERROR) or it lapses (EXPIRED).
  if (req.fault?.kind === 'media_error') container.failed = 'ERROR';
  if (req.fault?.kind === 'container_expired') container.failed = 'EXPIRED';
  return { status: 200, json: { id: container.id } };
}

function publish(fake: FacebookFake, req: FakeRequest, igUserId: string): FakeResponse {
  const ig = fake.instagram;
  const creationId = str(paramsOf(req).creation_id);
  if (!creationId) return graphError(400, 100, '(#100) The parameter creation_id is required.');
  const container = ig.containers.get(creationId);
  if (!container || container.igUserId !== igUserId || container.isCarouselItem)
    return GraphErrors.unknownObject(creationId);
  const status = ig.statusOf(container, false);
  if (status === 'EXPIRED') return IgErrors.expired();
  if (status === 'PUBLISHED') return graphError(400, 9007, 'Media ID is not available', { subcode: 2207027 });
  if (status !== 'FINISHED') return IgErrors.notReady();
  if (ig.publishedInWindow(igUserId).length >= ig.publishesPerDay) return IgErrors.quotaReached();
  const throttled = fake.throttleInstagram(igUserId);
  if (throttled) return throttled;
  const media = ig.publish(container);
  return { status: 200, json: { id: media.id } };
}

function quota(fake: FacebookFake, req: FakeRequest, igUserId: string): FakeResponse {
  const ig = fake.instagram;
  const fields = (req.query.get('fields') ?? 'quota_usage').split(',').map((f) => f.trim());
  const unknown = fields.find((f) => !['quota_usage', 'config'].includes(f));
  if (unknown) return GraphErrors.nonexistingField(unknown, 'ContentPublishingLimitResponse');
  const entry: Record<string, unknown> = {};
  if (fields.includes('quota_usage')) entry.quota_usage = ig.publishedInWindow(igUserId).length;
  if (fields.includes('config')) entry.config = { quota_total: ig.publishesPerDay, quota_duration: 86400 };
  return { status: 200, json: { data: [entry] } };
}

/** Newest first, `since`/`until`, `limit` (25, at most 100), cursor paging with `paging.next`. */
function listMedia(fake: FacebookFake, req: FakeRequest, igUserId: string): FakeResponse {
  const fields = fieldsOf(req, MEDIA_FIELDS, ['id'], 'IGMedia');
  if ('status' in fields) return fields;
  const limit = Math.min(100, Math.max(1, Number(req.query.get('limit') ?? 25) || 25));
  const since = timeParam(req.query.get('since'));
  const until = timeParam(req.query.get('until'));
  const all = fake.instagram.media
    .filter(
      (m) =>
        m.igUserId === igUserId &&
        (since === undefined || m.timestamp >= since) &&
        (until === undefined || m.timestamp <= until),
    )
    .sort((a, b) => b.timestamp - a.timestamp || (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const after = req.query.get('after');
  let from = 0;
  if (after !== null) {
    const id = Buffer.from(after, 'base64').toString('utf8');
    const at = all.findIndex((m) => m.id === id);
    if (at === -1) return graphError(400, 100, '(#100) The after cursor is not valid');
    from = at + 1;
  }
  const page = all.slice(from, from + limit);
  const paging: Record<string, unknown> = {};
  if (page.length) {
    paging.cursors = {
      before: Buffer.from(page[0].id).toString('base64'),
      after: Buffer.from(page[page.length - 1].id).toString('base64'),
    };
    if (from + page.length < all.length) {
      const query = new URLSearchParams(req.query);
      query.set('limit', String(limit));
      query.set('after', Buffer.from(page[page.length - 1].id).toString('base64'));
      paging.next = `${req.origin}${req.path}?${query.toString()}`;
    }
  }
  return { status: 200, json: { data: page.map((m) => pick(mediaItem(fake, m), fields)), paging } };
}

/** GET /{id} for Instagram nodes: an account, a container (status_code) or a published media; undefined if none. */
export function nodeOfInstagram(fake: FacebookFake, req: FakeRequest, token: TokenRecord): FakeResponse | undefined {
  const ig = fake.instagram;
  const id = req.params[0];
  const account = ig.accounts.get(id);
  const container = account ? undefined : ig.containers.get(id);
  const media = account || container ? undefined : ig.media.find((m) => m.id === id);
  const owner = account ?? ig.accounts.get(container?.igUserId ?? media?.igUserId ?? '');
  if (!owner) return undefined;
  const denied = permissionProblem(fake, token, owner.pageId, 'read');
  if (denied) return denied;
  if (account) {
    const fields = fieldsOf(req, USER_FIELDS, ['id'], 'IGUser');
    if ('status' in fields) return fields;
    return {
      status: 200,
      json: pick(
        {
          id: account.id,
          username: account.username,
          name: account.name,
          profile_picture_url: `${fake.url}/__media/ig_profile/${account.id}.jpg`,
          media_count: ig.media.filter((m) => m.igUserId === id).length,
        },
        fields,
      ),
    };
  }
  if (container) {
    const fields = fieldsOf(req, CONTAINER_FIELDS, ['id'], 'ShadowIGMediaBuilder');
    if ('status' in fields) return fields;
    const status = ig.statusOf(container, fields.includes('status_code') || fields.includes('status'));
    const detail =
      status === 'ERROR'
        ? (container.errorDetail ?? 'Error: Media upload has failed with error code 2207052')
        : status === 'EXPIRED'
          ? 'Expired: the container was not published within 24 hours'
          : status === 'IN_PROGRESS'
            ? 'In Progress: Media is still being processed.'
            : status === 'FINISHED'
              ? 'Finished: Media has been uploaded and it is ready to be published.'
              : 'Published: Media has been published.';
    return { status: 200, json: pick({ id: container.id, status_code: status, status: detail }, fields) };
  }
  const fields = fieldsOf(req, MEDIA_FIELDS, ['id'], 'IGMedia');
  if ('status' in fields) return fields;
  return { status: 200, json: pick(mediaItem(fake, media!), fields) };
}

function mediaItem(fake: FacebookFake, m: InstagramMedia): Record<string, unknown> {
  return {
    id: m.id,
    caption: m.caption,
    timestamp: new Date(m.timestamp).toISOString().replace(/\.\d{3}Z$/, '+0000'),
    permalink: m.permalink,
    media_type: m.mediaType,
    media_url: m.mediaUrl,
    username: fake.instagram.accounts.get(m.igUserId)?.username,
    children: m.children.length ? { data: m.children.map((id) => ({ id })) } : undefined,
  };
}

function fieldsOf(req: FakeRequest, allowed: string[], defaults: string[], node: string): string[] | FakeResponse {
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

/** Width and height from a JPEG's start-of-frame marker; undefined when the bytes carry none. */
function jpegSize(bytes: Buffer): { width: number; height: number } | undefined {
  let at = 2;
  while (at + 9 < bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1];
    const length = bytes.readUInt16BE(at + 2);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker))
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  return undefined;
}

function timeParam(value: string | null): number | undefined {
  if (!value) return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n * 1000;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/**
 * What Instagram's reel specifications refuse (MOV or MP4; 3 s to 15 min; at most 300 MB; H.264 or HEVC; 23-60 fps;
 * 0.01:1 to 10:1), as the container's ERROR status says it; undefined when it takes the video.
 */
function reelProblem(bytes: Buffer): string | undefined {
  const video = sniffVideo(bytes);
  if (!video) return 'Error: The video format is not supported (2207026)';
  const seconds = video.durationMs / 1000;
  if (seconds < 3 || seconds > 900)
    return `Error: The video is ${seconds} s; reels must be 3 seconds to 15 minutes long (2207026)`;
  if (bytes.length > 300 * 1024 * 1024) return 'Error: The video file is larger than 300 MB (2207026)';
  if (!['avc1', 'avc3', 'hvc1', 'hev1'].includes(video.codec))
    return `Error: The video codec ${video.codec} is not supported: use H.264 or HEVC (2207026)`;
  if (video.fps && (video.fps < 23 || video.fps > 60))
    return `Error: The frame rate ${video.fps} fps is outside 23-60 (2207026)`;
  return undefined;
}
