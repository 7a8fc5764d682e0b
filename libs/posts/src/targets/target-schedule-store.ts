// What the scheduler's timing reads from the post tables: the queue's targets, the reconciler's due targets,
// expired leases and posts still waiting for approval, and the cadence guard's planned and last publishes.
import { Brackets, DataSource, In, LessThan, LessThanOrEqual } from 'typeorm';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import type { TargetRow } from './target-store';

/** What a target's job needs: when it runs and on which account's limiter. */
export type TargetTiming = Pick<TargetRow, 'id' | 'accountId' | 'dueAt' | 'nextAttemptAt'>;

/** A post near its slot, for the approval alerts. */
export type SlotPost = Readonly<
  Pick<Post, 'id' | 'practiceId' | 'status' | 'scheduledAt' | 'scheduledLocal' | 'timezone'>
>;

const UNAPPROVED = ['draft', 'in_review', 'changes_requested'] as const;

export class TargetSchedule {
  constructor(private readonly dataSource: DataSource) {}

  /** Every target of a post, whatever its status (the queue adds the scheduled ones' jobs and removes the rest). */
  ofPost(practiceId: string, postId: string): Promise<TargetRow[]> {
    return this.dataSource.getRepository(PostTarget).findBy({ practiceId, postId });
  }

  /** Those of `ids` still scheduled. */
  async scheduled(ids: string[]): Promise<TargetRow[]> {
    return ids.length ? this.dataSource.getRepository(PostTarget).findBy({ id: In(ids), status: 'scheduled' }) : [];
  }

  /** Scheduled targets due by `horizon`, soonest first (every practice: the reconciler's pass). */
  dueBy(horizon: Date, take: number): Promise<TargetRow[]> {
    return this.dataSource
      .getRepository(PostTarget)
      .find({ where: { status: 'scheduled', dueAt: LessThanOrEqual(horizon) }, order: { dueAt: 'ASC' }, take });
  }

  /**
   * Scheduled targets whose run time (the due time, or the retry time when later) is by `horizon`, soonest due
   * first, after `after` (keyset paging); timing columns only. The embedded mode's due scan reads this every second.
   */
  runnableBy(horizon: Date, take: number, after?: { dueAt: Date; id: string }): Promise<TargetTiming[]> {
    const query = this.dataSource
      .getRepository(PostTarget)
      .createQueryBuilder('t')
      .select(['t.id', 't.accountId', 't.dueAt', 't.nextAttemptAt'])
      .where("t.status = 'scheduled' AND t.dueAt <= :horizon", { horizon })
      .andWhere('(t.nextAttemptAt IS NULL OR t.nextAttemptAt <= :horizon)', { horizon });
    if (after)
      query.andWhere('(t.dueAt > :afterDue OR (t.dueAt = :afterDue AND t.id > :afterId))', {
        afterDue: after.dueAt,
        afterId: after.id,
      });
    return query.orderBy('t.dueAt', 'ASC').addOrderBy('t.id', 'ASC').take(take).getMany();
  }

  /** Targets whose publishing lease ended before `now` (their worker died or hung). */
  expiredLeases(now: Date, take: number): Promise<TargetRow[]> {
    return this.dataSource
      .getRepository(PostTarget)
      .find({ where: { status: 'publishing', leaseUntil: LessThan(now) }, take });
  }

  /** Posts in review whose slot is after `now` and by `horizon`. */
  inReviewBefore(now: Date, horizon: Date, take: number): Promise<SlotPost[]> {
    return this.dataSource
      .getRepository(Post)
      .createQueryBuilder('p')
      .where("p.status = 'in_review' AND p.scheduledAt > :now AND p.scheduledAt <= :horizon", { now, horizon })
      .take(take)
      .getMany();
  }

  /** Posts not approved (draft, in review, changes requested) with a slot between `since` and `soon`. */
  unapprovedBetween(since: Date, soon: Date, take: number): Promise<SlotPost[]> {
    return this.dataSource
      .getRepository(Post)
      .createQueryBuilder('p')
      .where({ status: In([...UNAPPROVED]) })
      .andWhere('p.scheduledAt IS NOT NULL')
      .andWhere(new Brackets((q) => q.where('p.scheduledAt <= :soon', { soon })))
      .andWhere('p.scheduledAt >= :since', { since })
      .take(take)
      .getMany();
  }

  /** The due times of an account's targets still to go out (scheduled or publishing). */
  async plannedDueTimes(practiceId: string, accountId: string): Promise<Date[]> {
    const planned = await this.dataSource
      .getRepository(PostTarget)
      .findBy({ practiceId, accountId, status: In(['scheduled', 'publishing']) });
    return planned.map((t) => t.dueAt).filter((d): d is Date => d !== null);
  }

  /** When the account last published before `before`, or null. */
  async lastPublishedAt(practiceId: string, accountId: string, before: Date): Promise<Date | null> {
    const last = await this.dataSource.getRepository(PostTarget).findOne({
      where: { practiceId, accountId, status: 'published', publishedAt: LessThan(before) },
      order: { publishedAt: 'DESC' },
    });
    return last?.publishedAt ?? null;
  }

  /**
   * Per practice, scheduled targets that should have run before `before` (due, and any retry time, passed) and are
   * still waiting: how many and the earliest due time. What nobody publishes while no publisher is live.
   */
  async overdueByPractice(before: Date): Promise<{ practiceId: string; count: number; earliestDueAt: Date }[]> {
    const repo = this.dataSource.getRepository(PostTarget);
    const counts: { practiceId: string; count: string | number }[] = await repo
      .createQueryBuilder('t')
      .select('t.practiceId', 'practiceId')
      .addSelect('COUNT(*)', 'count')
      .where("t.status = 'scheduled' AND t.dueAt < :before", { before })
      .andWhere('(t.nextAttemptAt IS NULL OR t.nextAttemptAt < :before)', { before })
      .groupBy('t.practiceId')
      .getRawMany();
    const overdue = [];
    for (const { practiceId, count } of counts) {
      // The earliest through the entity, so the date is read the same way on both databases.
      const earliest = await repo.findOne({
        where: { practiceId, status: 'scheduled', dueAt: LessThan(before) },
        order: { dueAt: 'ASC' },
      });
      if (earliest?.dueAt) overdue.push({ practiceId, count: Number(count), earliestDueAt: earliest.dueAt });
    }
    return overdue;
  }
}
