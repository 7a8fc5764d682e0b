// A video to X through the v2 chunked media upload: initialize (type, total bytes, category tweet_video), append
// each chunk of at most 4 MiB by segment index, finalize, then read the status until X has processed it
// (pending -> in_progress -> succeeded | failed). A tweet may only name media whose processing succeeded. The one-shot
// upload (x-client.ts) takes images only, and the v1.1 endpoints and the `command` parameter are retired.
import { PublishingError } from '../../errors/publishing-error';
import type { CallContext } from '../error-mapping';
import { fileChunks } from '../http/file-chunks';
import { encodeMultipart } from '../http/multipart';
import { parseJsonBody, type HttpResponse } from '../http/http-transport';
import type { PostMedia } from '../network-client';

/** X takes segments of up to 5 MB; 4 MiB leaves room for the multipart framing. */
export const X_VIDEO_CHUNK_BYTES = 4 * 1024 * 1024;

export interface XVideoCalls {
  /** A JSON (or body-less) call to X_API_URL with the user's token. */
  send(context: CallContext, method: 'GET' | 'POST', path: string, body?: string): Promise<HttpResponse>;
  /** A multipart call to X_API_URL with the user's token. */
  sendForm(context: CallContext, path: string, form: { body: Buffer; contentType: string }): Promise<HttpResponse>;
  assertOk(response: HttpResponse, context: CallContext): void;
  sleep(ms: number): Promise<void>;
  /** Give up on a video X is still processing after this long (nothing was posted). */
  maxProcessingMs: number;
}

interface ProcessingInfo {
  state?: unknown;
  check_after_secs?: unknown;
  error?: { message?: unknown; name?: unknown };
}

export async function uploadXVideo(calls: XVideoCalls, media: PostMedia): Promise<string> {
  const file = media.file!;
  const context = { creates: false };
  const init = await calls.send(
    context,
    'POST',
    '/2/media/upload/initialize',
    JSON.stringify({ media_type: media.mimeType, total_bytes: file.size, media_category: 'tweet_video' }),
  );
  calls.assertOk(init, context);
  const id = (parseJsonBody(init) as { data?: { id?: unknown } } | undefined)?.data?.id;
  if (typeof id !== 'string' || !id)
    throw new PublishingError({
      kind: 'transient',
      network: 'x',
      networkMessage: 'media upload initialize answered without data.id',
      httpStatus: init.status,
    });
  const path = `/2/media/upload/${encodeURIComponent(id)}`;
  for await (const chunk of fileChunks(file.path, file.size, X_VIDEO_CHUNK_BYTES)) {
    const form = encodeMultipart({
      media: { filename: 'chunk', contentType: 'application/octet-stream', data: chunk.bytes },
      segment_index: String(chunk.index),
    });
    calls.assertOk(await calls.sendForm(context, `${path}/append`, form), context);
  }
  const finalized = await calls.send(context, 'POST', `${path}/finalize`);
  calls.assertOk(finalized, context);
  let info = (parseJsonBody(finalized) as { data?: { processing_info?: ProcessingInfo } } | undefined)?.data
    ?.processing_info;
  const deadline = Date.now() + calls.maxProcessingMs;
  // No processing_info: X had nothing to process (the media is ready as finalized).
  while (info && info.state !== 'succeeded') {
    if (info.state === 'failed') {
      const why = typeof info.error?.message === 'string' ? info.error.message : 'processing failed';
      throw new PublishingError({
        kind: 'rejected_content',
        network: 'x',
        networkMessage: `X could not process the video: ${why}`,
        networkCode: typeof info.error?.name === 'string' ? info.error.name : undefined,
        reason: 'video_processing_failed',
      });
    }
    const waitMs = Math.min(Math.max(Number(info.check_after_secs) || 1, 1), 10) * 1000;
    if (Date.now() + waitMs > deadline)
      throw new PublishingError({
        kind: 'transient',
        network: 'x',
        networkMessage: `X was still processing the video (state ${String(info.state)}); nothing was posted`,
        reason: 'video_not_ready',
      });
    await calls.sleep(waitMs);
    const status = await calls.send(
      context,
      'GET',
      `/2/media/upload?command=STATUS&media_id=${encodeURIComponent(id)}`,
    );
    calls.assertOk(status, context);
    info = (parseJsonBody(status) as { data?: { processing_info?: ProcessingInfo } } | undefined)?.data
      ?.processing_info;
  }
  return id;
}
