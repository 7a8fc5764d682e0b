// The replies table: the workflow's writes (each conditional on what was read, so a concurrent edit or a
// worker's claim wins cleanly) and the sender's claim, lease and outcome. Every method takes practiceId first
// but the sender's due scan, which looks across practices and says so.
import { Brackets, DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { InboxReply } from './entities/inbox-reply.entity';
import { LIVE, ReplyStatus } from './replies/reply-states';

/** A reply's fields as the workflow writes them: the table fills in the rest. */
export type ReplyFields = Omit<InboxReply, 'id' | 'practiceId' | 'createdAt' | 'updatedAt'>;
/** The row as read: a conditional write applies only while these still hold. */
export type ReplyExpected = Partial<Pick<InboxReply, 'status' | 'textHash'>>;

export class ReplyStore {
  constructor(private readonly dataSource: DataSource) {}

  byId(practiceId: string, replyId: string, tx?: EntityManager): Promise<InboxReply | null> {
    return this.repo(tx).findOneBy({ practiceId, id: replyId });
  }

  /** The comment's reply that is still in progress (written, in review, approved or being sent), if any. */
  live(practiceId: string, commentId: string, tx?: EntityManager): Promise<InboxReply | null> {
    return this.repo(tx).findOneBy({ practiceId, commentId, status: In([...LIVE]) });
  }

  /** Every reply written to this comment, newest first. */
  forComment(practiceId: string, commentId: string, tx?: EntityManager): Promise<InboxReply[]> {
    return this.repo(tx).find({ where: { practiceId, commentId }, order: { createdAt: 'DESC' } });
  }

  /** Up to `limit` replies in one state, oldest first. */
  byStatus(practiceId: string, status: ReplyStatus, limit: number, tx?: EntityManager): Promise<InboxReply[]> {
    return this.repo(tx).find({ where: { practiceId, status }, order: { createdAt: 'ASC' }, take: limit });
  }

  add(practiceId: string, fields: ReplyFields, tx: EntityManager): Promise<InboxReply> {
    const repo = this.repo(tx);
    return repo.save(repo.create({ practiceId, ...fields }));
  }

  /** Changes the reply only while it is as `expected`: false when someone else changed it first. */
  async changeIf(
    practiceId: string,
    replyId: string,
    expected: ReplyExpected,
    changes: QueryDeepPartialEntity<InboxReply>,
    tx: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(tx).update({ practiceId, id: replyId, ...expected }, changes);
    return Boolean(result.affected);
  }

  /** Across practices: approved and due, or sending with an expired lease; the longest-approved first. */
  due(now: Date, limit: number, tx?: EntityManager): Promise<InboxReply[]> {
    return this.repo(tx)
      .createQueryBuilder('r')
      .where(
        new Brackets((b) =>
          b
            .where(
              new Brackets((a) =>
                a
                  .where("r.status = 'approved'")
                  .andWhere(new Brackets((n) => n.where('r.nextAttemptAt IS NULL').orWhere('r.nextAttemptAt <= :now'))),
              ),
            )
            .orWhere(new Brackets((s) => s.where("r.status = 'sending'").andWhere('r.leaseUntil < :now'))),
        ),
        { now },
      )
      .orderBy('r.approvedAt', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Claims a due reply for one send (-> sending, with a lease and this token). The attempts count moves with every
   * claim, so of two workers that read the same row one wins; the winner gets the row back, the other null.
   */
  async claim(
    practiceId: string,
    candidate: Pick<InboxReply, 'id' | 'status' | 'attempts'>,
    token: string,
    leaseUntil: Date,
    tx?: EntityManager,
  ): Promise<InboxReply | null> {
    const claim = await this.repo(tx)
      .createQueryBuilder()
      .update()
      .set({ status: 'sending', claimToken: token, leaseUntil, attempts: candidate.attempts + 1 })
      .where({ id: candidate.id, status: candidate.status, attempts: candidate.attempts })
      .execute();
    if (!claim.affected) return null;
    return this.repo(tx).findOneBy({ practiceId, id: candidate.id, claimToken: token });
  }

  /** Extends the lease of a claim still held and not yet expired: false when it was lost. */
  async renewLease(
    practiceId: string,
    replyId: string,
    token: string,
    now: Date,
    leaseUntil: Date,
    tx?: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(tx)
      .createQueryBuilder()
      .update()
      .set({ leaseUntil })
      .where({ practiceId, id: replyId, claimToken: token, status: 'sending' })
      .andWhere('leaseUntil > :now', { now })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** While sending under this claim: the reply's fields change (its network id, its outcome). */
  async changeClaimed(
    practiceId: string,
    replyId: string,
    token: string,
    changes: QueryDeepPartialEntity<InboxReply>,
    tx?: EntityManager,
  ): Promise<boolean> {
    return this.changeWhere({ practiceId, id: replyId, claimToken: token, status: 'sending' }, changes, tx);
  }

  /** Gives the claim back (whatever the status now), changing the reply as it goes. */
  async releaseClaim(
    practiceId: string,
    replyId: string,
    token: string,
    changes: QueryDeepPartialEntity<InboxReply>,
    tx?: EntityManager,
  ): Promise<void> {
    await this.changeWhere({ practiceId, id: replyId, claimToken: token }, changes, tx);
  }

  private async changeWhere(
    where: FindOptionsWhere<InboxReply>,
    changes: QueryDeepPartialEntity<InboxReply>,
    tx?: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(tx).update(where, changes);
    return Boolean(result.affected);
  }

  private repo(tx?: EntityManager) {
    return (tx ?? this.dataSource.manager).getRepository(InboxReply);
  }
}
