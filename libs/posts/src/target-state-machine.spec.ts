import { InvalidTransitionError } from '@app/core';
import { TARGET_STATUSES, TargetStatus } from './entities/post-target.entity';
import {
  assertCanMoveTarget,
  canMoveTarget,
  moveTarget,
  moveTargets,
  NEW_TARGET_STATUS,
  refusedTargetStates,
  TargetAction,
  targetLeadsTo,
  targetStatesAllowing,
  targetStatusCondition,
  targetStatusIs,
} from './target-state-machine';

/** Every action: the states it may start from and the state it leads to. */
const TABLE: Record<TargetAction, { from: TargetStatus[]; to: TargetStatus }> = {
  schedule: { from: ['pending'], to: 'scheduled' },
  move: { from: ['scheduled'], to: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'pending' },
  cancel: { from: ['scheduled'], to: 'cancelled' },
  void_approval: { from: ['pending', 'scheduled', 'failed'], to: 'pending' },
  make_due: { from: ['pending', 'scheduled'], to: 'scheduled' },
  retry: { from: ['failed'], to: 'scheduled' },
  claim: { from: ['scheduled'], to: 'publishing' },
  take_over: { from: ['publishing'], to: 'publishing' },
  renew_lease: { from: ['publishing'], to: 'publishing' },
  record_published: { from: ['publishing'], to: 'published' },
  await_retry: { from: ['publishing'], to: 'scheduled' },
  release: { from: ['publishing'], to: 'scheduled' },
  fail: { from: ['publishing'], to: 'failed' },
};
const ACTIONS = Object.keys(TABLE) as TargetAction[];
const actionsFrom = (status: TargetStatus) => ACTIONS.filter((a) => canMoveTarget(a, status));

describe('the target state machine', () => {
  it.each(ACTIONS.flatMap((action) => TABLE[action].from.map((from) => [from, action, TABLE[action].to] as const)))(
    'moves a %s target on %s to %s',
    (from, action, to) => {
      const target = { status: from as TargetStatus };
      expect(moveTarget(target, action).status).toBe(to);
      expect(targetLeadsTo(action)).toBe(to);
    },
  );

  it.each(
    ACTIONS.flatMap((action) =>
      TARGET_STATUSES.filter((s) => !TABLE[action].from.includes(s)).map((from) => [from, action] as const),
    ),
  )('refuses to move a %s target on %s, and leaves it as it was', (from, action) => {
    const target = { status: from as TargetStatus, dueAt: null };
    expect(canMoveTarget(action, from)).toBe(false);
    expect(() => moveTarget(target, action, { dueAt: null })).toThrow(InvalidTransitionError);
    expect(target.status).toBe(from);
  });

  it('allows each action from exactly the states of the table', () => {
    for (const action of ACTIONS) expect(targetStatesAllowing(action)).toEqual(TABLE[action].from);
  });

  it('never moves a published or cancelled target: what is live is never sent again', () => {
    expect(actionsFrom('published')).toEqual([]);
    expect(actionsFrom('cancelled')).toEqual([]);
    // Nothing leads back to a state from which it would be claimed again, from published.
    expect(ACTIONS.filter((a) => targetLeadsTo(a) === 'published')).toEqual(['record_published']);
  });

  it('lets a target in flight be moved only by the attempt holding it (or a takeover of its expired lease)', () => {
    expect(actionsFrom('publishing')).toEqual([
      'take_over',
      'renew_lease',
      'record_published',
      'await_retry',
      'release',
      'fail',
    ]);
    // None of a person's actions: the attempt could no longer record its outcome.
    for (const action of ['schedule', 'unschedule', 'cancel', 'void_approval', 'make_due', 'retry'] as const)
      expect(canMoveTarget(action, 'publishing')).toBe(false);
  });

  it('leaves failed only by a retry or a new approval, never by scheduling or publish now', () => {
    expect(actionsFrom('failed')).toEqual(['void_approval', 'retry']);
  });

  it('starts a new target pending, and schedules it only from there', () => {
    expect(NEW_TARGET_STATUS).toBe('pending');
    expect(
      moveTarget({ status: NEW_TARGET_STATUS, dueAt: null as Date | null }, 'schedule', { dueAt: new Date(0) }),
    ).toEqual({ status: 'scheduled', dueAt: new Date(0) });
  });

  it('refuses with a 409 that names the target state', () => {
    expect(() => assertCanMoveTarget('schedule', 'published')).toThrow('Cannot schedule a target that is published');
  });

  it('mirrors a conditional update in memory: the targets the action allows move, the others stay', () => {
    const targets = (['published', 'scheduled', 'failed', 'publishing', 'pending'] as const).map((status) => ({
      status: status as TargetStatus,
      dueAt: new Date(1) as Date | null,
    }));
    expect(moveTargets(targets, 'void_approval', { dueAt: null })).toHaveLength(3);
    expect(targets).toEqual([
      { status: 'published', dueAt: new Date(1) },
      { status: 'pending', dueAt: null },
      { status: 'pending', dueAt: null },
      { status: 'publishing', dueAt: new Date(1) },
      { status: 'pending', dueAt: null },
    ]);
  });

  it('checks a batch once per distinct state', () => {
    expect(refusedTargetStates('retry', ['failed', 'failed', 'published', 'scheduled', 'published'])).toEqual([
      'published',
      'scheduled',
    ]);
    expect(refusedTargetStates('retry', ['failed', 'failed'])).toEqual([]);
  });

  it('writes the allowed states into a statement: one as =, several as IN', () => {
    expect(targetStatusCondition('claim')).toBe("status = 'scheduled'");
    expect(targetStatusCondition('record_published', 't.status')).toBe("t.status = 'publishing'");
    expect(targetStatusCondition('void_approval')).toBe("status IN ('pending', 'scheduled', 'failed')");
    expect(targetStatusIs('fail')).toBe('publishing');
    expect(targetStatusIs('make_due')).toMatchObject({ type: 'in', value: ['pending', 'scheduled'] });
  });
});
