// The only transitions a post has. Anything else is a 409 that names the current state.
import { InvalidTransitionError } from '@app/core';
import { PostStatus } from './entities/post.entity';

export type PostAction =
  | 'edit' | 'reschedule' | 'submit' | 'approve' | 'request_changes' | 'reject' | 'schedule' | 'cancel'
  | 'delete' | 'start_publishing' | 'finish_publishing' | 'mark' | 'void_approval';

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
  cancel: ['scheduled'],
  delete: ['draft', 'changes_requested', 'in_review', 'approved', 'scheduled', 'rejected', 'failed'],
  start_publishing: ['scheduled', 'publishing'],
  finish_publishing: ['publishing'],
  mark: ['published', 'failed'],
  void_approval: ['approved', 'scheduled'],
};

const HUMAN: Record<PostAction, string> = {
  edit: 'edit', reschedule: 'reschedule', submit: 'submit for review', approve: 'approve', request_changes: 'request changes on',
  reject: 'reject', schedule: 'schedule', cancel: 'cancel', delete: 'delete', start_publishing: 'publish', finish_publishing: 'finish publishing',
  mark: 'mark', void_approval: 'void the approval of',
};

export function canDo(action: PostAction, status: PostStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

export function assertCan(action: PostAction, status: PostStatus): void {
  if (!canDo(action, status)) {
    const hint = action === 'delete' && status === 'published' ? ' (published posts cannot be deleted; mark them instead)' : '';
    const error = new InvalidTransitionError('post', status, HUMAN[action]);
    if (hint) error.message += hint;
    throw error;
  }
}

/** Where an edit leaves a post: always a draft, since the content is no longer what anyone reviewed. */
export const AFTER_EDIT: PostStatus = 'draft';
