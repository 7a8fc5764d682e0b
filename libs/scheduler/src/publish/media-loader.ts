// Turns a post's media URL into what each network needs: Facebook fetches a public URL itself,
// LinkedIn and X need the bytes. Private or local URLs never reach a network (postiz #946).
import {
  fetchPublicFile,
  FetchedFile,
  mediaUrlProblem,
  type Network,
  PostMedia as NetworkMedia,
  PublicFetchError,
  PublishingError,
} from '@app/publishing';
import { PostMedia } from '@app/posts';
import { MediaStore, uploadIdOf } from '@app/calendar';

const MAX_BYTES = 5 * 1024 * 1024;

export interface MediaSource {
  store: MediaStore;
  practiceId: string;
  timeoutMs: number;
}

function mimeFromUrl(url: string): string {
  return /\.(mp4|mov)$/i.test(new URL(url).pathname) ? 'video/mp4' : 'image/jpeg';
}

export async function loadMedia(
  network: Network,
  media: PostMedia | undefined,
  source: MediaSource,
): Promise<NetworkMedia | undefined> {
  if (!media) return undefined;
  const uploadId = uploadIdOf(media.url);
  if (uploadId) {
    const upload = await source.store.read(source.practiceId, uploadId).catch(() => null);
    if (!upload)
      throw new PublishingError({
        kind: 'rejected_content',
        network,
        networkMessage: 'The uploaded image of this post is missing; upload it again',
        reason: 'media_missing',
      });
    const { bytes, mimeType } = upload;
    return { bytes, mimeType, altText: media.altText, filename: `${uploadId}.${mimeType.split('/')[1]}` };
  }
  const timeoutMs = source.timeoutMs;
  const problem = mediaUrlProblem(media.url);
  if (problem)
    throw new PublishingError({
      kind: 'rejected_content',
      network,
      networkMessage: problem,
      reason: 'private_media_url',
    });
  // Facebook, Instagram and Google download the image from its public URL themselves.
  if (network === 'facebook' || network === 'instagram' || network === 'google_business')
    return { url: media.url, mimeType: media.mimeType ?? mimeFromUrl(media.url), altText: media.altText };
  // Resolved and checked at connect time, every redirect again, streamed with the cap (fetchPublicFile).
  let file: FetchedFile;
  try {
    file = await fetchPublicFile(media.url, { timeoutMs, maxBytes: MAX_BYTES });
  } catch (error) {
    const permanent = error instanceof PublicFetchError && error.permanent;
    throw new PublishingError({
      kind: permanent ? 'rejected_content' : 'transient',
      network,
      networkMessage: `The image at ${media.url} could not be downloaded: ${(error as Error).message}`,
      ...(error instanceof PublicFetchError && error.refusedAddress ? { reason: 'private_media_url' } : {}),
    });
  }
  const mimeType = (file.contentType || media.mimeType || '').split(';')[0].trim();
  if (!/^image\/(jpeg|png|gif|webp)$/.test(mimeType))
    throw new PublishingError({
      kind: 'rejected_content',
      network,
      networkMessage: `The file at ${media.url} is not an image (${mimeType || 'unknown type'})`,
    });
  const bytes = file.bytes;
  return { bytes, mimeType, altText: media.altText, filename: new URL(media.url).pathname.split('/').pop() || 'image' };
}
