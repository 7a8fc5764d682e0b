import { Column, Entity, Index } from 'typeorm';
import { INSTANT, PracticeOwnedEntity } from '@app/core';

/** How an image came into the media store: an upload, or the copy of a remote image made at submission. */
export type StoredImageSource = 'upload' | 'copy';

/**
 * One image or video in the media store (DATA_DIR/media/<practiceId>/<id>.<ext>; the row's id is the file's) with what
 * was read from its bytes when it came in: the format, the size in pixels as it is shown (a phone photo turned by
 * its EXIF orientation counts as it is displayed) and in bytes. The networks' image rules are checked against
 * these facts before submission instead of failing at publish time.
 */
@Entity('stored_images')
@Index('ix_stored_images_practice_unreferenced', ['practiceId', 'unreferencedSince'])
export class StoredImage extends PracticeOwnedEntity {
  /** An image, or a video (its facts read from its container: see video-facts.ts). */
  @Column({ type: 'varchar', length: 10, default: 'image' })
  kind: 'image' | 'video';

  /** jpeg, png, gif or webp; mp4 or mov for a video: read from the bytes, never from a name. */
  @Column({ type: 'varchar', length: 10 })
  format: 'jpeg' | 'png' | 'gif' | 'webp' | 'mp4' | 'mov';

  @Column({ type: 'varchar', length: 40 })
  mimeType: string;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  /** In bytes. */
  @Column({ type: 'int' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  /** A video's length, codec (h264, hevc...) and frames per second; null for an image. */
  @Column({ type: 'int', nullable: true })
  durationMs: number | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  codec: string | null;

  @Column({ type: 'float', nullable: true })
  frameRate: number | null;

  @Column({ type: 'varchar', length: 10 })
  source: StoredImageSource;

  /**
   * Since when no post, draft or template names this image (null: one does). A new image starts unreferenced; a
   * post that names it clears this in its own transaction, and the media sweep sets it when it finds the image
   * named nowhere. The sweep deletes the image once this is older than MEDIA_RETENTION_DAYS.
   */
  @Column({ type: INSTANT, nullable: true })
  unreferencedSince: Date | null;
}
