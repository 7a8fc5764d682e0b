// X's v2 chunked media upload, as the real API takes it: POST /2/media/upload/initialize (JSON: media_type,
// total_bytes, media_category), POST /2/media/upload/{id}/append (multipart: media, segment_index; segments of at
// most 5 MB), POST /2/media/upload/{id}/finalize (the segments must add up to total_bytes), then
// GET /2/media/upload?command=STATUS&media_id= until processing_info.state is succeeded or failed. X processes the
// video after finalize and refuses there, in processing_info.error, what it cannot take (not a video, longer than
// 140 s, more than 60 frames a second); a tweet may only name media whose processing succeeded.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { sniffVideo } from '../core/video';
import { invalidRequest } from './x-errors';
import type { XFake, XMedia } from './x-fake';

const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];
const VIDEO_CATEGORIES = ['tweet_video', 'amplify_video'];
const MAX_VIDEO_BYTES = 512 * 1024 * 1024;
const MAX_SEGMENT_BYTES = 5 * 1024 * 1024;
const MAX_SECONDS = 140;
const MIN_SECONDS = 0.5;
const MAX_FPS = 60;

/** An upload between initialize and finalize. */
export interface XChunkedUpload {
  id: string;
  ownerId: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  expiresAt: number;
}

type Handler = (req: FakeRequest, token: TokenRecord) => FakeResponse;

export function registerXChunkedMediaRoutes(
  fake: XFake,
  route: RegisterRoute,
  api: (endpoint: string, scopes: string[], run: Handler) => (req: FakeRequest) => FakeResponse,
): void {
  route(
    'POST',
    /^\/2\/media\/upload\/initialize$/,
    'media',
    api('POST /2/media/upload/initialize', ['media.write'], (req, t) => initialize(fake, req, t)),
  );
  route(
    'POST',
    /^\/2\/media\/upload\/(\d+)\/append$/,
    'media',
    api('POST /2/media/upload/:id/append', ['media.write'], (req, t) => append(fake, req, t)),
  );
  route(
    'POST',
    /^\/2\/media\/upload\/(\d+)\/finalize$/,
    'media',
    api('POST /2/media/upload/:id/finalize', ['media.write'], (req, t) => finalize(fake, req, t)),
  );
  route(
    'GET',
    /^\/2\/media\/upload$/,
    'media',
    api('GET /2/media/upload', ['media.write'], (req, t) => status(fake, req, t)),
  );
}

function initialize(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.body.kind !== 'json' || req.body.invalidJson) return invalidRequest('Request body must be valid JSON', {});
  const body = req.body.fields as { media_type?: unknown; total_bytes?: unknown; media_category?: unknown };
  if (typeof body.media_type !== 'string' || !VIDEO_TYPES.includes(body.media_type))
    return invalidRequest(`media_type must be one of ${VIDEO_TYPES.join(', ')}`, { media_type: [body.media_type] });
  if (typeof body.media_category !== 'string' || !VIDEO_CATEGORIES.includes(body.media_category))
    return invalidRequest(`media_category must be one of ${VIDEO_CATEGORIES.join(', ')} for a video`, {
      media_category: [body.media_category],
    });
  const total = body.total_bytes;
  if (typeof total !== 'number' || !Number.isInteger(total) || total <= 0)
    return invalidRequest('total_bytes must be a positive integer', { total_bytes: [total] });
  if (total > MAX_VIDEO_BYTES)
    return invalidRequest(`File size exceeds ${MAX_VIDEO_BYTES} bytes.`, { total_bytes: [total] });
  const id = fake.mediaIds.take();
  fake.chunked.set(id, {
    id,
    ownerId: token.subject,
    mediaType: body.media_type,
    category: body.media_category,
    totalBytes: total,
    segments: new Map(),
    expiresAt: fake.nowMs() + 86_400_000,
  });
  return { status: 200, json: { data: { id, media_key: `7_${id}`, expires_after_secs: 86_400 } } };
}

function pending(fake: XFake, req: FakeRequest, token: TokenRecord): XChunkedUpload | FakeResponse {
  const upload = fake.chunked.get(req.params[0]);
  if (!upload || upload.ownerId !== token.subject || upload.expiresAt < fake.nowMs())
    return invalidRequest('Your media ID is invalid.', { id: [req.params[0]] });
  return upload;
}

function append(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const upload = pending(fake, req, token);
  if ('status' in upload) return upload;
  if (req.body.kind !== 'multipart') return invalidRequest('Use multipart/form-data', {});
  const index = Number(req.body.fields.segment_index);
  if (!Number.isInteger(index) || index < 0 || index > 999)
    return invalidRequest('segment_index must be an integer from 0 to 999', { segment_index: [] });
  const bytes =
    req.body.files.media?.data ??
    (typeof req.body.fields.media === 'string' ? Buffer.from(req.body.fields.media, 'base64') : undefined);
  if (!bytes?.length) return invalidRequest('media is required', { media: [] });
  if (bytes.length > MAX_SEGMENT_BYTES)
    return invalidRequest(`Segment size exceeds ${MAX_SEGMENT_BYTES} bytes.`, { media: [] });
  upload.segments.set(index, bytes);
  return { status: 200, json: { data: { expires_at: Math.floor(upload.expiresAt / 1000) } } };
}

function finalize(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const upload = pending(fake, req, token);
  if ('status' in upload) return upload;
  const indexes = [...upload.segments.keys()].sort((a, b) => a - b);
  if (!indexes.length || indexes.some((n, i) => n !== i))
    return invalidRequest('Segments are missing: append segment_index 0, 1, 2... before finalizing', {});
  const bytes = Buffer.concat(indexes.map((n) => upload.segments.get(n)!));
  if (bytes.length !== upload.totalBytes)
    return invalidRequest(`File size mismatch: got ${bytes.length} bytes, total_bytes said ${upload.totalBytes}`, {});
  fake.chunked.delete(upload.id);
  const media: XMedia = {
    id: upload.id,
    mediaKey: `7_${upload.id}`,
    ownerId: upload.ownerId,
    bytes,
    contentType: upload.mediaType,
    category: upload.category,
    createdAt: fake.nowMs(),
    expiresAt: upload.expiresAt,
    processing: { state: 'pending', statusReads: 0, error: whyUnprocessable(bytes) },
  };
  fake.media.set(media.id, media);
  return {
    status: 200,
    json: {
      data: {
        id: media.id,
        media_key: media.mediaKey,
        size: bytes.length,
        expires_after_secs: 86_400,
        processing_info: { state: 'pending', check_after_secs: 1 },
      },
    },
  };
}

function status(fake: XFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.get('command') !== 'STATUS')
    return invalidRequest('command must be STATUS', { command: [req.query.get('command')] });
  const media = fake.media.get(req.query.get('media_id') ?? '');
  if (!media || media.ownerId !== token.subject)
    return invalidRequest('Your media ID is invalid.', { media_id: [req.query.get('media_id')] });
  const processing = media.processing;
  if (!processing) return { status: 200, json: { data: { id: media.id, media_key: media.mediaKey } } };
  processing.statusReads++;
  if (processing.state === 'pending' || processing.state === 'in_progress')
    processing.state =
      processing.statusReads <= fake.videoProcessingReads ? 'in_progress' : processing.error ? 'failed' : 'succeeded';
  const info: Record<string, unknown> = { state: processing.state };
  if (processing.state === 'in_progress') Object.assign(info, { check_after_secs: 1, progress_percent: 50 });
  if (processing.state === 'failed')
    Object.assign(info, { progress_percent: 100, error: { code: 1, name: 'InvalidMedia', message: processing.error } });
  if (processing.state === 'succeeded') info.progress_percent = 100;
  return { status: 200, json: { data: { id: media.id, media_key: media.mediaKey, processing_info: info } } };
}

/** What X's processing says of these bytes, or undefined when it takes them. */
function whyUnprocessable(bytes: Buffer): string | undefined {
  const video = sniffVideo(bytes);
  if (!video) return 'Invalid or Unsupported media, Reason: not a video X can read.';
  const seconds = video.durationMs / 1000;
  if (seconds > MAX_SECONDS)
    return `Invalid or Unsupported media, Reason: Duration too long (${seconds} s > ${MAX_SECONDS} s).`;
  if (seconds < MIN_SECONDS) return `Invalid or Unsupported media, Reason: Duration too short (${seconds} s).`;
  if (video.fps > MAX_FPS) return `Invalid or Unsupported media, Reason: Frame rate too high (${video.fps} fps).`;
  return undefined;
}
