import { Column, Entity, Index } from 'typeorm';
import { PracticeOwnedEntity } from '@app/core';

/** A practice's inbox policy: how fast comments must be answered and the line urgent replies point to. */
@Entity('inbox_settings')
@Index('ux_inbox_settings_practice', ['practiceId'], { unique: true })
export class InboxSettings extends PracticeOwnedEntity {
  /** An open comment older than this raises a "comment unanswered" alert. */
  @Column({ type: 'int', default: 240 })
  responseMinutes: number;

  /** The practice's after-hours line, offered in the ready reply to an urgent comment. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  afterHoursPhone: string | null;
}
