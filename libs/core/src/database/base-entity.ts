import { randomUUID } from 'node:crypto';
import { BeforeInsert, Column, CreateDateColumn, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { INSTANT } from './column-types';

/** Ids are UUIDs made in code, so both databases store the same thing and ids exist before insert. */
export abstract class BaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @CreateDateColumn({ type: INSTANT })
  createdAt: Date;

  @UpdateDateColumn({ type: INSTANT })
  updatedAt: Date;

  @BeforeInsert()
  protected assignId(): void {
    if (!this.id) this.id = randomUUID();
  }
}

/** A row that belongs to one practice. Every query on it is scoped by practiceId. */
export abstract class PracticeOwnedEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 36 })
  practiceId: string;
}

export { Column };
