import { Column, Entity, Index } from 'typeorm';
import { PracticeOwnedEntity } from '@app/core';

/** A note on a post between authors and reviewers, shown in time order. */
@Entity('post_comments')
@Index('ix_comments_post', ['practiceId', 'postId', 'createdAt'])
export class PostComment extends PracticeOwnedEntity {
  @Column({ type: 'varchar', length: 36 })
  postId: string;

  @Column({ type: 'varchar', length: 36 })
  authorId: string;

  @Column({ type: 'varchar', length: 200 })
  authorName: string;

  @Column({ type: 'text' })
  body: string;

  /** Comments written as part of a decision carry it, so the thread reads as a history. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  decision: string | null;
}
