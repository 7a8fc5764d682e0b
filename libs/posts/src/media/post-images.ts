// An image is approved by its content: at submission every image of a post becomes stored bytes with their
// SHA-256 (an upload is read back; a remote URL is downloaded through the SSRF-safe fetchPublicFile), the hash
// goes into the hash the reviewer approves, and publishing sends those bytes. What a URL serves after that
// changes nothing. Each stored image also carries its facts (format, pixels, bytes), read from those bytes, so
// the networks' image rules are checked before submission rather than failing at publish time.
import { EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '@app/core';
import { fetchPublicFile, PublicFetchError } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';
import {
  imageTypeOf,
  MAX_MEDIA_BYTES,
  measureImage,
  MediaStore,
  sha256Of,
  uploadIdOf,
  type ImageFacts,
  type StoredMedia,
} from './media-store';
import { StoredImages } from './stored-images';

const VIDEO = /\.(mp4|mov)$/i;

export interface PostImagesSettings {
  /** How long one download may take (NETWORK_TIMEOUT_MS). */
  timeoutMs: number;
}

/** One image as the composer's live check sees it: its facts, or why it could not be read. */
export interface InspectedImage {
  url: string;
  facts?: ImageFacts;
  error?: string;
}

/** Remote images measured for the composer's live check, kept a few minutes (the URL is fetched once per edit). */
const INSPECT_CACHE_MS = 10 * 60_000;
const INSPECT_CACHE_SIZE = 200;

export class PostImages {
  private readonly inspected = new Map<string, { at: number; image: InspectedImage }>();

  constructor(
    private readonly store: MediaStore,
    private readonly images: StoredImages,
    private readonly settings: PostImagesSettings,
  ) {}

  /** An upload: checked and stored (see MediaStore.save), with its facts recorded. */
  async upload(practiceId: string, bytes: Buffer): Promise<StoredMedia> {
    const stored = await this.store.save(practiceId, bytes);
    await this.images.record(practiceId, stored, 'upload');
    return stored;
  }

  /** Every image with its stored copy, hash and facts; a refusal names the image and why (a clear 400, nothing stored). */
  async keep(practiceId: string, media: readonly PostMedia[]): Promise<PostMedia[]> {
    const kept: PostMedia[] = [];
    for (const [index, item] of media.entries()) kept.push(await this.keepOne(practiceId, item, index));
    return kept;
  }

  /**
   * The images as an author saves them, with the facts of each upload (known without downloading anything), so a
   * draft already shows what a network will refuse. Remote images get theirs at submission, when they are copied.
   */
  async describe(practiceId: string, media: readonly PostMedia[]): Promise<PostMedia[]> {
    const ids = media.map((m) => uploadIdOf(m.url)).filter((id): id is string => !!id);
    const facts = ids.length ? await this.images.factsOf(practiceId, ids) : new Map();
    return media.map(({ width: _w, height: _h, size: _s, ...m }) => {
      // Facts are only ever read from the bytes: whatever a caller sent is dropped.
      const row = facts.get(uploadIdOf(m.url) ?? '');
      return row ? { ...m, ...plainFacts(row) } : m;
    });
  }

  /** In the post's transaction: the stored images it names are in use (see StoredImages.markNamed). */
  markNamed(tx: EntityManager, practiceId: string, media: readonly PostMedia[]): Promise<void> {
    return this.images.markNamed(tx, practiceId, namedImageIds(media));
  }

  /** The facts of each image for the composer's live check: an upload from the store, a remote one downloaded. */
  async inspect(practiceId: string, urls: readonly string[]): Promise<InspectedImage[]> {
    const ids = urls.map((url) => uploadIdOf(url)).filter((id): id is string => !!id);
    const facts = ids.length ? await this.images.factsOf(practiceId, ids) : new Map();
    const out: InspectedImage[] = [];
    for (const url of urls) {
      const id = uploadIdOf(url);
      if (id) {
        const row = facts.get(id);
        out.push(row ? { url, facts: factsOf(row) } : { url, error: 'This upload is missing; upload it again.' });
      } else out.push(await this.inspectRemote(url));
    }
    return out;
  }

  private async inspectRemote(url: string): Promise<InspectedImage> {
    const now = Date.now();
    const cached = this.inspected.get(url);
    if (cached && now - cached.at < INSPECT_CACHE_MS) return cached.image;
    let image: InspectedImage;
    if (!/^https?:\/\//.test(url) || VIDEO.test(safePath(url))) image = { url };
    else {
      try {
        const bytes = (await fetchPublicFile(url, { timeoutMs: this.settings.timeoutMs, maxBytes: MAX_MEDIA_BYTES }))
          .bytes;
        const facts = measureImage(bytes);
        image = facts ? { url, facts } : { url, error: notAnImage(bytes) };
      } catch (error) {
        if (!(error instanceof PublicFetchError)) throw error;
        image = { url, error: `It could not be downloaded (${error.message}).` };
      }
    }
    if (this.inspected.size >= INSPECT_CACHE_SIZE) this.inspected.delete(this.inspected.keys().next().value!);
    this.inspected.set(url, { at: now, image });
    return image;
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
      const facts = measureImage(upload.bytes);
      if (!facts) throw unreadable(index, 'the upload');
      // An upload from before facts were kept gets its row now, so the sweep and the composer know it.
      await this.images.factsOf(practiceId, [uploadId]);
      return { ...written, ...plainFacts(facts), storedId: uploadId, sha256: sha256Of(upload.bytes) };
    }
    // A video (an Instagram reel) is not stored: it still goes out by its address, as it always did.
    if (VIDEO.test(new URL(item.url).pathname)) return written;
    const bytes = await this.download(item.url, index);
    const sha256 = sha256Of(bytes);
    // The same picture as the stored copy: keep that copy rather than a second file.
    if (item.storedId && item.sha256 === sha256) {
      const stored = await this.store.read(practiceId, item.storedId).catch(() => null);
      const facts = stored && sha256Of(stored.bytes) === sha256 ? measureImage(stored.bytes) : undefined;
      if (facts) return { ...written, ...plainFacts(facts), storedId: item.storedId, sha256 };
    }
    if (!imageTypeOf(bytes))
      throw new InvalidInputError(
        `Image ${index + 1} at ${item.url} is not a JPEG, PNG, GIF or WebP image, so it cannot be approved or published`,
        { field: `media.${index}.url` },
      );
    if (!measureImage(bytes)) throw unreadable(index, item.url);
    const stored = await this.store.save(practiceId, bytes);
    await this.images.record(practiceId, stored, 'copy');
    return { ...written, ...plainFacts(stored), storedId: stored.id, sha256: stored.sha256 };
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

/** The stored images a post's media names: each copy, and each upload by its address. */
export function namedImageIds(media: readonly PostMedia[]): string[] {
  return media.flatMap((m) => [m.storedId, uploadIdOf(m.url)]).filter((id): id is string => !!id);
}

/** The facts a post's media item carries (format as its MIME type, pixels and bytes). */
function plainFacts(facts: Pick<ImageFacts, 'mimeType' | 'width' | 'height' | 'size'>) {
  return { mimeType: facts.mimeType, width: facts.width, height: facts.height, size: facts.size };
}

function factsOf(row: ImageFacts): ImageFacts {
  return { format: row.format, mimeType: row.mimeType, width: row.width, height: row.height, size: row.size };
}

function unreadable(index: number, what: string): InvalidInputError {
  return new InvalidInputError(
    `Image ${index + 1} (${what}) looks like an image, but its size in pixels cannot be read: it may be damaged or cut short. Save it again.`,
    { field: `media.${index}.url` },
  );
}

function notAnImage(bytes: Buffer): string {
  return imageTypeOf(bytes)
    ? 'Its size in pixels cannot be read: it may be damaged or cut short.'
    : 'It is not a JPEG, PNG, GIF or WebP image.';
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
