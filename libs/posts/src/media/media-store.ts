// A post's images and videos, kept under DATA_DIR/media/<practiceId>/<id>.<ext>: uploads, and the copies of remote
// images made at submission (what a reviewer approves is these bytes). LinkedIn and X get the bytes; Instagram and
// Google fetch them through a signed, expiring link (public-media-links.ts), never by a path a caller chose.
// Videos are only ever streamed: written as they arrive (upload-receiver.ts), hashed and sent in chunks.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { imageSize } from 'image-size';
import { InvalidInputError, NotFoundError } from '@app/core';

export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

const SIGNATURES: Array<{ mimeType: string; ext: string; test: (b: Buffer) => boolean }> = [
  { mimeType: 'image/jpeg', ext: 'jpg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mimeType: 'image/png',
    ext: 'png',
    test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  { mimeType: 'image/gif', ext: 'gif', test: (b) => b.subarray(0, 4).toString('latin1') === 'GIF8' },
  {
    mimeType: 'image/webp',
    ext: 'webp',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  },
];

/** What the bytes of an image say about it: checked against each network's rules before submission. */
export interface ImageFacts {
  format: 'jpeg' | 'png' | 'gif' | 'webp';
  mimeType: string;
  /** In pixels, as the image is shown: a photo turned by its EXIF orientation (5-8) counts turned. */
  width: number;
  height: number;
  /** In bytes. */
  size: number;
}

export interface StoredMedia extends ImageFacts {
  id: string;
  /** Hex SHA-256 of the bytes: what an approval covers. */
  sha256: string;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The SHA-256 of a file, read as a stream (a video is never read whole into memory). */
export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The video containers the store keeps, by file extension. */
const VIDEO_TYPES: Record<string, string> = { mp4: 'video/mp4', mov: 'video/quicktime' };

/** Whether a stored file's MIME type is a video's. */
export function isVideoType(mimeType: string | undefined): boolean {
  return !!mimeType && mimeType.startsWith('video/');
}

/** Where a stored file is, for the callers that stream it (videos, and the files the networks download). */
export interface LocatedMedia {
  path: string;
  mimeType: string;
  ext: string;
  size: number;
}

/** The image type of these bytes (by content, never by a name or a header), or undefined. */
export function imageTypeOf(bytes: Buffer): { mimeType: string; ext: string } | undefined {
  const kind = SIGNATURES.find((s) => s.test(bytes));
  return kind && { mimeType: kind.mimeType, ext: kind.ext };
}

const FORMATS: Record<string, ImageFacts['format']> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * The facts of an image we accept, read from its header with image-size; undefined when the bytes are not a
 * JPEG, PNG, GIF or WebP, or are one whose size cannot be read (a damaged or truncated file the networks refuse).
 */
export function measureImage(bytes: Buffer): ImageFacts | undefined {
  const kind = imageTypeOf(bytes);
  if (!kind) return undefined;
  let size: { width?: number; height?: number; orientation?: number };
  try {
    size = imageSize(bytes);
  } catch {
    return undefined;
  }
  if (!size.width || !size.height) return undefined;
  // EXIF orientations 5-8 turn the picture a quarter: a phone's portrait photo is often stored landscape.
  const turned = (size.orientation ?? 1) >= 5;
  return {
    format: FORMATS[kind.mimeType],
    mimeType: kind.mimeType,
    width: turned ? size.height : size.width,
    height: turned ? size.width : size.height,
    size: bytes.length,
  };
}

/** The file extension the store gives an image or video of this type. */
export function extensionOf(mimeType: string): string {
  return (
    SIGNATURES.find((s) => s.mimeType === mimeType)?.ext ??
    Object.entries(VIDEO_TYPES).find(([, type]) => type === mimeType)?.[0] ??
    'bin'
  );
}

function mimeTypeOfExtension(ext: string): string | undefined {
  return SIGNATURES.find((s) => s.ext === ext)?.mimeType ?? VIDEO_TYPES[ext];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class MediaStore {
  constructor(private readonly dataDir: string) {}

  /** Checks the bytes are an image we accept (by content, not by the name given) and stores them. */
  async save(practiceId: string, bytes: Buffer): Promise<StoredMedia> {
    if (bytes.length === 0) throw new InvalidInputError('file is empty');
    if (bytes.length > MAX_MEDIA_BYTES)
      throw new InvalidInputError(`The image is ${(bytes.length / 1048576).toFixed(1)} MB; the limit is 5 MB`);
    const kind = SIGNATURES.find((s) => s.test(bytes));
    if (!kind) throw new InvalidInputError('file must be a JPEG, PNG, GIF or WebP image');
    const facts = measureImage(bytes);
    if (!facts)
      throw new InvalidInputError(
        `The file starts like a ${kind.ext.toUpperCase()} image but its size in pixels cannot be read: it may be damaged or cut short. Save it again and upload it.`,
      );
    const id = randomUUID();
    await mkdir(this.dir(practiceId), { recursive: true });
    await writeFile(join(this.dir(practiceId), `${id}.${kind.ext}`), bytes, { mode: 0o600 });
    return { id, ...facts, sha256: sha256Of(bytes) };
  }

  /** Removes an image's file (the media sweep, once nothing names it); no file is not an error. */
  async remove(practiceId: string, id: string): Promise<boolean> {
    if (!UUID.test(id)) return false;
    const names = await readdir(this.dir(practiceId)).catch(() => [] as string[]);
    const file = names.find((name) => name.startsWith(`${id}.`));
    if (!file) return false;
    await unlink(join(this.dir(practiceId), file));
    return true;
  }

  /** The practices with a media folder, and the images in one (id and when the file was written). */
  async practiceIds(): Promise<string[]> {
    const names = await readdir(join(this.dataDir, 'media')).catch(() => [] as string[]);
    return names.filter((name) => UUID.test(name));
  }

  async list(practiceId: string): Promise<Array<{ id: string; writtenAt: Date }>> {
    const names = await readdir(this.dir(practiceId)).catch(() => [] as string[]);
    const found: Array<{ id: string; writtenAt: Date }> = [];
    for (const name of names) {
      const id = name.split('.')[0];
      if (!UUID.test(id)) continue;
      const info = await stat(join(this.dir(practiceId), name)).catch(() => null);
      if (info) found.push({ id, writtenAt: info.mtime });
    }
    return found;
  }

  /** An image's bytes. A video is never read whole: see locate. */
  async read(practiceId: string, id: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const file = await this.locate(practiceId, id);
    if (isVideoType(file.mimeType)) throw new InvalidInputError(`${id} is a video: it is streamed, never read whole`);
    return { bytes: await readFile(file.path), mimeType: file.mimeType };
  }

  /** Where an image or video is, its type and size. */
  async locate(practiceId: string, id: string): Promise<LocatedMedia> {
    // Only a UUID names a file: nothing a caller sends can walk out of the practice's folder.
    if (!UUID.test(id)) throw new NotFoundError('Media', id);
    const file = (await readdir(this.dir(practiceId)).catch(() => [] as string[])).find((name) =>
      name.startsWith(`${id}.`),
    );
    const ext = file?.slice(id.length + 1) ?? '';
    const mimeType = mimeTypeOfExtension(ext);
    if (!file || !mimeType) throw new NotFoundError('Media', id);
    const path = join(this.dir(practiceId), file);
    return { path, mimeType, ext, size: (await stat(path)).size };
  }

  /** Where uploads are written while they arrive (outside every practice's folder: the sweep never sees them). */
  incomingDir(): string {
    return join(this.dataDir, 'media', '.incoming');
  }

  /** Moves a received video (already checked, hashed and measured) into the practice's folder; its new id. */
  async adoptVideo(practiceId: string, receivedPath: string, format: 'mp4' | 'mov'): Promise<string> {
    const id = randomUUID();
    await mkdir(this.dir(practiceId), { recursive: true });
    const path = join(this.dir(practiceId), `${id}.${format}`);
    await rename(receivedPath, path);
    await chmod(path, 0o600);
    return id;
  }

  private dir(practiceId: string): string {
    if (!UUID.test(practiceId)) throw new InvalidInputError('bad practice id');
    return join(this.dataDir, 'media', practiceId);
  }
}

/** The id in an uploaded image's app URL (/api/media/<id>), or null for an external URL. */
export function uploadIdOf(url: string): string | null {
  return /^\/api\/media\/([0-9a-f-]{36})$/.exec(url)?.[1] ?? null;
}
