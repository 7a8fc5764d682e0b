// What the three clients share when they page through an account's posts for findRecent.
import type { RecentPost } from './network-client';

/**
 * Pages read per findRecent call at most. With each network's biggest page (100 posts) that is the
 * newest 1,000 posts in the window: far beyond a practice's posting rate, yet a huge account or a
 * paging bug on the network's side cannot keep a retry looping.
 */
export const RECENT_MAX_PAGES = 10;
/** The biggest page each network allows on its read-back call (X max_results, LinkedIn count, Graph limit). */
export const RECENT_PAGE_SIZE = 100;

/**
 * `since` rounded down to whole seconds. X and Facebook report creation times and take time filters
 * with second precision; comparing their times against a `since` with milliseconds would drop a post
 * made in the same second that the network itself counts as inside the window.
 */
export function wholeSecondsBefore(since: Date): number {
  return Math.floor(since.getTime() / 1000) * 1000;
}

/** Posts at or after `fromMs`, newest first, each externalId once (pages can overlap when posts arrive while paging). */
export function newestFirstSince(posts: RecentPost[], fromMs: number): RecentPost[] {
  const seen = new Set<string>();
  return posts
    .filter((p) => p.createdAt.getTime() >= fromMs)
    .filter((p) => (seen.has(p.externalId) ? false : (seen.add(p.externalId), true)))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}
