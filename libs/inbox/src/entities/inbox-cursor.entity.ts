import { Column, Entity, Index } from 'typeorm';
import { INSTANT, PracticeOwnedEntity } from '@app/core';

/**
 * Where polling stopped for one account and one scope (a Facebook post's comments, X mentions, a
 * LinkedIn post's comments), so the next poll, or the catch-up after downtime, starts there.
 */
@Entity('inbox_cursors')
@Index('ux_inbox_cursors_scope', ['accountId', 'scope'], { unique: true })
export class InboxCursor extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  /** e.g. "comments:<post id>" or "mentions". */
  @Column({ type: 'varchar', length: 220 })
  scope: string;

  /** The network's cursor: an "after" cursor, a since_id, a time. Opaque to everything but the source. */
  @Column({ type: 'text', nullable: true })
  cursor: string | null;

  @Column({ type: INSTANT, nullable: true })
  polledAt: Date | null;
}
