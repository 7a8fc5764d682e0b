// The words for a post's status, defined once: the API's statusText, the calendar, the badges and the iCal feed.
import type { Post, PostStatus } from '../entities/post.entity';
import type { PostTarget } from '../entities/post-target.entity';

export const POST_STATUS_LABELS: Readonly<Record<PostStatus, string>> = {
  draft: 'Draft',
  in_review: 'In review',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  rejected: 'Rejected',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  partly_published: 'Partly published',
  failed: 'Failed',
};

/** How many of a post's networks it is live on, out of how many it was meant for. */
export interface PublishProgress {
  published: number;
  failed: number;
  /** Still to go out (scheduled, waiting for a retry, or being published). */
  waiting: number;
  total: number;
}

export function publishProgress(targets: ReadonlyArray<Pick<PostTarget, 'status'>>): PublishProgress {
  const count = (...statuses: string[]) => targets.filter((t) => statuses.includes(t.status)).length;
  return {
    published: count('published'),
    failed: count('failed'),
    waiting: count('scheduled', 'publishing'),
    total: targets.filter((t) => t.status !== 'cancelled').length,
  };
}

/** An approved post whose time passed before it was scheduled: it did not go out, and never goes out late. */
export const TIME_PASSED_TEXT = 'Not published: its time passed';
/** What to do about it: the approval's answer and the post's page say so. */
export const TIME_PASSED_NOTE = 'Approved, but its time has passed. Pick a new time to schedule it.';

/** Approved (approved too late, or cancelled) and its time has passed: it was not published and will not be. */
export function timePassedUnpublished(post: Pick<Post, 'status' | 'scheduledAt'>, now: Date): boolean {
  return post.status === 'approved' && !!post.scheduledAt && post.scheduledAt.getTime() <= now.getTime();
}

/**
 * The status as a person reads it: "2 of 3 published" for a partly published post (and for one still going
 * out on the others, or whose other networks wait for a retry: "Scheduled" there would hide that it is live),
 * "Not published: its time passed" for an approved post whose time passed unscheduled (`timePassed`, see
 * timePassedUnpublished), the label otherwise.
 */
export function postStatusText(
  status: PostStatus,
  targets: ReadonlyArray<Pick<PostTarget, 'status'>>,
  timePassed = false,
): string {
  if (status === 'approved' && timePassed) return TIME_PASSED_TEXT;
  const progress = publishProgress(targets);
  const underway = status === 'partly_published' || status === 'publishing' || status === 'scheduled';
  if (underway && progress.published > 0 && progress.total > 1)
    return `${progress.published} of ${progress.total} published`;
  return POST_STATUS_LABELS[status];
}
