import { type Network } from '@app/publishing';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { INSTANT, PracticeOwnedEntity } from '@app/core';
import { Post } from './post.entity';

export const TARGET_STATUSES = ['pending', 'scheduled', 'publishing', 'published', 'failed', 'cancelled'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * How a post's targets are listed everywhere. The targets of one post are usually written in one transaction
 * and share createdAt, so network and account break the tie (otherwise the order differs between reads).
 */
export const TARGET_ORDER = { createdAt: 'ASC', network: 'ASC', accountId: 'ASC' } as const;

/** TARGET_ORDER in memory, for targets that have not been read back. */
export function compareTargets(
  a: Pick<PostTarget, 'createdAt' | 'network' | 'accountId'>,
  b: Pick<PostTarget, 'createdAt' | 'network' | 'accountId'>,
): number {
  return (
    (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) ||
    a.network.localeCompare(b.network) ||
    a.accountId.localeCompare(b.accountId)
  );
}

/** One post going to one social account: the unit the scheduler claims and publishes exactly once. */
@Entity('post_targets')
@Index('ix_targets_account', ['practiceId', 'accountId'])
@Index('ix_targets_status_due', ['status', 'dueAt'])
@Index('ux_targets_post_account', ['postId', 'accountId'], { unique: true })
export class PostTarget extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  postId: string;

  @ManyToOne(() => Post, (post) => post.targets, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'postId' })
  post?: Post;

  @Column({ type: 'varchar', length: 36 })
  accountId: string;

  @Column({ type: 'varchar', length: 16 })
  network: Network;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: TargetStatus;

  /** When it should go out (copied from the post when scheduled). */
  @Column({ type: INSTANT, nullable: true })
  dueAt: Date | null;

  /** SHA-256 of the rendered content the approval covers for this target. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  approvedHash: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  url: string | null;

  @Column({ type: INSTANT, nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 40, nullable: true })
  lastErrorKind: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: INSTANT, nullable: true })
  nextAttemptAt: Date | null;

  /** Exactly-once claim: who holds it and until when. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  claimedBy: string | null;

  @Column({ type: INSTANT, nullable: true })
  leaseUntil: Date | null;
}
