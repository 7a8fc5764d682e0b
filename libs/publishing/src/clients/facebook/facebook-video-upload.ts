// A video to a Facebook Page with the Page token, by the Page videos edge's chunked upload (on Meta's video host,
// graph-video.facebook.com): upload_phase=start with the file size answers a session, the video's id and the first
// byte range to send; each upload_phase=transfer sends that range (multipart `video_file_chunk`) and answers the next
// one, until start_offset equals end_offset; upload_phase=finish with the description publishes the video post. Only
// finish creates the post. The newer Resumable Upload API needs an app id and a person's token, which a Page
// connection does not keep. The file is read one range at a time.
import { PublishingError } from '../../errors/publishing-error';
import { readChunk } from '../http/file-chunks';
import { encodeMultipart, type MultipartValue } from '../http/multipart';
import { parseJsonBody, type HttpTransport } from '../http/http-transport';
import type { PostMedia } from '../network-client';
import { GraphResponseError, graphVersion } from './graph-api';

export interface FacebookVideoUpload {
  /** The video host's origin (FACEBOOK_GRAPH_VIDEO_URL). */
  origin: string;
  transport: HttpTransport;
  /** Runs one Graph call with the error mapping (creates: a lost answer is an unknown outcome). */
  call<T>(creates: boolean, run: () => Promise<T>): Promise<T>;
}

/** Facebook answers each range it wants next; it never asks for more than this in one transfer. */
const MAX_RANGE_BYTES = 64 * 1024 * 1024;

export async function publishFacebookVideo(
  upload: FacebookVideoUpload,
  pageId: string,
  token: string,
  description: string,
  media: PostMedia,
): Promise<string> {
  const file = media.file!;
  const url = `${upload.origin}/${graphVersion()}/${encodeURIComponent(pageId)}/videos`;
  const post = async (fields: Record<string, string | { data: Buffer }>) => {
    const parts: Record<string, MultipartValue> = { access_token: token };
    for (const [key, value] of Object.entries(fields))
      parts[key] =
        typeof value === 'string'
          ? value
          : { filename: 'chunk', contentType: 'application/octet-stream', data: value.data };
    const form = encodeMultipart(parts);
    const response = await upload.transport.request({
      method: 'POST',
      url,
      headers: { 'content-type': form.contentType },
      body: form.body,
    });
    const body = parseJsonBody(response) as Record<string, unknown> | undefined;
    if (response.status < 200 || response.status >= 300)
      throw new GraphResponseError(response.status, body, response.headers, 'POST');
    return body ?? {};
  };
  const started = await upload.call(false, () => post({ upload_phase: 'start', file_size: String(file.size) }));
  const session = started.upload_session_id;
  const videoId = started.video_id;
  if (typeof session !== 'string' || typeof videoId !== 'string')
    throw new PublishingError({
      kind: 'transient',
      network: 'facebook',
      networkMessage: 'Facebook answered upload_phase=start without upload_session_id/video_id',
    });
  let range = offsets(started);
  while (range.start < range.end) {
    const { start, end } = range;
    if (end - start > MAX_RANGE_BYTES || end > file.size)
      throw new PublishingError({
        kind: 'transient',
        network: 'facebook',
        networkMessage: `Facebook asked for bytes ${start}-${end} of a ${file.size}-byte video`,
      });
    const chunk = await readChunk(file.path, start, end - start);
    range = offsets(
      await upload.call(false, () =>
        post({
          upload_phase: 'transfer',
          upload_session_id: session,
          start_offset: String(start),
          video_file_chunk: { data: chunk },
        }),
      ),
    );
    if (range.start <= start)
      throw new PublishingError({
        kind: 'transient',
        network: 'facebook',
        networkMessage: `Facebook did not move past byte ${start} of the video upload`,
      });
  }
  const finished = await upload.call(true, () =>
    post({ upload_phase: 'finish', upload_session_id: session, description }),
  );
  if (finished.success !== true)
    throw new PublishingError({
      kind: 'unknown_outcome',
      network: 'facebook',
      networkMessage: 'Facebook answered upload_phase=finish without success',
    });
  return videoId;
}

function offsets(body: Record<string, unknown>): { start: number; end: number } {
  const start = Number(body.start_offset);
  const end = Number(body.end_offset);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end))
    throw new PublishingError({
      kind: 'transient',
      network: 'facebook',
      networkMessage: 'Facebook answered a video upload phase without start_offset/end_offset',
    });
  return { start, end };
}
