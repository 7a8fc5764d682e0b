// Page videos as Graph takes them with a Page token, POST /{page-id}/videos (Meta serves it on graph-video; the fake
// on its one origin): the chunked upload (upload_phase=start with file_size answers upload_session_id, video_id and
// the first byte range; each upload_phase=transfer sends exactly that range as the multipart file video_file_chunk and
// answers the next; upload_phase=finish with a description publishes the video post), or file_url (Facebook downloads
// the video). Facebook checks the bytes are a video it takes (MP4 or MOV, up to 240 minutes) at finish.
import type { FakeResponse, RegisterRoute } from '../core/fake-network';
import type { FakeRequest } from '../core/request';
import type { TokenRecord } from '../core/token-store';
import { sniffVideo } from '../core/video';
import { GraphErrors, graphError } from './facebook-errors';
import type { FacebookFake, FacebookPost } from './facebook-fake';

const V = '(?:/v\\d+\\.\\d+)?';
const MAX_SECONDS = 240 * 60;
const MAX_BYTES = 10 * 1024 * 1024 * 1024;

/** The feed's own checks of a post's text (length, a duplicate within a day). */
type MessageCheck = (fake: FacebookFake, pageId: string, message: string | undefined) => FakeResponse | undefined;

export interface FacebookVideoSession {
  id: string;
  videoId: string;
  pageId: string;
  fileSize: number;
  received: Buffer[];
  offset: number;
}

export function registerFacebookVideoRoutes(
  fake: FacebookFake,
  route: RegisterRoute,
  withPublisher: (req: FakeRequest, run: (token: TokenRecord) => Promise<FakeResponse>) => Promise<FakeResponse>,
  messageProblem: MessageCheck,
): void {
  route('POST', new RegExp(`^${V}/(\\d+)/videos$`), 'publish', (req) =>
    withPublisher(req, async () => {
      const params = { ...Object.fromEntries(req.query), ...req.body.fields } as Record<string, unknown>;
      switch (params.upload_phase) {
        case 'start':
          return start(fake, req.params[0], params);
        case 'transfer':
          return transfer(fake, req, params);
        case 'finish':
          return finish(fake, req.params[0], params, messageProblem);
        case undefined:
          return fromUrl(fake, req.params[0], params, messageProblem);
        default:
          return graphError(400, 100, '(#100) upload_phase must be one of {start, transfer, finish, cancel}');
      }
    }),
  );
}

function start(fake: FacebookFake, pageId: string, params: Record<string, unknown>): FakeResponse {
  const size = Number(params.file_size);
  if (!Number.isSafeInteger(size) || size <= 0)
    return graphError(400, 100, '(#100) file_size must be a positive integer');
  if (size > MAX_BYTES)
    return graphError(400, 6000, 'There was a problem uploading your video file: it is larger than 10 GB');
  const session: FacebookVideoSession = {
    id: fake.postIds.take(),
    videoId: fake.photoIds.take(),
    pageId,
    fileSize: size,
    received: [],
    offset: 0,
  };
  fake.videoSessions.set(session.id, session);
  return {
    status: 200,
    json: {
      video_id: session.videoId,
      upload_session_id: session.id,
      start_offset: '0',
      end_offset: String(Math.min(size, fake.videoTransferBytes)),
    },
  };
}

function sessionOf(
  fake: FacebookFake,
  pageId: string,
  params: Record<string, unknown>,
): FacebookVideoSession | FakeResponse {
  const session = fake.videoSessions.get(String(params.upload_session_id ?? ''));
  if (!session || session.pageId !== pageId)
    return graphError(400, 6000, 'There was a problem uploading your video file: invalid upload_session_id', {
      subcode: 1363019,
    });
  return session;
}

function transfer(fake: FacebookFake, req: FakeRequest, params: Record<string, unknown>): FakeResponse {
  const session = sessionOf(fake, req.params[0], params);
  if ('status' in session) return session;
  const chunk = req.body.files.video_file_chunk?.data;
  if (!chunk) return graphError(400, 100, '(#100) video_file_chunk is required (a multipart file)');
  const expectedEnd = Math.min(session.fileSize, session.offset + fake.videoTransferBytes);
  if (Number(params.start_offset) !== session.offset || chunk.length !== expectedEnd - session.offset)
    return graphError(
      400,
      6000,
      `There was a problem uploading your video file: expected bytes ${session.offset}-${expectedEnd}`,
      {
        subcode: 1363037,
      },
    );
  session.received.push(chunk);
  session.offset = expectedEnd;
  const next = Math.min(session.fileSize, session.offset + fake.videoTransferBytes);
  return { status: 200, json: { start_offset: String(session.offset), end_offset: String(next) } };
}

function finish(
  fake: FacebookFake,
  pageId: string,
  params: Record<string, unknown>,
  messageProblem: MessageCheck,
): FakeResponse {
  const session = sessionOf(fake, pageId, params);
  if ('status' in session) return session;
  if (session.offset !== session.fileSize)
    return graphError(400, 6000, 'There was a problem uploading your video file: the upload is incomplete', {
      subcode: 1363030,
    });
  const bytes = Buffer.concat(session.received);
  fake.videoSessions.delete(session.id);
  return publishVideo(fake, pageId, session.videoId, bytes, params, messageProblem);
}

async function fromUrl(
  fake: FacebookFake,
  pageId: string,
  params: Record<string, unknown>,
  messageProblem: MessageCheck,
): Promise<FakeResponse> {
  if (typeof params.file_url !== 'string') return GraphErrors.requiresUpload();
  const video = await fake.downloadVideo(params.file_url);
  if (!video.ok) return GraphErrors.unreachableUrl(video.reason);
  const videoId = fake.photoIds.take();
  const answer = publishVideo(fake, pageId, videoId, video.bytes, params, messageProblem);
  return answer.status === 200 ? { status: 200, json: { id: videoId } } : answer;
}

function publishVideo(
  fake: FacebookFake,
  pageId: string,
  videoId: string,
  bytes: Buffer,
  params: Record<string, unknown>,
  messageProblem: MessageCheck,
): FakeResponse {
  const video = sniffVideo(bytes);
  if (!video)
    return graphError(400, 352, "(#352) Sorry, the video file you selected is in a format that we don't support.");
  if (video.durationMs / 1000 > MAX_SECONDS)
    return graphError(400, 6000, 'There was a problem uploading your video file: it is longer than 240 minutes', {
      subcode: 1363023,
    });
  const description = typeof params.description === 'string' ? params.description : undefined;
  const problem = messageProblem(fake, pageId, description);
  if (problem) return problem;
  const throttled = fake.throttlePublish(pageId);
  if (throttled) return throttled;
  const post: FacebookPost = {
    id: `${pageId}_${videoId}`,
    pageId,
    message: description,
    createdTime: fake.nowMs(),
    published: true,
    via: 'videos',
    video: { id: videoId, bytes, contentType: video.container === 'mov' ? 'video/quicktime' : 'video/mp4' },
  };
  fake.feed.push(post);
  return { status: 200, json: { success: true } };
}
