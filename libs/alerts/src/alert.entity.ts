import { Column, Entity, Index } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';

export const ALERT_KINDS = [
  'target_failed',
  'needs_reconnect',
  'token_expiring',
  'cadence_gap',
  'approval_waiting',
  'unapproved_near_slot',
  'unapproved_missed',
  'publish_stopped',
  'late_publish',
  'version_retired',
  'authorization_expired',
  // The inbox: a comment that may be an emergency, and one left unanswered past the practice's response time.
  'urgent_comment',
  'comment_unanswered',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSeverity = 'info' | 'warning' | 'critical';

/** Something a practice must know or do. One cause raises one alert (deduplicated while it is open). */
@Entity('alerts')
@Index('ix_alerts_practice_created', ['practiceId', 'createdAt'])
@Index('ix_alerts_unnotified', ['notifiedAt'])
@Index('ux_alerts_open_dedupe', ['practiceId', 'dedupeKey', 'openMarker'], { unique: true })
export class Alert extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 40 })
  kind: AlertKind;

  @Column({ type: 'varchar', length: 10 })
  severity: AlertSeverity;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** Plain words: what happened, why, and what to do. */
  @Column({ type: 'text' })
  message: string;

  /** Path in the app to act on it, e.g. /posts/<id> or /accounts. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  link: string | null;

  @Column({ type: 'varchar', length: 200 })
  dedupeKey: string;

  /**
   * The incident this alert belongs to: the dedupe key of the alert that stands for the cause (an account's
   * `needs_reconnect:<id>` for each post it failed). People get one e-mail per open incident (postiz PR #1678).
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  incidentKey: string | null;

  /** 'open' while unresolved, else the alert's id: lets the unique index allow one open alert per key. */
  @Column({ type: 'varchar', length: 36 })
  openMarker: string;

  @Column({ type: JSON_COLUMN })
  details: Record<string, unknown>;

  @Column({ type: INSTANT, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: INSTANT, nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  acknowledgedById: string | null;

  /** When e-mail/webhook delivery succeeded (null: still to send). */
  @Column({ type: INSTANT, nullable: true })
  notifiedAt: Date | null;

  @Column({ type: 'int', default: 0 })
  notifyAttempts: number;

  /**
   * The delivery pass that holds the alert (its claim token) until `deliveryClaimedUntil`: only the holder sends.
   * Cleared when its pass is done; a lease left by a process that died ends, and another pass takes it over.
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  deliveryClaimedBy: string | null;

  @Column({ type: INSTANT, nullable: true })
  deliveryClaimedUntil: Date | null;

  /** When the e-mail went out, or was covered by its incident's e-mail: a retry sends only what is missing. */
  @Column({ type: INSTANT, nullable: true })
  emailedAt: Date | null;

  /** When the signed webhook was accepted. */
  @Column({ type: INSTANT, nullable: true })
  webhookSentAt: Date | null;
}
