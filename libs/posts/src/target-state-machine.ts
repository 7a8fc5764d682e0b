// The only transitions a target (one post on one account) has, and the one place its status is decided. Every
// statement that changes targets takes the states it may touch from here (its WHERE) and the state it writes (its
// SET), so a conditional update never moves a target the action does not allow, checked for the whole batch by the
// database rather than row by row; a change made in memory (a new target, a loaded post mirrored after an update)
// goes through moveTarget(), which refuses a transition the table does not have.
import { FindOperator, In } from 'typeorm';
import { InvalidTransitionError } from '@app/core';
import { TargetStatus } from './entities/post-target.entity';

export type TargetAction =
  | 'schedule'
  | 'move'
  | 'unschedule'
  | 'cancel'
  | 'void_approval'
  | 'make_due'
  | 'retry'
  | 'claim'
  | 'take_over'
  | 'renew_lease'
  | 'record_published'
  | 'await_retry'
  | 'release'
  | 'fail';

/** Where a target starts: waiting for its post to be approved and scheduled. */
export const NEW_TARGET_STATUS: TargetStatus = 'pending';

/**
 * Which states each action may start from. published and cancelled are final: what is live cannot be taken back
 * (nothing may send it again), and a cancelled target belongs to a deleted post. publishing is left only by the
 * attempt that holds the claim (its outcome, a release or a retry) or by a takeover of its expired lease: a person's
 * action never moves a target in flight, since the attempt records its outcome only while the target is publishing
 * (moved away, a post the network took would go unrecorded and be sent again).
 */
const ALLOWED_FROM: Record<TargetAction, readonly TargetStatus[]> = {
  // The post was scheduled (approved, with a time ahead). Only targets waiting: one published stays published, one
  // in flight settles on its own, one failed waits for Retry (which checks the account and the failure first).
  schedule: ['pending'],
  // A scheduled post's time moved: the target keeps its state and goes out at the new time.
  move: ['scheduled'],
  // The post was cancelled, unscheduled or its time passed: it stays approved and waits for a time again.
  unschedule: ['scheduled'],
  // The post was deleted: what was still to go out never will.
  cancel: ['scheduled'],
  // The approval no longer holds (content edited, a dated template no longer fits): what had not gone out waits for
  // the next approval, a failed network included, so an edit that fixes the failure goes out with that approval.
  void_approval: ['pending', 'scheduled', 'failed'],
  // Publish now: what waits (not scheduled yet, or for its time or a retry) is due at once.
  make_due: ['pending', 'scheduled'],
  // A person tries a failed network again (after the account was reconnected, or a hiccup passed).
  retry: ['failed'],
  // The publisher's claim of a due target, for one attempt.
  claim: ['scheduled'],
  // An attempt whose lease ended (its worker died or hung) is continued by another claim.
  take_over: ['publishing'],
  // The attempt holding the claim extends its lease.
  renew_lease: ['publishing'],
  // The network took it.
  record_published: ['publishing'],
  // The attempt ended in an error worth another try later.
  await_retry: ['publishing'],
  // The claim is given back before anything was sent.
  release: ['publishing'],
  // The attempt ended in an error no retry fixes, or the target was stopped (content or approval no longer holds).
  fail: ['publishing'],
};

/** Where each action leads (move, take_over and renew_lease keep the state: they change times and claims). */
const LEADS_TO: Record<TargetAction, TargetStatus> = {
  schedule: 'scheduled',
  move: 'scheduled',
  unschedule: 'pending',
  cancel: 'cancelled',
  void_approval: 'pending',
  make_due: 'scheduled',
  retry: 'scheduled',
  claim: 'publishing',
  take_over: 'publishing',
  renew_lease: 'publishing',
  record_published: 'published',
  await_retry: 'scheduled',
  release: 'scheduled',
  fail: 'failed',
};

const HUMAN: Record<TargetAction, string> = {
  schedule: 'schedule',
  move: 'move',
  unschedule: 'unschedule',
  cancel: 'cancel',
  void_approval: 'void the approval of',
  make_due: 'publish now',
  retry: 'retry',
  claim: 'claim',
  take_over: 'take over',
  renew_lease: 'renew the lease of',
  record_published: 'record as published',
  await_retry: 'plan a retry of',
  release: 'release',
  fail: 'fail',
};

export function canMoveTarget(action: TargetAction, status: TargetStatus): boolean {
  return ALLOWED_FROM[action].includes(status);
}

export function assertCanMoveTarget(action: TargetAction, status: TargetStatus): void {
  if (!canMoveTarget(action, status)) throw new InvalidTransitionError('target', status, HUMAN[action]);
}

/** Checks the action against the target's state, then moves it (and sets `fields`): a change made in memory. */
export function moveTarget<T extends { status: TargetStatus }>(
  target: T,
  action: TargetAction,
  fields: Partial<Omit<T, 'status'>> = {},
): T {
  assertCanMoveTarget(action, target.status);
  return Object.assign(target, fields, { status: LEADS_TO[action] });
}

/**
 * The targets the action allows, moved in memory; the others stay as they are. What a conditional update (status
 * IN the allowed states) did to the rows, mirrored on targets already loaded.
 */
export function moveTargets<T extends { status: TargetStatus }>(
  targets: readonly T[],
  action: TargetAction,
  fields: Partial<Omit<T, 'status'>> = {},
): T[] {
  return targets.filter((t) => canMoveTarget(action, t.status)).map((t) => moveTarget(t, action, fields));
}

/** The states an action may start from, for a conditional statement that changes many targets at once. */
export function targetStatesAllowing(action: TargetAction): readonly TargetStatus[] {
  return ALLOWED_FROM[action];
}

/** The state an action leads to, for the SET of such a statement. */
export function targetLeadsTo(action: TargetAction): TargetStatus {
  return LEADS_TO[action];
}

/** For a batch: the states among `statuses` the action may not start from, each checked once (not once per row). */
export function refusedTargetStates(action: TargetAction, statuses: Iterable<TargetStatus>): TargetStatus[] {
  return [...new Set(statuses)].filter((status) => !canMoveTarget(action, status));
}

/**
 * The WHERE condition of a statement written as SQL: `status = 'scheduled'`, or `status IN ('pending', 'scheduled')`
 * when the action allows several states. The states are the table's own words (never input), so they are inlined
 * and the statement text is the same on every call. Built once per statement, when its module loads.
 */
export function targetStatusCondition(action: TargetAction, column = 'status'): string {
  const from = ALLOWED_FROM[action];
  return from.length === 1 ? `${column} = '${from[0]}'` : `${column} IN (${from.map((s) => `'${s}'`).join(', ')})`;
}

/** The same condition for a TypeORM where object: `{ status: targetStatusIs('fail') }`. */
export function targetStatusIs(action: TargetAction): TargetStatus | FindOperator<TargetStatus> {
  const from = ALLOWED_FROM[action];
  return from.length === 1 ? from[0] : In([...from]);
}
