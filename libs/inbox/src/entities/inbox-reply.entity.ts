import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import type { InboxNetwork } from '../networks';
import type { ReplyFinding } from '../replies/reply-check';
import type { ReplyStatus } from '../replies/reply-states';

/**
 * The practice's answer to one comment, review or mention: written in the inbox, approved for its exact
 * text (or sent by a trusted person when the checker found nothing), then sent once by a worker.
 */
@Entity('inbox_replies')
@Index('ix_inbox_replies_comment', ['practiceId', 'commentId'])
@Index('ix_inbox_replies_due', ['status', 'nextAttemptAt'])
export class InboxReply extends PracticeOwnedEntity {
  /** The inbox comment it answers. */
  @Column({ type: 'varchar', length: 36 })
  commentId: string;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  network: InboxNetwork;

  @Column({ type: 'text' })
  text: string;

  /** sha256 of the text: what an approval covers. */
  @Column({ type: 'varchar', length: 64 })
  textHash: string;

  @Column({ type: 'varchar', length: 20 })
  status: ReplyStatus;

  /** The PHI checker's verdict in reply mode when the text was last written. */
  @Column({ type: 'varchar', length: 8 })
  verdict: 'pass' | 'warn' | 'block';

  @Column({ type: JSON_COLUMN })
  findings: ReplyFinding[];

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  /** Everyone who wrote or edited this text: none of them may approve it. */
  @Column({ type: JSON_COLUMN })
  contributorIds: string[];

  /** The hash the approval covers; null until approved, cleared by any edit. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  approvedHash: string | null;

  /** The reviewer, or null when a trusted sender's clean reply needed none. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  approvedById: string | null;

  @Column({ type: INSTANT, nullable: true })
  approvedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  /** Sending: the worker's claim, its lease, attempts so far and when to try next. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  claimToken: string | null;

  @Column({ type: INSTANT, nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: INSTANT, nullable: true })
  nextAttemptAt: Date | null;

  /** The network's id of the reply once it exists (stored the moment it is known). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: INSTANT, nullable: true })
  sentAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;
}
