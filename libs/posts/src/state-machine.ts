// The only transitions a post has, and the one place its status changes: use cases call transition() for one
// post and the publisher's batches check every state they change at once (statesAllowing, in the statement's WHERE).
// Anything else is a 409 that names the current state. A target's status has its own (target-state-machine.ts).
import { InvalidTransitionError } from '@app/core';
import { PostStatus } from './entities/post.entity';

export type PostAction =
  | 'edit'
  | 'reschedule'
  | 'submit'
  | 'approve'
  | 'request_changes'
  | 'reject'
  | 'schedule'
  | 'cancel'
  | 'delete'
  | 'publish_now'
  | 'start_publishing'
  | 'finish_publishing'
  | 'mark'
  | 'void_approval'
  | 'retry'
  | 'await_retry';

/** Every state but the final ones. */
const NOT_FINAL: readonly PostStatus[] = [
  'draft',
  'in_review',
  'changes_requested',
  'approved',
  'rejected',
  'scheduled',
  'publishing',
];

/** Which states each action may start from. */
const ALLOWED_FROM: Record<PostAction, readonly PostStatus[]> = {
  // Editing content of a post under review withdraws it; editing an approved or scheduled post voids the approval.
  edit: ['draft', 'changes_requested', 'in_review', 'approved', 'scheduled'],
  reschedule: ['draft', 'changes_requested', 'in_review', 'approved', 'scheduled'],
  submit: ['draft', 'changes_requested'],
  approve: ['in_review'],
  request_changes: ['in_review'],
  reject: ['in_review'],
  schedule: ['approved'],
  // Also a reschedule to a time that has passed: the post keeps its approval but is no longer scheduled.
  cancel: ['scheduled'],
  // Never partly_published: what is live cannot be taken back, so its record stays (see ComposePost.remove).
  delete: ['draft', 'changes_requested', 'in_review', 'approved', 'scheduled', 'rejected', 'failed'],
  publish_now: ['approved', 'scheduled'],
  start_publishing: ['scheduled', 'publishing'],
  // What the network did is a fact: an attempt already in flight when a person cancelled, edited or reviewed the
  // post again still settles it (published or failed). Only a final state stays as it is.
  finish_publishing: NOT_FINAL,
  mark: ['published', 'partly_published', 'failed'],
  void_approval: ['approved', 'scheduled'],
  // A failed network tried again: after the outcome (failed, partly published) or while the others still wait.
  retry: ['scheduled', 'publishing', 'partly_published', 'failed'],
  // Nothing of the post is on its way any more, only retries planned for later (say, while an account needs
  // reconnecting): it shows as scheduled again, so it can be cancelled, unscheduled or moved meanwhile.
  await_retry: ['publishing'],
};

/** The outcomes a publishing attempt settles a post in (the targets decide which). */
export const PUBLISH_OUTCOMES = ['published', 'partly_published', 'failed'] as const;
export type PublishOutcomeStatus = (typeof PUBLISH_OUTCOMES)[number];

/** Where each action leads; null: it keeps the state (reschedule, delete, mark) or the targets decide it (finish_publishing). */
const LEADS_TO: Record<PostAction, PostStatus | null> = {
  edit: 'draft',
  reschedule: null,
  submit: 'in_review',
  approve: 'approved',
  request_changes: 'changes_requested',
  reject: 'rejected',
  schedule: 'scheduled',
  cancel: 'approved',
  delete: null,
  publish_now: 'scheduled',
  start_publishing: 'publishing',
  finish_publishing: null,
  mark: null,
  void_approval: 'draft',
  // scheduled again when the post had settled; a post whose other networks are still going keeps its state.
  retry: null,
  await_retry: 'scheduled',
};

const HUMAN: Record<PostAction, string> = {
  edit: 'edit',
  reschedule: 'reschedule',
  submit: 'submit for review',
  approve: 'approve',
  request_changes: 'request changes on',
  reject: 'reject',
  schedule: 'schedule',
  cancel: 'cancel',
  delete: 'delete',
  publish_now: 'publish now',
  start_publishing: 'publish',
  finish_publishing: 'finish publishing',
  mark: 'mark',
  void_approval: 'void the approval of',
  retry: 'retry',
  await_retry: 'wait for a retry of',
};

export function canDo(action: PostAction, status: PostStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

export function assertCan(action: PostAction, status: PostStatus): void {
  if (!canDo(action, status)) {
    const hint =
      action === 'delete' && (status === 'published' || status === 'partly_published')
        ? ' (published posts cannot be deleted: what is live cannot be taken back, so the record stays; mark them instead)'
        : '';
    const error = new InvalidTransitionError('post', status, HUMAN[action]);
    if (hint) error.message += hint;
    throw error;
  }
}

/**
 * Checks the action against the post's state and moves it to the state the action leads to (`to` for
 * finish_publishing, whose outcome the targets decide). The one way a use case changes a post's status.
 */
export function transition(post: { status: PostStatus }, action: PostAction, to?: PublishOutcomeStatus): PostStatus {
  assertCan(action, post.status);
  const next =
    action === 'finish_publishing' ? to : action === 'retry' && isSettled(post.status) ? 'scheduled' : LEADS_TO[action];
  if (next) post.status = next;
  return post.status;
}

/** The states an action may start from, for a conditional statement that changes many posts at once. */
export function statesAllowing(action: PostAction): readonly PostStatus[] {
  return ALLOWED_FROM[action];
}

/** The action that moves a post (now `current`) into a state the publisher derives from its targets. */
export function publishingActionFor(next: PostStatus, current?: PostStatus): PostAction | null {
  if (next === 'publishing') return 'start_publishing';
  if ((PUBLISH_OUTCOMES as readonly PostStatus[]).includes(next)) return 'finish_publishing';
  if (next === 'scheduled') return current === 'publishing' ? 'await_retry' : 'schedule';
  return null;
}

/** A post whose publishing has ended, one way or the other. */
export function isSettled(status: PostStatus): status is PublishOutcomeStatus {
  return (PUBLISH_OUTCOMES as readonly PostStatus[]).includes(status);
}
