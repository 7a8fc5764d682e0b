import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';

export const DECISIONS = ['approved', 'changes_requested', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

/** A warn finding the reviewer accepted, with why. */
export interface WarnOverride {
  rule: string;
  network: string;
  start: number;
  end: number;
  text: string;
  justification: string;
}

/** A reviewer's decision on one version of a post. An approval covers exact content hashes. */
@Entity('reviews')
@Index('ix_reviews_post', ['practiceId', 'postId'])
export class Review extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  postId: string;

  @Column({ type: 'varchar', length: 36 })
  reviewerId: string;

  @Column({ type: 'varchar', length: 20 })
  decision: Decision;

  /** Required for changes_requested (what to change) and rejected (why). */
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'int' })
  postVersion: number;

  /** The combined hash the reviewer saw (approvals only). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash: string | null;

  /** accountId -> rendered-content hash, for each target the approval covers. */
  @Column({ type: JSON_COLUMN })
  targetHashes: Record<string, string>;

  @Column({ type: JSON_COLUMN })
  overrides: WarnOverride[];

  /** Patient authorizations this approval relies on (HIPAA 164.508). */
  @Column({ type: JSON_COLUMN })
  authorizationIds: string[];

  /** Set when a later edit or reschedule made this approval no longer apply. */
  @Column({ type: INSTANT, nullable: true })
  voidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  voidReason: string | null;
}
