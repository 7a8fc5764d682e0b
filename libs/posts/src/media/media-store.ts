// A post's images, kept under DATA_DIR/media/<practiceId>/<id>.<ext>: uploads, and the copies of remote images
// made at submission (what a reviewer approves is these bytes). LinkedIn and X get the bytes; Instagram and
// Google fetch them through a signed, expiring link (public-media-links.ts), never by a path a caller chose.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

export interface StoredMedia {
  id: string;
  mimeType: string;
  size: number;
  /** Hex SHA-256 of the bytes: what an approval covers. */
  sha256: string;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The image type of these bytes (by content, never by a name or a header), or undefined. */
export function imageTypeOf(bytes: Buffer): { mimeType: string; ext: string } | undefined {
  const kind = SIGNATURES.find((s) => s.test(bytes));
  return kind && { mimeType: kind.mimeType, ext: kind.ext };
}

/** The file extension the store gives an image of this type. */
export function extensionOf(mimeType: string): string {
  return SIGNATURES.find((s) => s.mimeType === mimeType)?.ext ?? 'bin';
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
    const id = randomUUID();
    await mkdir(this.dir(practiceId), { recursive: true });
    await writeFile(join(this.dir(practiceId), `${id}.${kind.ext}`), bytes, { mode: 0o600 });
    return { id, mimeType: kind.mimeType, size: bytes.length, sha256: sha256Of(bytes) };
  }

  async read(practiceId: string, id: string): Promise<{ bytes: Buffer; mimeType: string }> {
    // Only a UUID names a file: nothing a caller sends can walk out of the practice's folder.
    if (!UUID.test(id)) throw new NotFoundError('Image', id);
    const file = (await readdir(this.dir(practiceId)).catch(() => [] as string[])).find((name) =>
      name.startsWith(`${id}.`),
    );
    if (!file) throw new NotFoundError('Image', id);
    const ext = file.slice(id.length + 1);
    return {
      bytes: await readFile(join(this.dir(practiceId), file)),
      mimeType: SIGNATURES.find((s) => s.ext === ext)!.mimeType,
    };
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
