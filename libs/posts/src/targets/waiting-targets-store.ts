// The accounts lib's WaitingPosts port: targets still to go out (scheduled or publishing), counted per account.
import { DataSource, EntityManager } from 'typeorm';
import type { WaitingPosts } from '@app/accounts';
import { PostTarget } from '../entities/post-target.entity';
import { NEEDS_NEW_REVIEW } from '../words/target-outcome';

const WAITING_STATUSES = ['scheduled', 'publishing'];

export class WaitingTargets implements WaitingPosts {
  constructor(private readonly dataSource: DataSource) {}

  async countByAccount(
    practiceId: string,
    accountIds: string[],
    tx: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows = await tx
      .createQueryBuilder()
      .select('"t"."accountId"', 'accountId')
      .addSelect('COUNT(*)', 'waiting')
      .from(PostTarget, 't')
      .where('"t"."practiceId" = :practiceId', { practiceId })
      .andWhere('"t"."accountId" IN (:...accountIds)', { accountIds })
      .andWhere('"t"."status" IN (:...statuses)', { statuses: WAITING_STATUSES })
      .groupBy('"t"."accountId"')
      .getRawMany<{ accountId: string; waiting: string | number }>();
    return new Map(rows.map((r) => [r.accountId, Number(r.waiting)]));
  }

  async countRetryableByAccount(practiceId: string, accountIds: string[]): Promise<Map<string, number>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.dataSource
      .createQueryBuilder()
      .select('"t"."accountId"', 'accountId')
      .addSelect('COUNT(*)', 'failed')
      .from(PostTarget, 't')
      .where('"t"."practiceId" = :practiceId', { practiceId })
      .andWhere('"t"."accountId" IN (:...accountIds)', { accountIds })
      .andWhere('"t"."status" = :failed', { failed: 'failed' })
      .andWhere('"t"."approvedHash" IS NOT NULL')
      // The same failures describeTarget calls not retryable (a new review is needed, or the post is gone).
      .andWhere('("t"."lastErrorKind" IS NULL OR "t"."lastErrorKind" NOT IN (:...final))', {
        final: [...NEEDS_NEW_REVIEW, 'post_gone'],
      })
      .groupBy('"t"."accountId"')
      .getRawMany<{ accountId: string; failed: string | number }>();
    return new Map(rows.map((r) => [r.accountId, Number(r.failed)]));
  }
}
