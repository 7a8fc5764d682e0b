import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import { Practice } from './practice.entity';
import { Role, User } from './user.entity';

/**
 * One person's place in one practice: their roles there, whether they may still act there, and a pending
 * invitation. A person (an agency's marketer, a group's manager) can hold memberships in several practices;
 * every request acts in exactly one of them (the session's active practice).
 */
@Entity('memberships')
@Index('ux_memberships_user_practice', ['userId', 'practiceId'], { unique: true })
@Index('ix_memberships_practice', ['practiceId'])
export class Membership extends PracticeOwnedEntity {
  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practiceId' })
  practice?: Practice;

  @Column({ type: 'varchar', length: 36 })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'userId' })
  user?: User;

  /** Roles in this practice only: an admin here may be an author elsewhere. */
  @Column({ type: JSON_COLUMN })
  roles: Role[];

  /** false: deactivated in this practice (their other practices are unaffected). */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** When the person joined; null while the invitation waits for them to accept it. */
  @Column({ type: INSTANT, nullable: true })
  acceptedAt: Date | null;

  /**
   * The name the inviting admin typed. Until the person accepts, the practice sees this and never the
   * account's own name, so inviting an address tells nothing about whether it already has an account.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  invitedName: string | null;

  /** SHA-256 of a pending invitation token (the token itself is only ever shown once). */
  @Index('ux_memberships_invite_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  inviteTokenHash: string | null;

  @Column({ type: INSTANT, nullable: true })
  inviteExpiresAt: Date | null;

  /** SHA-256 of the secret in this person's calendar feed address for this practice (null: no feed). */
  @Index('ux_memberships_feed_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  calendarFeedTokenHash: string | null;

  /** Last sign-in or switch into this practice: sign-in opens the practice used last. */
  @Column({ type: INSTANT, nullable: true })
  lastUsedAt: Date | null;
}
