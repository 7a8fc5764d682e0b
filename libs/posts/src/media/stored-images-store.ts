// The stored_images rows: each stored image's or video's facts (format, pixels, bytes; a video's length, codec and
// frame rate) and whether a post still names it; and what of the post tables says who names an image (the media
// sweep's reads) or may fetch it (a signed media link's target and post).
// Posts name images in their media JSON, so a post that names one clears its unreferencedSince in the post's own
// transaction; the media sweep (media-sweep.ts) is the only code that deletes rows and files.
import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { Clock } from '@app/core';
import { Post, PostMedia } from '../entities/post.entity';
import { PostTarget, TargetStatus } from '../entities/post-target.entity';
import { PracticeTemplate } from '../entities/practice-template.entity';
import { StoredImage, StoredImageSource } from '../entities/stored-image.entity';
import { isVideoType, measureImage, MediaStore, sha256Of, sha256OfFile, type StoredMedia } from './media-store';
import { readVideoFacts, type VideoFacts } from './video-facts';

const IN_FLIGHT: ReadonlyArray<TargetStatus> = ['scheduled', 'publishing'];

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
    const repo = this.repo();
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
    const repo = this.repo();
    return repo.save(repo.create({ practiceId, ...videoRow(video), source, unreferencedSince: this.clock.now() }));
  }

  /**
   * The facts of these stored images, by id. An image stored before facts were kept has a file and no row: it is
   * measured and recorded now (from its bytes, like any other). An id with neither is left out.
   */
  async factsOf(practiceId: string, ids: readonly string[]): Promise<Map<string, StoredImage>> {
    const wanted = [...new Set(ids)];
    const rows = wanted.length ? await this.repo().findBy({ practiceId, id: In(wanted) }) : [];
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
    const repo = this.repo();
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
   * A post now names these images, so none of them is unreferenced (in the post's transaction: a sweep that deletes
   * one at the same moment either waits for this row lock or finds the image named, see MediaSweep).
   */
  async markNamed(practiceId: string, ids: readonly string[], tx?: EntityManager): Promise<void> {
    const named = [...new Set(ids)];
    if (!named.length) return;
    await this.repo(tx).update({ practiceId, id: In(named) }, { unreferencedSince: null });
  }

  /** Nothing names these images any more: unreferenced from `at` on, unless a post named one since it was read. */
  async markUnreferenced(practiceId: string, ids: readonly string[], at: Date): Promise<void> {
    await this.repo().update({ practiceId, id: In([...ids]), unreferencedSince: IsNull() }, { unreferencedSince: at });
  }

  /** The practice's rows. */
  allOf(practiceId: string): Promise<StoredImage[]> {
    return this.repo().findBy({ practiceId });
  }

  /** The ids of the practice's rows. */
  async idsOf(practiceId: string): Promise<string[]> {
    return (await this.repo().find({ select: { id: true }, where: { practiceId } })).map((r) => r.id);
  }

  /** Every practice that has rows (the sweep also visits those with files only). */
  async practiceIdsWithRows(): Promise<string[]> {
    const rows = await this.repo()
      .createQueryBuilder('i')
      .select('DISTINCT i.practiceId', 'practiceId')
      .getRawMany<{ practiceId: string }>();
    return rows.map((r) => r.practiceId);
  }

  /**
   * Deletes the row if it is still unnamed since `cutoff` or before (a post that named it meanwhile cleared
   * unreferencedSince; on PostgreSQL this waits for that row lock). False when it was kept.
   */
  async deleteUnnamedSince(practiceId: string, id: string, cutoff: Date, tx: EntityManager): Promise<boolean> {
    const result = await this.repo(tx).delete({ practiceId, id, unreferencedSince: LessThanOrEqual(cutoff) });
    return !!result.affected;
  }

  /** The media of every post and draft (not deleted) of the practice. */
  postMedia(practiceId: string): Promise<Array<Pick<Post, 'id' | 'media'>>> {
    return this.dataSource.getRepository(Post).find({ select: { id: true, media: true }, where: { practiceId } });
  }

  /** The media of these posts, deleted ones included. */
  postMediaWithDeleted(practiceId: string, postIds: string[]): Promise<Array<Pick<Post, 'id' | 'media'>>> {
    return this.dataSource
      .getRepository(Post)
      .find({ select: { id: true, media: true }, where: { practiceId, id: In(postIds) }, withDeleted: true });
  }

  /** The media a post names now (null: no such post in the practice, or deleted). */
  async mediaOfPost(practiceId: string, postId: string): Promise<PostMedia[] | null> {
    return (await this.dataSource.getRepository(Post).findOneBy({ practiceId, id: postId }))?.media ?? null;
  }

  /** The definitions of the practice's templates (an image id may be written into one). */
  templateDefinitions(practiceId: string): Promise<Array<Pick<PracticeTemplate, 'id' | 'definition'>>> {
    return this.dataSource
      .getRepository(PracticeTemplate)
      .find({ select: { id: true, definition: true }, where: { practiceId } });
  }

  /**
   * The posts (deleted ones too) with a target scheduled, being published, or published since `publishedSince` (or
   * with no publish time recorded, which counts as just published).
   */
  async postIdsInFlight(practiceId: string, publishedSince: Date): Promise<string[]> {
    const targets = await this.dataSource.getRepository(PostTarget).find({
      select: { id: true, postId: true },
      where: [
        { practiceId, status: In([...IN_FLIGHT]) },
        { practiceId, status: 'published', publishedAt: MoreThanOrEqual(publishedSince) },
        { practiceId, status: 'published', publishedAt: IsNull() },
      ],
    });
    return [...new Set(targets.map((t) => t.postId))];
  }

  /**
   * A target of any practice, if its status is one of `statuses`: a signed media link names only the target (the
   * signature is its scope), and the practice follows from the row.
   */
  targetIn(targetId: string, statuses: readonly TargetStatus[]): Promise<PostTarget | null> {
    return this.dataSource.getRepository(PostTarget).findOneBy({ id: targetId, status: In([...statuses]) });
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(StoredImage);
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
