import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { INSTANT, PracticeOwnedEntity, JSON_COLUMN } from '@app/core';
import { Practice } from './practice.entity';

export const ROLES = ['author', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A person at a practice. E-mail addresses are unique across the installation (sign-in is by e-mail). */
@Entity('users')
@Index('ix_users_practice', ['practiceId'])
export class User extends PracticeOwnedEntity {
  @ManyToOne(() => Practice, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'practiceId' })
  practice?: Practice;

  @Index('ux_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** scrypt hash; null until an invited user sets a password. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  @Column({ type: JSON_COLUMN })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** SHA-256 of a pending invitation token (the token itself is only ever shown once). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  inviteTokenHash: string | null;

  @Column({ type: INSTANT, nullable: true })
  inviteExpiresAt: Date | null;

  @Column({ type: INSTANT, nullable: true })
  lastLoginAt: Date | null;

  /** SHA-256 of the secret token in this user's calendar feed URL (null: no feed). */
  @Index('ux_users_feed_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  calendarFeedTokenHash: string | null;

  /** Bumped on password change or deactivation: sessions signed with an older value stop working. */
  @Column({ type: 'int', default: 1 })
  sessionVersion: number;
}
