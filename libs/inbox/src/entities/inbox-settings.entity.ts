import { Column, Entity, Index } from 'typeorm';
import { JSON_COLUMN, PracticeOwnedEntity } from '@app/core';

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

  /**
   * People who may send a reply without a reviewer when the PHI checker finds nothing in it (null: nobody).
   * A reply with any finding still goes to a reviewer, whoever wrote it.
   */
  @Column({ type: JSON_COLUMN, nullable: true })
  trustedReplierIds: string[] | null;
}
