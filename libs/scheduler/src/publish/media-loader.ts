// Turns a post's image or video into what each network needs. An image stored at submission (an upload, or the copy
// of a remote URL the reviewer approved) goes out as those very bytes: uploaded to Facebook, LinkedIn and X, and to
// Instagram and Google as a signed, expiring link to this app that they download. A stored video likewise: its file,
// hashed again against the approval, is uploaded in chunks to Facebook, LinkedIn and X, and Instagram downloads it
// (a reel) through the signed link. Media of posts approved before images and videos were stored keep the old way
// (the URL). Private or local URLs never reach a network (postiz #946).
import {
  fetchPublicFile,
  FetchedFile,
  mediaUrlProblem,
  type Network,
  NETWORKS_FETCHING_MEDIA,
  PostMedia as NetworkMedia,
  PublicFetchError,
  PublishingError,
} from '@app/publishing';
import {
  extensionOf,
  isVideoType,
  MediaStore,
  PostMedia,
  PublicMediaLinks,
  sha256Of,
  sha256OfFile,
  uploadIdOf,
} from '@app/posts';

const MAX_BYTES = 5 * 1024 * 1024;

export interface MediaSource {
  store: MediaStore;
  /** Signs the links Instagram and Google download stored images from. */
  links: PublicMediaLinks;
  practiceId: string;
  /** The target being published: a signed link serves its post's images only while it is. */
  targetId: string;
  timeoutMs: number;
  /** Hashes of stored videos already checked in this attempt (a video is hashed once, not once per use). */
  videoHashes?: Map<string, Promise<string>>;
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
  const storedId = media.storedId ?? uploadIdOf(media.url);
  if (storedId) return storedMedia(network, media, storedId, source);
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
  if (network === 'facebook' || NETWORKS_FETCHING_MEDIA.includes(network))
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

/** The stored bytes, checked against the hash the reviewer approved; a signed link for the networks that fetch. */
async function storedMedia(
  network: Network,
  media: PostMedia,
  storedId: string,
  source: MediaSource,
): Promise<NetworkMedia> {
  const refuse = (message: string, reason: string) =>
    new PublishingError({ kind: 'rejected_content', network, networkMessage: message, reason });
  const located = await source.store.locate(source.practiceId, storedId).catch(() => null);
  if (located && isVideoType(located.mimeType)) {
    const hashes = (source.videoHashes ??= new Map());
    if (!hashes.has(storedId)) hashes.set(storedId, sha256OfFile(located.path));
    if (media.sha256 && (await hashes.get(storedId)) !== media.sha256)
      throw refuse('The stored video is no longer the one the reviewer approved; upload it again', 'media_changed');
    const { mimeType, ext } = located;
    if (NETWORKS_FETCHING_MEDIA.includes(network))
      return { url: source.links.url({ targetId: source.targetId, mediaId: storedId }, ext), mimeType };
    return { file: { path: located.path, size: located.size }, mimeType, filename: `${storedId}.${ext}` };
  }
  const stored = located && (await source.store.read(source.practiceId, storedId).catch(() => null));
  if (!stored) throw refuse('The stored image of this post is missing; add the image again', 'media_missing');
  if (media.sha256 && sha256Of(stored.bytes) !== media.sha256)
    throw refuse('The stored image is no longer the one the reviewer approved; add it again', 'media_changed');
  const { bytes, mimeType } = stored;
  if (NETWORKS_FETCHING_MEDIA.includes(network)) {
    const url = source.links.url({ targetId: source.targetId, mediaId: storedId }, extensionOf(mimeType));
    return { url, mimeType, altText: media.altText };
  }
  return { bytes, mimeType, altText: media.altText, filename: `${storedId}.${extensionOf(mimeType)}` };
}
