// An image is approved by its content: at submission every image of a post becomes stored bytes with their
// SHA-256 (an upload is read back; a remote URL is downloaded through the SSRF-safe fetchPublicFile), the hash
// goes into the hash the reviewer approves, and publishing sends those bytes. What a URL serves after that
// changes nothing. Each stored image also carries its facts (format, pixels, bytes), read from those bytes, so
// the networks' image rules are checked before submission rather than failing at publish time. Videos are held to the
// same standard: uploaded (streamed to disk: upload-receiver.ts), hashed, measured from their container, approved by
// that hash and published from those bytes. A video is never taken by its address: it is refused at submission
// (posts approved before videos were stored keep their address and go out as before).
import { unlink, readFile } from 'node:fs/promises';
import { EntityManager } from 'typeorm';
import { InvalidInputError, NotFoundError } from '@app/core';
import { fetchPublicFile, PublicFetchError } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';
import type { StoredImage } from '../entities/stored-image.entity';
import {
  imageTypeOf,
  isVideoType,
  MAX_MEDIA_BYTES,
  measureImage,
  MediaStore,
  sha256Of,
  sha256OfFile,
  uploadIdOf,
  type ImageFacts,
  type StoredMedia,
} from './media-store';
import { StoredImages, type StoredVideo } from './stored-images-store';
import type { ReceivedFile } from './upload-receiver';
import { readVideoFacts, type VideoFacts } from './video-facts';

/** What the composer and the post learn about one stored file: an image's facts, or a video's. */
export type MediaFacts =
  (ImageFacts & { kind: 'image' }) | (Omit<VideoFacts, 'format'> & { kind: 'video'; format: VideoFacts['format'] });

/** An upload, as stored: an image or a video, with its facts and hash. */
export type StoredUpload = (StoredMedia & { kind: 'image' }) | (StoredVideo & { kind: 'video' });

const VIDEO = /\.(mp4|mov)$/i;

export interface PostImagesSettings {
  /** How long one download may take (NETWORK_TIMEOUT_MS). */
  timeoutMs: number;
}

/** One image or video as the composer's live check sees it: its facts, or why it could not be read. */
export interface InspectedImage {
  url: string;
  facts?: MediaFacts;
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

  /**
   * A file the upload receiver wrote: an image is checked and stored as above (it is at most 5 MB); a video is
   * measured from its container and moved into the store without being read, its hash the one computed on arrival.
   */
  async uploadReceived(practiceId: string, received: ReceivedFile): Promise<StoredUpload> {
    try {
      if (received.kind === 'image')
        return { kind: 'image', ...(await this.upload(practiceId, await readFile(received.path))) };
      const facts = await readVideoFacts(received.path);
      if (!facts)
        throw new InvalidInputError(
          'The file starts like an MP4 or MOV video, but it has no video track that can be read (it may be damaged, cut short, or hold only sound). Export it again as MP4 (H.264) and upload it.',
          { field: 'file' },
        );
      const id = await this.store.adoptVideo(practiceId, received.path, facts.format);
      const video: StoredVideo = { id, ...facts, sha256: received.sha256 };
      await this.images.recordVideo(practiceId, video, 'upload');
      return { kind: 'video', ...video };
    } finally {
      await unlink(received.path).catch(() => undefined);
    }
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
    return media.map(({ width: _w, height: _h, size: _s, durationMs: _d, codec: _c, frameRate: _f, ...m }) => {
      // Facts are only ever read from the bytes: whatever a caller sent is dropped.
      const row = facts.get(uploadIdOf(m.url) ?? '');
      return row ? { ...m, ...plainFacts(row) } : m;
    });
  }

  /** In the post's transaction: the stored images it names are in use (see StoredImages.markNamed). */
  markNamed(tx: EntityManager, practiceId: string, media: readonly PostMedia[]): Promise<void> {
    return this.images.markNamed(practiceId, namedImageIds(media), tx);
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
      } else if (isVideoAddress(url)) {
        out.push({ url, error: VIDEO_BY_ADDRESS });
      } else out.push(await this.inspectRemote(url));
    }
    return out;
  }

  private async inspectRemote(url: string): Promise<InspectedImage> {
    const now = Date.now();
    const cached = this.inspected.get(url);
    if (cached && now - cached.at < INSPECT_CACHE_MS) return cached.image;
    let image: InspectedImage;
    if (!/^https?:\/\//.test(url)) image = { url };
    else {
      try {
        const bytes = (await fetchPublicFile(url, { timeoutMs: this.settings.timeoutMs, maxBytes: MAX_MEDIA_BYTES }))
          .bytes;
        const facts = measureImage(bytes);
        image = facts ? { url, facts: { kind: 'image', ...facts } } : { url, error: notAnImage(bytes) };
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
      const located = await this.store.locate(practiceId, uploadId).catch((error: unknown) => {
        if (error instanceof NotFoundError)
          throw new InvalidInputError(`Image ${index + 1} (an upload) is missing; upload it again`, {
            field: `media.${index}.url`,
          });
        throw error;
      });
      if (isVideoType(located.mimeType)) return this.keepVideo(practiceId, uploadId, located.path, written, index);
      const upload = await this.store.read(practiceId, uploadId);
      const facts = measureImage(upload.bytes);
      if (!facts) throw unreadable(index, 'the upload');
      // An upload from before facts were kept gets its row now, so the sweep and the composer know it.
      await this.images.factsOf(practiceId, [uploadId]);
      return { ...written, ...plainFacts(facts), storedId: uploadId, sha256: sha256Of(upload.bytes) };
    }
    if (isVideoAddress(item.url))
      throw new InvalidInputError(`Item ${index + 1} (${item.url}): ${VIDEO_BY_ADDRESS}`, {
        field: `media.${index}.url`,
      });
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

  /** A stored video at submission: hashed again from the file (streamed) and measured again from its container. */
  private async keepVideo(
    practiceId: string,
    id: string,
    path: string,
    written: Pick<PostMedia, 'url' | 'altText'>,
    index: number,
  ): Promise<PostMedia> {
    const facts = await readVideoFacts(path);
    if (!facts)
      throw new InvalidInputError(`Video ${index + 1} (the upload) cannot be read any more; upload it again`, {
        field: `media.${index}.url`,
      });
    await this.images.factsOf(practiceId, [id]);
    return { ...written, ...plainFacts({ kind: 'video', ...facts }), storedId: id, sha256: await sha256OfFile(path) };
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

type FactsSource = Pick<ImageFacts, 'mimeType' | 'width' | 'height' | 'size'> & {
  kind?: 'image' | 'video';
  durationMs?: number | null;
  codec?: string | null;
  frameRate?: number | null;
};

/** The facts a post's media item carries (format as its MIME type, pixels and bytes; a video's length, codec, fps). */
function plainFacts(facts: FactsSource): Partial<PostMedia> {
  const plain = { mimeType: facts.mimeType, width: facts.width, height: facts.height, size: facts.size };
  if (facts.kind !== 'video') return plain;
  return {
    ...plain,
    durationMs: facts.durationMs ?? undefined,
    codec: facts.codec ?? undefined,
    frameRate: facts.frameRate ?? undefined,
  };
}

function factsOf(row: StoredImage): MediaFacts {
  const base = { mimeType: row.mimeType, width: row.width, height: row.height, size: row.size };
  if (row.kind === 'video')
    return {
      kind: 'video',
      format: row.format as VideoFacts['format'],
      ...base,
      mimeType: row.mimeType as VideoFacts['mimeType'],
      durationMs: row.durationMs ?? 0,
      codec: row.codec ?? '',
      frameRate: row.frameRate ?? 0,
    };
  return { kind: 'image', format: row.format as ImageFacts['format'], ...base };
}

/** What the composer and submission say of a video given by its address. */
const VIDEO_BY_ADDRESS =
  'a video is approved by its content, so it is uploaded rather than linked: upload the MP4 or MOV file instead of giving its address.';

function isVideoAddress(url: string): boolean {
  return VIDEO.test(safePath(url));
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
