// The stored_images rows: each stored image's or video's facts (format, pixels, bytes; a video's length, codec and
// frame rate) and whether a post still names it.
// Posts name images in their media JSON, so a post that names one clears its unreferencedSince in the post's own
// transaction; the media sweep (media-sweep.ts) is the only code that deletes rows and files.
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '@app/core';
import { StoredImage, StoredImageSource } from '../entities/stored-image.entity';
import { isVideoType, measureImage, MediaStore, sha256Of, sha256OfFile, type StoredMedia } from './media-store';
import { readVideoFacts, type VideoFacts } from './video-facts';

/** A video in the store: its facts and hash. */
export interface StoredVideo extends VideoFacts {
  id: string;
  sha256: string;
}

export class StoredImages {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MediaStore,
    private readonly clock: Clock,
  ) {}

  /** Records an image just written to the store. It counts as unreferenced until a post names it. */
  async record(practiceId: string, stored: StoredMedia, source: StoredImageSource): Promise<StoredImage> {
    const repo = this.dataSource.getRepository(StoredImage);
    return repo.save(
      repo.create({
        id: stored.id,
        practiceId,
        kind: 'image',
        format: stored.format,
        mimeType: stored.mimeType,
        width: stored.width,
        height: stored.height,
        size: stored.size,
        sha256: stored.sha256,
        source,
        unreferencedSince: this.clock.now(),
      }),
    );
  }

  /** Records a video just moved into the store. Like an image, it counts as unreferenced until a post names it. */
  async recordVideo(practiceId: string, video: StoredVideo, source: StoredImageSource): Promise<StoredImage> {
    const repo = this.dataSource.getRepository(StoredImage);
    return repo.save(repo.create({ practiceId, ...videoRow(video), source, unreferencedSince: this.clock.now() }));
  }

  /**
   * The facts of these stored images, by id. An image stored before facts were kept has a file and no row: it is
   * measured and recorded now (from its bytes, like any other). An id with neither is left out.
   */
  async factsOf(practiceId: string, ids: readonly string[]): Promise<Map<string, StoredImage>> {
    const wanted = [...new Set(ids)];
    const rows = wanted.length
      ? await this.dataSource.getRepository(StoredImage).findBy({ practiceId, id: In(wanted) })
      : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of wanted.filter((id) => !found.has(id))) {
      const row = await this.recordExisting(practiceId, id);
      if (row) found.set(id, row);
    }
    return found;
  }

  /** A file already in the store without a row (stored before facts were kept): its row, from its bytes. */
  async recordExisting(
    practiceId: string,
    id: string,
    source: StoredImageSource = 'upload',
  ): Promise<StoredImage | null> {
    const located = await this.store.locate(practiceId, id).catch(() => null);
    if (!located) return null;
    let values: Partial<StoredImage>;
    if (isVideoType(located.mimeType)) {
      const facts = await readVideoFacts(located.path);
      if (!facts) return null;
      values = videoRow({ id, ...facts, sha256: await sha256OfFile(located.path) });
    } else {
      const file = await this.store.read(practiceId, id).catch(() => null);
      const facts = file && measureImage(file.bytes);
      if (!file || !facts) return null;
      values = { id, kind: 'image', ...facts, sha256: sha256Of(file.bytes) };
    }
    const repo = this.dataSource.getRepository(StoredImage);
    // Another request may record the same file at the same moment: the first row stands.
    await repo
      .createQueryBuilder()
      .insert()
      .values({ ...values, practiceId, source, unreferencedSince: this.clock.now() })
      .orIgnore()
      .execute();
    return repo.findOneBy({ practiceId, id });
  }

  /**
   * In the caller's transaction: a post now names these images, so none of them is unreferenced. A sweep that
   * deletes one at the same moment either waits for this row lock or finds the image named (see MediaSweep).
   */
  async markNamed(tx: EntityManager, practiceId: string, ids: readonly string[]): Promise<void> {
    const named = [...new Set(ids)];
    if (!named.length) return;
    await tx.getRepository(StoredImage).update({ practiceId, id: In(named) }, { unreferencedSince: null });
  }
}

function videoRow(video: StoredVideo): Partial<StoredImage> {
  return {
    id: video.id,
    kind: 'video',
    format: video.format,
    mimeType: video.mimeType,
    width: video.width,
    height: video.height,
    size: video.size,
    sha256: video.sha256,
    durationMs: video.durationMs,
    codec: video.codec,
    frameRate: video.frameRate,
  };
}
