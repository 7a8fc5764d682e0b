import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import type { Network } from '@app/publishing';

export const ACCOUNT_STATUSES = ['connected', 'needs_reconnect', 'disconnected'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** How often an account should post, checked ahead by the worker (times are the practice's local time). */
export interface Cadence {
  minPostsPerWeek: number;
  maxGapDays: number;
  /** Local posting windows, e.g. [{ days: [1,2,3,4,5], from: '08:00', to: '18:00' }] (1 = Monday). */
  windows: Array<{ days: number[]; from: string; to: string }>;
}

/** A Facebook Page, LinkedIn organization page or X account that a practice publishes to. */
@Entity('social_accounts')
@Index('ix_accounts_practice', ['practiceId'])
@Index('ux_accounts_practice_network_external', ['practiceId', 'network', 'externalId'], { unique: true })
export class SocialAccount extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 16 })
  network: Network;

  /** Page id, organization id or X user id. */
  @Column({ type: 'varchar', length: 100 })
  externalId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  handle: string | null;

  /** The Page's or account's picture as the network serves it (read at connect, refreshed by the health check). */
  @Column({ type: 'varchar', length: 2000, nullable: true })
  pictureUrl: string | null;

  @Column({ type: 'varchar', length: 20, default: 'connected' })
  status: AccountStatus;

  /** AES-256-GCM ciphertext; never returned by the API or logged. */
  @Column({ type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ type: 'text', nullable: true })
  refreshTokenEnc: string | null;

  @Column({ type: INSTANT, nullable: true })
  tokenExpiresAt: Date | null;

  @Column({ type: INSTANT, nullable: true })
  refreshTokenExpiresAt: Date | null;

  /** When the stored access token was issued (null: before this was kept; count from createdAt). */
  @Column({ type: INSTANT, nullable: true })
  tokenIssuedAt: Date | null;

  @Column({ type: INSTANT, nullable: true })
  lastPublishedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: INSTANT, nullable: true })
  lastErrorAt: Date | null;

  @Column({ type: JSON_COLUMN, nullable: true })
  cadence: Cadence | null;

  /** Opt-in: fill cadence gaps with approved evergreen posts. */
  @Column({ type: 'boolean', default: false })
  evergreenFill: boolean;
}
