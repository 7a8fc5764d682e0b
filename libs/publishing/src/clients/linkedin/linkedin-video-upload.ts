// A video to LinkedIn through the Videos API: initializeUpload with the file's size answers one upload instruction per
// part (a byte range and a URL; parts of 4 MB), each part is PUT from the file and answers an ETag, finalizeUpload
// names the ETags in order, and the video is PROCESSING until LinkedIn answers AVAILABLE; a post may only name an
// AVAILABLE video. The file is read one part at a time.
import { PublishingError } from '../../errors/publishing-error';
import type { CallContext } from '../error-mapping';
import { readChunk } from '../http/file-chunks';
import { parseJsonBody, type HttpResponse } from '../http/http-transport';
import type { PostMedia } from '../network-client';
import { waitUntilAssetAvailable } from './linkedin-asset-status';

export interface LinkedInVideoCalls {
  send(context: CallContext, method: 'GET' | 'POST', path: string, body?: string): Promise<HttpResponse>;
  /** PUT one part's bytes to the upload URL LinkedIn gave (with the token). */
  put(context: CallContext, url: string, bytes: Buffer): Promise<HttpResponse>;
  assertOk(response: HttpResponse, context: CallContext): void;
  sleep(ms: number): Promise<void>;
  /** Give up on the video still PROCESSING after this long (see waitUntilAssetAvailable). */
  maxProcessingMs: number;
}

interface UploadInstruction {
  uploadUrl?: unknown;
  firstByte?: unknown;
  lastByte?: unknown;
}

export async function uploadLinkedInVideo(calls: LinkedInVideoCalls, owner: string, media: PostMedia): Promise<string> {
  const file = media.file!;
  const context = { creates: false };
  const init = await calls.send(
    context,
    'POST',
    '/rest/videos?action=initializeUpload',
    JSON.stringify({
      initializeUploadRequest: { owner, fileSizeBytes: file.size, uploadCaptions: false, uploadThumbnail: false },
    }),
  );
  calls.assertOk(init, context);
  const value = (
    parseJsonBody(init) as
      { value?: { video?: unknown; uploadToken?: unknown; uploadInstructions?: UploadInstruction[] } } | undefined
  )?.value;
  const instructions = Array.isArray(value?.uploadInstructions) ? value.uploadInstructions : [];
  if (typeof value?.video !== 'string' || !instructions.length)
    throw new PublishingError({
      kind: 'transient',
      network: 'linkedin',
      networkMessage: 'video initializeUpload answered without video/uploadInstructions',
      httpStatus: init.status,
    });
  const video = value.video;
  const etags: string[] = [];
  for (const part of instructions) {
    const first = Number(part.firstByte);
    const last = Number(part.lastByte);
    if (typeof part.uploadUrl !== 'string' || !Number.isInteger(first) || !(last >= first))
      throw new PublishingError({
        kind: 'transient',
        network: 'linkedin',
        networkMessage: 'video initializeUpload answered an upload instruction without uploadUrl/firstByte/lastByte',
      });
    const put = await calls.put(context, part.uploadUrl, await readChunk(file.path, first, last - first + 1));
    calls.assertOk(put, context);
    const etag = put.headers.etag;
    if (!etag)
      throw new PublishingError({
        kind: 'transient',
        network: 'linkedin',
        networkMessage: `LinkedIn answered a video part (bytes ${first}-${last}) without an ETag`,
        httpStatus: put.status,
      });
    etags.push(etag);
  }
  const finalize = await calls.send(
    context,
    'POST',
    '/rest/videos?action=finalizeUpload',
    JSON.stringify({
      finalizeUploadRequest: {
        video,
        uploadToken: typeof value.uploadToken === 'string' ? value.uploadToken : '',
        uploadedPartIds: etags,
      },
    }),
  );
  calls.assertOk(finalize, context);
  await waitUntilAssetAvailable(calls, 'video', video);
  return video;
}
