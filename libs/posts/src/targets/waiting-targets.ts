// The accounts lib's WaitingPosts port: targets still to go out (scheduled or publishing), counted per account.
import { DataSource, EntityManager } from 'typeorm';
import type { WaitingPosts } from '@app/accounts';
import { PostTarget } from '../entities/post-target.entity';

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
}
