// An image is approved by its content: at submission every image of a post becomes stored bytes with their
// SHA-256 (an upload is read back; a remote URL is downloaded through the SSRF-safe fetchPublicFile), the hash
// goes into the hash the reviewer approves, and publishing sends those bytes. What a URL serves after that
// changes nothing.
import { InvalidInputError, NotFoundError } from '@app/core';
import { fetchPublicFile, PublicFetchError } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';
import { imageTypeOf, MAX_MEDIA_BYTES, MediaStore, sha256Of, uploadIdOf } from './media-store';

const VIDEO = /\.(mp4|mov)$/i;

export interface PostImagesSettings {
  /** How long one download may take (NETWORK_TIMEOUT_MS). */
  timeoutMs: number;
}

export class PostImages {
  constructor(
    private readonly store: MediaStore,
    private readonly settings: PostImagesSettings,
  ) {}

  /** Every image with its stored copy and hash; a refusal names the image and why (a clear 400, nothing stored). */
  async keep(practiceId: string, media: readonly PostMedia[]): Promise<PostMedia[]> {
    const kept: PostMedia[] = [];
    for (const [index, item] of media.entries()) kept.push(await this.keepOne(practiceId, item, index));
    return kept;
  }

  private async keepOne(practiceId: string, item: PostMedia, index: number): Promise<PostMedia> {
    const written = { url: item.url, altText: item.altText };
    const uploadId = uploadIdOf(item.url);
    if (uploadId) {
      const upload = await this.store.read(practiceId, uploadId).catch((error: unknown) => {
        if (error instanceof NotFoundError)
          throw new InvalidInputError(`Image ${index + 1} (an upload) is missing; upload it again`, {
            field: `media.${index}.url`,
          });
        throw error;
      });
      return { ...written, mimeType: upload.mimeType, storedId: uploadId, sha256: sha256Of(upload.bytes) };
    }
    // A video (an Instagram reel) is not stored: it still goes out by its address, as it always did.
    if (VIDEO.test(new URL(item.url).pathname)) return written;
    const bytes = await this.download(item.url, index);
    const sha256 = sha256Of(bytes);
    // The same picture as the stored copy: keep that copy rather than a second file.
    if (item.storedId && item.sha256 === sha256) {
      const stored = await this.store.read(practiceId, item.storedId).catch(() => null);
      if (stored && sha256Of(stored.bytes) === sha256) return { ...written, ...copyOf(item.storedId, stored) };
    }
    if (!imageTypeOf(bytes))
      throw new InvalidInputError(
        `Image ${index + 1} at ${item.url} is not a JPEG, PNG, GIF or WebP image, so it cannot be approved or published`,
        { field: `media.${index}.url` },
      );
    const stored = await this.store.save(practiceId, bytes);
    return { ...written, mimeType: stored.mimeType, storedId: stored.id, sha256: stored.sha256 };
  }

  private async download(url: string, index: number): Promise<Buffer> {
    try {
      return (await fetchPublicFile(url, { timeoutMs: this.settings.timeoutMs, maxBytes: MAX_MEDIA_BYTES })).bytes;
    } catch (error) {
      if (!(error instanceof PublicFetchError)) throw error;
      throw new InvalidInputError(
        `Image ${index + 1} could not be downloaded (${error.message}). An image is approved by what it shows, so it is downloaded when the post is submitted; check the address${error.permanent ? '' : ' or try again'}.`,
        { field: `media.${index}.url` },
      );
    }
  }
}

function copyOf(storedId: string, stored: { bytes: Buffer; mimeType: string }) {
  return { mimeType: stored.mimeType, storedId, sha256: sha256Of(stored.bytes) };
}
