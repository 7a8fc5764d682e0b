// A reply's life: written (waiting for a reviewer), sent back for changes, approved (waiting for a worker),
// being sent, sent; or failed with a reason, or withdrawn. Pure.
export const REPLY_STATUSES = [
  'in_review',
  'changes_requested',
  'approved',
  'sending',
  'sent',
  'failed',
  'withdrawn',
] as const;
export type ReplyStatus = (typeof REPLY_STATUSES)[number];

/** Text can change until a worker has claimed it; any change sends it back to review. */
export const EDITABLE: readonly ReplyStatus[] = ['in_review', 'changes_requested', 'approved', 'failed'];
export const WITHDRAWABLE: readonly ReplyStatus[] = ['in_review', 'changes_requested', 'approved', 'failed'];
/** At most one reply per comment is on its way at a time. */
export const LIVE: readonly ReplyStatus[] = ['in_review', 'changes_requested', 'approved', 'sending'];
