// LinkedIn's Videos API, as the real one takes a video: POST /rest/videos?action=initializeUpload with the owner and
// fileSizeBytes answers one upload instruction per 4 MB part (uploadUrl, firstByte, lastByte); each part is PUT to its
// URL and answers an ETag; POST /rest/videos?action=finalizeUpload names the ETags in order; the video is then
// PROCESSING for a while and AVAILABLE, or PROCESSING_FAILED when LinkedIn cannot take it (not an MP4, shorter than
// 3 s or longer than 30 minutes). A post's content.media may name an AVAILABLE video of its author.
import { randomBytes } from 'node:crypto';
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import { bearerToken, type FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { sniffVideo } from '../core/video';
import { LinkedInErrors, liValidation } from './linkedin-errors';
import type { LinkedInFake } from './linkedin-fake';

export const LI_VIDEO_PART_BYTES = 4 * 1024 * 1024;
const MIN_BYTES = 75 * 1024;
const MAX_BYTES = 500 * 1024 * 1024;

export interface LinkedInVideo {
  urn: string;
  owner: string;
  uploadToken: string;
  fileSizeBytes: number;
  parts: Array<{ firstByte: number; lastByte: number; etag?: string; bytes?: Buffer }>;
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  readsProcessing: number;
  bytes?: Buffer;
  failure?: string;
  uploadUrlsExpireAt: number;
}

export function registerLinkedInVideoRoutes(
  fake: LinkedInFake,
  route: RegisterRoute,
  gated: (run: (req: FakeRequest, token: TokenRecord) => FakeResponse) => (req: FakeRequest) => FakeResponse,
): void {
  route(
    'POST',
    /^\/rest\/videos$/,
    'media',
    gated((req, token) =>
      req.query.get('action') === 'finalizeUpload'
        ? finalizeUpload(fake, req, token)
        : initializeUpload(fake, req, token),
    ),
  );
  route(
    'GET',
    /^\/rest\/videos\/([^/]+)$/,
    'read',
    gated((req) => getVideo(fake, req)),
  );
  route('PUT', /^\/dms-uploads\/video\/([A-Za-z0-9_-]+)\/(\d+)$/, 'upload', (req) => uploadPart(fake, req));
}

function body(req: FakeRequest): Record<string, unknown> | undefined {
  return req.body.kind === 'json' && !req.body.invalidJson ? req.body.fields : undefined;
}

function initializeUpload(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  if (req.query.get('action') !== 'initializeUpload')
    return liValidation(400, 'action :: only initializeUpload and finalizeUpload are supported', 'INVALID_PARAM');
  const request = (body(req) as { initializeUploadRequest?: { owner?: unknown; fileSizeBytes?: unknown } })
    ?.initializeUploadRequest;
  if (!request) return liValidation(400, 'Request body must be a JSON initializeUploadRequest', 'INVALID_BODY');
  const owner = request.owner;
  if (typeof owner !== 'string' || !owner)
    return liValidation(
      422,
      '/initializeUploadRequest/owner :: field is required',
      'FIELD_REQUIRED',
      '/initializeUploadRequest/owner',
    );
  if (!fake.isAdmin(token.subject, owner))
    return LinkedInErrors.accessDenied('partnerApiVideos.ACTION-initializeUpload');
  const size = request.fileSizeBytes;
  const path = '/initializeUploadRequest/fileSizeBytes';
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0)
    return liValidation(422, `${path} :: must be a positive integer`, 'INVALID_VALUE', path);
  if (size < MIN_BYTES || size > MAX_BYTES)
    return liValidation(
      422,
      `${path} :: a video must be from 75 KB to 500 MB, got ${size} bytes`,
      'INVALID_VALUE',
      path,
    );
  const urn = `urn:li:video:D5610AQ${fake.imageIds.take()}`;
  const uploadToken = randomBytes(18).toString('base64url');
  const parts: LinkedInVideo['parts'] = [];
  for (let first = 0; first < size; first += LI_VIDEO_PART_BYTES)
    parts.push({ firstByte: first, lastByte: Math.min(first + LI_VIDEO_PART_BYTES, size) - 1 });
  const uploadUrlsExpireAt = fake.nowMs() + 24 * 3600_000;
  fake.videos.set(urn, {
    urn,
    owner,
    uploadToken,
    fileSizeBytes: size,
    parts,
    status: 'WAITING_UPLOAD',
    readsProcessing: 0,
    uploadUrlsExpireAt,
  });
  return {
    status: 200,
    json: {
      value: {
        uploadUrlsExpireAt,
        video: urn,
        uploadInstructions: parts.map((p, i) => ({
          uploadUrl: `${req.origin}/dms-uploads/video/${uploadToken}/${i}`,
          firstByte: p.firstByte,
          lastByte: p.lastByte,
        })),
        uploadToken: '',
      },
    },
  };
}

function uploadPart(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const check = fake.tokens.check(bearerToken(req), 'access');
  if (!check.ok) return check.reason === 'expired' ? LinkedInErrors.expiredToken() : LinkedInErrors.invalidToken();
  const video = [...fake.videos.values()].find((v) => v.uploadToken === req.params[0]);
  const part = video?.parts[Number(req.params[1])];
  if (!video || !part || video.uploadUrlsExpireAt < fake.nowMs())
    return { status: 404, text: 'Upload URL is invalid or expired' };
  if (!fake.isAdmin(check.record.subject, video.owner)) return { status: 403, text: 'Forbidden' };
  const expected = part.lastByte - part.firstByte + 1;
  if (req.body.raw.length !== expected)
    return { status: 400, text: `Part size mismatch: expected ${expected} bytes, got ${req.body.raw.length}` };
  part.bytes = req.body.raw;
  part.etag = `/ambry/${randomBytes(8).toString('hex')}`;
  return { status: 200, headers: { etag: part.etag } };
}

function finalizeUpload(fake: LinkedInFake, req: FakeRequest, token: TokenRecord): FakeResponse {
  const request = (body(req) as { finalizeUploadRequest?: { video?: unknown; uploadedPartIds?: unknown } })
    ?.finalizeUploadRequest;
  if (!request) return liValidation(400, 'Request body must be a JSON finalizeUploadRequest', 'INVALID_BODY');
  const video = typeof request.video === 'string' ? fake.videos.get(request.video) : undefined;
  if (!video) return LinkedInErrors.notFound(`Video ${String(request.video)}`);
  if (!fake.isAdmin(token.subject, video.owner))
    return LinkedInErrors.accessDenied('partnerApiVideos.ACTION-finalizeUpload');
  const ids = Array.isArray(request.uploadedPartIds) ? request.uploadedPartIds : [];
  const path = '/finalizeUploadRequest/uploadedPartIds';
  if (ids.length !== video.parts.length || video.parts.some((p, i) => !p.etag || p.etag !== ids[i]))
    return liValidation(400, `${path} :: must list the ETag of every uploaded part, in order`, 'INVALID_VALUE', path);
  video.bytes = Buffer.concat(video.parts.map((p) => p.bytes!));
  const sniffed = sniffVideo(video.bytes);
  const seconds = (sniffed?.durationMs ?? 0) / 1000;
  video.failure = !sniffed
    ? 'not a video'
    : sniffed.container !== 'mp4'
      ? 'only MP4 videos are supported'
      : seconds < 3 || seconds > 1800
        ? `video duration ${seconds} s is outside 3 s to 30 minutes`
        : undefined;
  video.readsProcessing = video.failure ? 0 : fake.imageReadsProcessing;
  video.status = video.failure ? 'PROCESSING_FAILED' : video.readsProcessing > 0 ? 'PROCESSING' : 'AVAILABLE';
  return { status: 200, json: {} };
}

function getVideo(fake: LinkedInFake, req: FakeRequest): FakeResponse {
  const video = fake.videos.get(req.params[0]);
  if (!video) return LinkedInErrors.notFound(`Video ${req.params[0]}`);
  if (video.status === 'PROCESSING') {
    if (video.readsProcessing > 0) video.readsProcessing--;
    else video.status = 'AVAILABLE';
  }
  return {
    status: 200,
    json: {
      id: video.urn,
      owner: video.owner,
      status: video.status,
      ...(video.failure ? { processingFailureReason: video.failure } : {}),
    },
  };
}
