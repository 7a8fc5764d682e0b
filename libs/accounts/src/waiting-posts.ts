// How many scheduled posts wait on each account. The targets table belongs to the posts lib, which sits above
// this one, so accounts asks through this port; the scheduler module binds the posts lib's answer to it.
import type { EntityManager } from 'typeorm';

export interface WaitingPosts {
  /** Targets scheduled or publishing per account id; `tx` reads inside the caller's transaction. */
  countByAccount(practiceId: string, accountIds: string[], tx?: EntityManager): Promise<Map<string, number>>;
  /** Failed targets per account that a retry can help (the approval still holds): "Retry failed posts" offers them. */
  countRetryableByAccount(practiceId: string, accountIds: string[]): Promise<Map<string, number>>;
}

export const WAITING_POSTS = Symbol('WAITING_POSTS');
