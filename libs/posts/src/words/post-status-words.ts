// The words for a post's status, defined once: the API's statusText, the calendar, the badges and the iCal feed.
import { PostStatus } from '../entities/post.entity';
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

/**
 * The status as a person reads it: "2 of 3 published" for a partly published post (and for one still going
 * out on the others, or whose other networks wait for a retry: "Scheduled" there would hide that it is live),
 * the label otherwise.
 */
export function postStatusText(status: PostStatus, targets: ReadonlyArray<Pick<PostTarget, 'status'>>): string {
  const progress = publishProgress(targets);
  const underway = status === 'partly_published' || status === 'publishing' || status === 'scheduled';
  if (underway && progress.published > 0 && progress.total > 1)
    return `${progress.published} of ${progress.total} published`;
  return POST_STATUS_LABELS[status];
}
