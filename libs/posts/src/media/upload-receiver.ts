// Receives an uploaded file as it arrives: written to DATA_DIR/media/.incoming chunk by chunk while its SHA-256 is
// computed, so a 500 MB video costs a file and a hash, never 500 MB of memory. The first bytes say what it is (an
// image or an MP4/MOV video, by content, never by its name): anything else is refused before more is read, and so is
// a file past the limit for its kind (5 MB for an image, MEDIA_VIDEO_MAX_MB for a video).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InvalidInputError, TooLargeError } from '@app/core';
import { imageTypeOf, MAX_MEDIA_BYTES } from './media-store';
import { looksLikeVideo } from './video-facts';

export interface ReceivedFile {
  /** The file under the incoming folder; the caller moves it into the store or removes it. */
  path: string;
  kind: 'image' | 'video';
  size: number;
  sha256: string;
}

export interface UploadLimits {
  /** MEDIA_VIDEO_MAX_MB in bytes. */
  videoMaxBytes: number;
  imageMaxBytes?: number;
}

/** Bytes needed before we judge what a file is (a box header; an image signature needs 12). */
const HEAD_BYTES = 16;

export class UploadReceiver {
  constructor(
    private readonly incomingDir: string,
    private readonly limits: UploadLimits,
  ) {}

  /** The most any upload may be (the video limit, or the image one if larger): the transport's own cap. */
  get maxBytes(): number {
    return Math.max(this.limits.videoMaxBytes, this.imageMax);
  }

  private get imageMax(): number {
    return this.limits.imageMaxBytes ?? MAX_MEDIA_BYTES;
  }

  async receive(stream: Readable): Promise<ReceivedFile> {
    await mkdir(this.incomingDir, { recursive: true });
    const path = join(this.incomingDir, `${randomUUID()}.part`);
    const out = createWriteStream(path, { mode: 0o600 });
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let kind: ReceivedFile['kind'] | undefined;
    try {
      // Not destroyed on an early exit: the rest of the request is drained below, so the client gets our answer.
      for await (const data of stream.iterator({ destroyOnReturn: false })) {
        const chunk = data as Buffer;
        size += chunk.length;
        if (!kind) {
          head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES)]);
          if (head.length >= HEAD_BYTES) kind = this.kindOf(head);
        }
        const limit = kind === 'video' ? this.limits.videoMaxBytes : this.imageMax;
        if (kind && size > limit) throw this.tooLarge(kind, limit);
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      if (size === 0) throw new InvalidInputError('file is empty', { field: 'file' });
      kind ??= this.kindOf(head);
      out.end();
      await finished(out);
      return { path, kind, size, sha256: hash.digest('hex') };
    } catch (error) {
      stream.resume();
      // The file may still be opening: wait for the stream to close, or the unlink could come before the file.
      out.destroy();
      await finished(out).catch(() => undefined);
      await unlink(path).catch(() => undefined);
      throw error;
    }
  }

  private kindOf(head: Buffer): ReceivedFile['kind'] {
    if (imageTypeOf(head)) return 'image';
    if (looksLikeVideo(head)) return 'video';
    throw new InvalidInputError('file must be a JPEG, PNG, GIF or WebP image, or an MP4 or MOV video', {
      field: 'file',
    });
  }

  private tooLarge(kind: ReceivedFile['kind'], limit: number): TooLargeError {
    const mb = Math.round((limit / 1048576) * 10) / 10;
    return kind === 'video'
      ? new TooLargeError(
          `The video is larger than ${mb} MB, the most this planner takes (MEDIA_VIDEO_MAX_MB); shorten or compress it`,
          { field: 'file', limitBytes: limit },
        )
      : new TooLargeError(`The image is larger than ${mb} MB, the most an image may be; save it smaller`, {
          field: 'file',
          limitBytes: limit,
        });
  }
}
