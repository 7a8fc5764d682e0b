import { Column, Entity, Index } from 'typeorm';
import { BaseEntity, INSTANT } from '@app/core';

export const ROLES = ['author', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * A person who signs in. E-mail addresses are unique across the installation (sign-in is by e-mail); what the
 * person may do, and where, is in their memberships (one per practice).
 */
@Entity('users')
export class User extends BaseEntity {
  @Index('ux_users_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** scrypt hash; null until an invited person sets a password. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** SHA-256 of a one-time password reset token (issued by an admin or e-mailed on request); single use. */
  @Index('ux_users_reset_token', { unique: true })
  @Column({ type: 'varchar', length: 64, nullable: true })
  resetTokenHash: string | null;

  @Column({ type: INSTANT, nullable: true })
  resetExpiresAt: Date | null;

  @Column({ type: INSTANT, nullable: true })
  lastLoginAt: Date | null;

  /** Bumped on sign-out, password change or reset: sessions signed with an older value stop working. */
  @Column({ type: 'int', default: 1 })
  sessionVersion: number;
}
