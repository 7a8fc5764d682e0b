import { Column, DeleteDateColumn, Entity, Index, OneToMany } from 'typeorm';
import { INSTANT, JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import type { GoogleActionType, GoogleTopicType, Network } from '@app/publishing';
import type { PostTarget } from './post-target.entity';

export const POST_STATUSES = [
  'draft',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'scheduled',
  'publishing',
  'published',
  /** Live on some networks and failed on the others, none still going: "2 of 3 published". */
  'partly_published',
  'failed',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export type NetworkTexts = Partial<Record<Network, string>>;

export interface PostMedia {
  /**
   * A public https URL, or an uploaded file's URL on this app (/api/media/<id>). A video is always an upload (posts
   * approved before videos were stored may still name one by its address, and go out that way).
   */
  url: string;
  altText: string;
  mimeType?: string;
  /**
   * Set at submission: the stored copy of the image (the upload itself, or the bytes downloaded from `url`).
   * The post is published with these bytes, never with whatever `url` serves later.
   */
  storedId?: string;
  /** SHA-256 of the stored bytes, set with storedId: part of the hash a reviewer approves. */
  sha256?: string;
  /**
   * Read from the bytes (an upload when the post is saved, a copy at submission): the size in pixels as shown and
   * in bytes, checked against each network's image rules (Instagram's aspect ratio, Google's minimum size...).
   */
  width?: number;
  height?: number;
  size?: number;
  /** A video's facts, read from its container (video-facts.ts): length, codec (h264, hevc...), frames a second. */
  durationMs?: number;
  codec?: string;
  frameRate?: number;
}

/**
 * How the post goes out on Google Business Profile: an update, an event or an offer, with a button. Event times
 * are local wall times ("YYYY-MM-DDTHH:mm", or a date alone) in the post's zone, as Google shows them.
 */
export interface GooglePostSettings {
  topicType: GoogleTopicType;
  callToAction?: { actionType: GoogleActionType; url?: string };
  event?: { title: string; start: string; end: string };
  offer?: { couponCode?: string; redeemOnlineUrl?: string; termsConditions?: string };
}

/** A PHI finding as stored with a submission (the checker's Finding plus where it was found). */
export interface StoredFinding {
  rule: string;
  category: string;
  severity: 'block' | 'warn';
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion?: string;
  /** base, or the network whose variant/rendered text holds the span. */
  network: 'base' | Network;
}

/**
 * A post on the calendar. Its text may use template variables ({{practice.phone}}), rendered per
 * network. The scheduled time is kept as the local wall time in the practice's zone (the truth) and
 * as the UTC instant it maps to (for queries), so 09:00 stays 09:00 across DST.
 */
@Entity('posts')
@Index('ix_posts_practice_scheduled', ['practiceId', 'scheduledAt'])
@Index('ix_posts_practice_status_scheduled', ['practiceId', 'status', 'scheduledAt'])
export class Post extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 20 })
  status: PostStatus;

  @Column({ type: 'text' })
  baseText: string;

  @Column({ type: JSON_COLUMN })
  variants: NetworkTexts;

  @Column({ type: JSON_COLUMN })
  media: PostMedia[];

  /** Google Business Profile settings (null: a standard update without a button). */
  @Column({ type: JSON_COLUMN, nullable: true })
  googlePost: GooglePostSettings | null;

  /** Values for the template's custom variables ({{vars.name}}). */
  @Column({ type: JSON_COLUMN })
  templateVars: Record<string, string>;

  /** The library or practice template it came from, if any (dated templates constrain the date). */
  @Column({ type: 'varchar', length: 100, nullable: true })
  templateKey: string | null;

  @Column({ type: INSTANT, nullable: true })
  scheduledAt: Date | null;

  /** Local wall time "YYYY-MM-DDTHH:mm" in `timezone`. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  scheduledLocal: string | null;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Index('ix_posts_practice_campaign')
  @Column({ type: 'varchar', length: 100, nullable: true })
  campaign: string | null;

  @Column({ type: JSON_COLUMN })
  tags: string[];

  /** Bumped on every content edit; part of job ids and approvals. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  /** Everyone who wrote or edited this content since it was last approved: none of them may approve it. */
  @Column({ type: JSON_COLUMN })
  contributorIds: string[];

  @Column({ type: JSON_COLUMN })
  findings: StoredFinding[];

  @Column({ type: 'varchar', length: 10, nullable: true })
  verdict: 'pass' | 'warn' | 'block' | null;

  @Column({ type: INSTANT, nullable: true })
  submittedAt: Date | null;

  /** Set when a published post is marked (it cannot be deleted), e.g. "removed from Facebook by hand". */
  @Column({ type: 'text', nullable: true })
  markNote: string | null;

  /** A post made by evergreen fill rather than by a person. */
  @Column({ type: 'varchar', length: 20, default: 'person' })
  origin: 'person' | 'evergreen_fill' | 'csv_import';

  @DeleteDateColumn({ type: INSTANT, nullable: true })
  deletedAt: Date | null;

  @OneToMany('PostTarget', 'post')
  targets?: PostTarget[];
}
