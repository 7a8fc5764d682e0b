import { Column, Entity, Index } from 'typeorm';
import { JSON_COLUMN, PracticeOwnedEntity } from '@app/core';
import type { LibraryTemplate } from '@app/templates';

/** A template a practice wrote for itself, next to the seeded library (same shape and rules). */
@Entity('practice_templates')
@Index('ux_practice_templates_key', ['practiceId', 'key'], { unique: true })
export class PracticeTemplate extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: JSON_COLUMN })
  definition: LibraryTemplate;

  @Column({ type: 'varchar', length: 36 })
  createdById: string;
}
