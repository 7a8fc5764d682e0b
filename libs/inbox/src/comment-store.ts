// The inbox's comments as the inbox page and the reply workflow read and change them. Every method takes
// practiceId first, but one: the unanswered-comments check, which looks across practices and says so.
// Storing a comment from a network (once per network id, triaged) is InboxStore's.
import { DataSource, EntityManager, FindOptionsWhere, In, LessThan } from 'typeorm';
import { Post } from '@app/posts';
import { InboxComment } from './entities/inbox-comment.entity';
import type { InboxNetwork, InboxStatus } from './networks';

export interface CommentFilter {
  network?: InboxNetwork;
  status?: InboxStatus;
  assigneeId?: string;
  urgentOnly?: boolean;
}

/** What the inbox may change on a comment it holds. */
export type CommentChanges = Partial<
  Pick<InboxComment, 'hidden' | 'status' | 'handledAt' | 'handledById' | 'assigneeId'>
>;

export class CommentStore {
  constructor(private readonly dataSource: DataSource) {}

  byId(practiceId: string, commentId: string, tx?: EntityManager): Promise<InboxComment | null> {
    return this.repo(tx).findOneBy({ practiceId, id: commentId });
  }

  byIds(practiceId: string, commentIds: string[], tx?: EntityManager): Promise<InboxComment[]> {
    return this.repo(tx).findBy({ practiceId, id: In(commentIds) });
  }

  /** The comments people wrote to the practice (not its own replies), urgent first, then newest. */
  received(practiceId: string, filter: CommentFilter, tx?: EntityManager): Promise<InboxComment[]> {
    const where: FindOptionsWhere<InboxComment> = { practiceId, fromPractice: false };
    if (filter.network) where.network = filter.network;
    if (filter.status) where.status = filter.status;
    if (filter.assigneeId) where.assigneeId = filter.assigneeId;
    if (filter.urgentOnly) where.urgent = true;
    return this.repo(tx).find({ where, order: { urgent: 'DESC', writtenAt: 'DESC' } });
  }

  /** The open comments people wrote, only their labels (for the badge counts). */
  openLabels(practiceId: string, tx?: EntityManager): Promise<Pick<InboxComment, 'id' | 'labels' | 'urgent'>[]> {
    return this.repo(tx).find({
      where: { practiceId, status: 'open', fromPractice: false },
      select: { id: true, labels: true, urgent: true },
    });
  }

  /** Every stored comment of the comment's thread (its top-level comment and the replies), oldest first. */
  thread(practiceId: string, comment: InboxComment, tx?: EntityManager): Promise<InboxComment[]> {
    return this.repo(tx).find({
      where: [
        { practiceId, network: comment.network, threadExternalId: comment.threadExternalId },
        { practiceId, network: comment.network, externalId: comment.threadExternalId },
      ],
      order: { writtenAt: 'ASC' },
    });
  }

  /** The practice's own replies, only where and when they were written (to tell answered threads). */
  ownReplies(
    practiceId: string,
    tx?: EntityManager,
  ): Promise<Pick<InboxComment, 'network' | 'threadExternalId' | 'writtenAt'>[]> {
    return this.repo(tx).find({
      where: { practiceId, fromPractice: true },
      select: { network: true, threadExternalId: true, writtenAt: true },
    });
  }

  /** Across practices: open comments people wrote before `before` (the unanswered-comments check). */
  openEverywhereWrittenBefore(before: Date, tx?: EntityManager) {
    return this.repo(tx).find({
      where: { status: 'open', fromPractice: false, writtenAt: LessThan(before) },
      select: { id: true, practiceId: true, network: true, threadExternalId: true, writtenAt: true, urgent: true },
    });
  }

  async update(practiceId: string, commentId: string, changes: CommentChanges, tx?: EntityManager): Promise<void> {
    await this.repo(tx).update({ practiceId, id: commentId }, changes);
  }

  /** The post a comment was left on, as the thread view shows it. */
  async post(
    practiceId: string,
    postId: string,
    tx?: EntityManager,
  ): Promise<{ id: string; text: string; status: string } | null> {
    const post = await (tx ?? this.dataSource.manager).getRepository(Post).findOneBy({ practiceId, id: postId });
    return post ? { id: post.id, text: post.baseText, status: post.status } : null;
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(InboxComment);
  }
}
