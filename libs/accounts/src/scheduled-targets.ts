// How many scheduled posts wait on each account. post_targets belongs to the calendar lib, which itself imports
// this lib (network names), so the table is read by name here instead of importing its entity.
import { EntityManager } from 'typeorm';

const WAITING_STATUSES = ['scheduled', 'publishing'];

export async function scheduledTargetCounts(manager: EntityManager, practiceId: string, accountIds: string[]): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await manager
    .createQueryBuilder()
    .select('"t"."accountId"', 'accountId')
    .addSelect('COUNT(*)', 'waiting')
    .from('post_targets', 't')
    .where('"t"."practiceId" = :practiceId', { practiceId })
    .andWhere('"t"."accountId" IN (:...accountIds)', { accountIds })
    .andWhere('"t"."status" IN (:...statuses)', { statuses: WAITING_STATUSES })
    .groupBy('"t"."accountId"')
    .getRawMany<{ accountId: string; waiting: string | number }>();
  return new Map(rows.map((r) => [r.accountId, Number(r.waiting)]));
}
