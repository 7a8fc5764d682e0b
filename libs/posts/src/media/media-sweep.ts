// Deletes stored images and videos nothing names any more: an upload never used, the copy of a post deleted or whose image
// was replaced. An image is kept while any post or draft (not deleted) or practice template names it, and for
// MEDIA_RETENTION_DAYS after the last one stopped; never while a target of a post naming it is scheduled, being
// published, or was published within the read-back window (Instagram and Google may still fetch it, and a
// read-back compares against it), even if that post was deleted meanwhile. Each deletion is audited.
import { DataSource } from 'typeorm';
import { Clock, inTransaction } from '@app/core';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { StoredImage } from '../entities/stored-image.entity';
import { MediaStore } from './media-store';
import { namedImageIds } from './post-images';
import { StoredImages } from './stored-images-store';

/** How far back a retry or lease takeover reads a network's posts (the publisher's read-back window). */
export const READ_BACK_WINDOW_MS = 6 * 3600_000;

export interface MediaSweepSettings {
  /** MEDIA_RETENTION_DAYS in milliseconds: how long an image may go unnamed before it is deleted. */
  retentionMs: number;
  readBackWindowMs?: number;
}

export interface MediaSweepReport {
  practices: number;
  /** Images found named again (their unreferencedSince cleared). */
  named: number;
  /** Images found unnamed for the first time (their unreferencedSince set to now). */
  unreferenced: number;
  /** Files from before facts were kept, now recorded (their grace period starts now). */
  recorded: number;
  deleted: number;
}

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export class MediaSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: MediaStore,
    private readonly images: StoredImages,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly settings: MediaSweepSettings,
  ) {}

  /** One pass over every practice with stored images (or only one practice's). */
  async sweep(onlyPracticeId?: string): Promise<MediaSweepReport> {
    const report: MediaSweepReport = { practices: 0, named: 0, unreferenced: 0, recorded: 0, deleted: 0 };
    const withRows = await this.images.practiceIdsWithRows();
    const practices = new Set([...(await this.store.practiceIds()), ...withRows]);
    for (const practiceId of practices) {
      if (onlyPracticeId && practiceId !== onlyPracticeId) continue;
      report.practices++;
      await this.sweepPractice(practiceId, report);
    }
    return report;
  }

  private async sweepPractice(practiceId: string, report: MediaSweepReport): Promise<void> {
    const now = this.clock.now();
    // A file stored before facts were kept gets its row, and with it a full grace period from now.
    const rowIds = new Set(await this.images.idsOf(practiceId));
    for (const file of await this.store.list(practiceId)) {
      if (rowIds.has(file.id)) continue;
      if (await this.images.recordExisting(practiceId, file.id)) report.recorded++;
    }
    const keep = new Set([...(await this.namedIds(practiceId)), ...(await this.inFlightIds(practiceId, now))]);
    const rows = await this.images.allOf(practiceId);
    const named = rows.filter((r) => keep.has(r.id) && r.unreferencedSince !== null).map((r) => r.id);
    const unnamed = rows.filter((r) => !keep.has(r.id) && r.unreferencedSince === null).map((r) => r.id);
    if (named.length) await this.images.markNamed(practiceId, named);
    // Only a row still unnamed at this moment is marked (a post may have named it since it was read).
    if (unnamed.length) await this.images.markUnreferenced(practiceId, unnamed, now);
    report.named += named.length;
    report.unreferenced += unnamed.length;
    const cutoff = new Date(now.getTime() - this.settings.retentionMs);
    for (const row of rows) {
      if (keep.has(row.id) || !row.unreferencedSince || row.unreferencedSince > cutoff) continue;
      if (await this.deleteOne(row, cutoff)) report.deleted++;
    }
  }

  /** The images every post and draft (not deleted) and every practice template of the practice names. */
  private async namedIds(practiceId: string): Promise<Set<string>> {
    const posts = await this.images.postMedia(practiceId);
    const ids = new Set(posts.flatMap((p) => namedImageIds(p.media ?? [])));
    // Templates carry no images today; any image id written into one (an uploaded image's address) still counts.
    const templates = await this.images.templateDefinitions(practiceId);
    for (const t of templates) for (const id of JSON.stringify(t.definition).match(UUIDS) ?? []) ids.add(id);
    return ids;
  }

  /**
   * The images of posts with a target scheduled, being published, or published within the read-back window,
   * deleted posts included: whatever the post rows say now, those bytes may still be sent, fetched or compared.
   */
  private async inFlightIds(practiceId: string, now: Date): Promise<string[]> {
    const since = new Date(now.getTime() - (this.settings.readBackWindowMs ?? READ_BACK_WINDOW_MS));
    const postIds = await this.images.postIdsInFlight(practiceId, since);
    if (!postIds.length) return [];
    const posts = await this.images.postMediaWithDeleted(practiceId, postIds);
    return posts.flatMap((p) => namedImageIds(p.media ?? []));
  }

  /**
   * Deletes the row only if it is still unnamed since before the cutoff (a post that named it meanwhile cleared
   * unreferencedSince in its own transaction, and on PostgreSQL this waits for that row lock), audits it in the
   * same transaction, then removes the file. Were the process to stop between the two, the next sweep finds the
   * file without a row and gives it a new grace period.
   */
  private async deleteOne(row: StoredImage, cutoff: Date): Promise<boolean> {
    const deleted = await inTransaction(this.dataSource, async (tx) => {
      if (!(await this.images.deleteUnnamedSince(row.practiceId, row.id, cutoff, tx))) return false;
      await this.audit.record(tx, row.practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'media.deleted',
        entityType: row.kind === 'video' ? 'video' : 'image',
        entityId: row.id,
        details: {
          reason: 'not used by any post, draft or template',
          unreferencedSince: row.unreferencedSince!.toISOString(),
          retentionDays: Math.round(this.settings.retentionMs / 86_400_000),
          source: row.source,
          format: row.format,
          width: row.width,
          height: row.height,
          size: row.size,
          sha256: row.sha256,
          ...(row.kind === 'video' ? { durationMs: row.durationMs, codec: row.codec } : {}),
        },
      });
      return true;
    });
    if (deleted) await this.store.remove(row.practiceId, row.id);
    return deleted;
  }
}
