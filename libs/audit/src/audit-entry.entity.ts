import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { INSTANT, JSON_COLUMN } from '@app/core';

/** One thing that happened, append-only. Each entry carries the hash of the one before it. */
@Entity('audit_entries')
@Index('ux_audit_practice_seq', ['practiceId', 'seq'], { unique: true })
@Index('ix_audit_practice_at', ['practiceId', 'at'])
export class AuditEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  practiceId: string;

  /** Position in the practice's chain, from 1 with no gaps. */
  @Column({ type: 'int' })
  seq: number;

  @Column({ type: INSTANT })
  at: Date;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorId: string | null;

  /** Who, readable without a join: an e-mail address, or "system"/"scheduler". */
  @Column({ type: 'varchar', length: 254 })
  actorLabel: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 40 })
  entityType: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  entityId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  beforeHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  afterHash: string | null;

  /** What a compliance officer needs to read the entry: changed fields, reasons, ids. Never tokens. */
  @Column({ type: JSON_COLUMN })
  details: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64 })
  prevHash: string;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}

/** The tip of each practice's chain; updating it serialises appends per practice. */
@Entity('audit_heads')
export class AuditHead {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  practiceId: string;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 64 })
  lastHash: string;
}
