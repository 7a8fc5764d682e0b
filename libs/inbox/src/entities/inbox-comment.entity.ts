import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import type { TriageFinding, TriageLabel } from '../triage/types';
import type { InboxItemKind, InboxNetwork, InboxSourceKind, InboxStatus } from '../networks';

/**
 * One comment, reply, mention or review from a network, stored once per practice (the network's id is
 * the key, so a webhook delivery and a later poll of the same comment are one row).
 */
@Entity('inbox_comments')
@Index('ux_inbox_comments_network_id', ['practiceId', 'network', 'externalId'], { unique: true })
@Index('ix_inbox_comments_queue', ['practiceId', 'status', 'urgent', 'writtenAt'])
@Index('ix_inbox_comments_thread', ['practiceId', 'threadExternalId'])
export class InboxComment extends PracticeOwnedEntity {
  /** The social account (Page, organization, X account) it was written to. */
  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  network: InboxNetwork;

  @Column({ type: 'varchar', length: 200 })
  externalId: string;

  @Column({ type: 'varchar', length: 12 })
  kind: InboxItemKind;

  /** The comment this one answers (null for a top-level comment or a mention). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  parentExternalId: string | null;

  /** The top-level comment of its thread (itself when top-level): the inbox groups by it. */
  @Column({ type: 'varchar', length: 200 })
  threadExternalId: string;

  /** The network post it was written under, when there is one. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  postExternalId: string | null;

  /** Our post and target, when the network post is one we published. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  postId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  authorExternalId: string | null;

  @Column({ type: 'varchar', length: 200 })
  authorName: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  authorHandle: string | null;

  /** Written by the practice's own account (our replies, seen again when polling). */
  @Column({ type: 'boolean', default: false })
  fromPractice: boolean;

  @Column({ type: 'text' })
  text: string;

  /** When the person wrote it, by the network's clock. */
  @Column({ type: INSTANT })
  writtenAt: Date;

  @Column({ type: 'varchar', length: 10 })
  source: InboxSourceKind;

  @Column({ type: JSON_COLUMN })
  labels: TriageLabel[];

  @Column({ type: JSON_COLUMN })
  findings: TriageFinding[];

  /** Copied out of labels so "urgent first" is an index, not a JSON scan. */
  @Column({ type: 'boolean', default: false })
  urgent: boolean;

  @Column({ type: 'varchar', length: 12, default: 'open' })
  status: InboxStatus;

  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  /** The writer deleted it on the network: kept for the audit trail, shown as removed. */
  @Column({ type: INSTANT, nullable: true })
  removedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  assigneeId: string | null;

  @Column({ type: INSTANT, nullable: true })
  handledAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  handledById: string | null;
}
