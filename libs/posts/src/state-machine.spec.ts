import { InvalidTransitionError } from '@app/core';
import { POST_STATUSES, PostStatus } from './entities/post.entity';
import { assertCan, canDo, publishingActionFor, statesAllowing, transition } from './state-machine';
import { statusFromTargets } from './targets/store/post-status';

describe('the post state machine', () => {
  it.each([
    ['draft', 'submit', 'in_review'],
    ['changes_requested', 'submit', 'in_review'],
    ['in_review', 'approve', 'approved'],
    ['in_review', 'request_changes', 'changes_requested'],
    ['in_review', 'reject', 'rejected'],
    ['in_review', 'edit', 'draft'],
    ['approved', 'schedule', 'scheduled'],
    ['scheduled', 'cancel', 'approved'],
    ['approved', 'void_approval', 'draft'],
    ['scheduled', 'void_approval', 'draft'],
    ['approved', 'publish_now', 'scheduled'],
    ['scheduled', 'start_publishing', 'publishing'],
    ['scheduled', 'reschedule', 'scheduled'],
    ['failed', 'mark', 'failed'],
    ['partly_published', 'mark', 'partly_published'],
    ['failed', 'retry', 'scheduled'],
    ['partly_published', 'retry', 'scheduled'],
    ['publishing', 'retry', 'publishing'],
    ['scheduled', 'retry', 'scheduled'],
    ['publishing', 'await_retry', 'scheduled'],
  ] as const)('moves a %s post on %s to %s', (from, action, to) => {
    const post = { status: from as PostStatus };
    expect(transition(post, action)).toBe(to);
    expect(post.status).toBe(to);
  });

  it('lets the targets decide where finish_publishing leads', () => {
    expect(transition({ status: 'publishing' }, 'finish_publishing', 'published')).toBe('published');
    expect(transition({ status: 'publishing' }, 'finish_publishing', 'failed')).toBe('failed');
    expect(transition({ status: 'scheduled' }, 'finish_publishing', 'partly_published')).toBe('partly_published');
  });

  it('never deletes a post that is live somewhere, and says why', () => {
    expect(canDo('delete', 'partly_published')).toBe(false);
    expect(() => assertCan('delete', 'partly_published')).toThrow(/cannot be taken back/);
    expect(canDo('delete', 'failed')).toBe(true);
  });

  it('retries only a post whose networks were tried', () => {
    expect(POST_STATUSES.filter((s) => canDo('retry', s))).toEqual([
      'scheduled',
      'publishing',
      'partly_published',
      'failed',
    ]);
  });

  it('refuses a transition with a 409 that names the current state, and leaves the post as it was', () => {
    const post = { status: 'draft' as PostStatus };
    expect(() => transition(post, 'approve')).toThrow(InvalidTransitionError);
    expect(() => transition(post, 'approve')).toThrow(/draft/);
    expect(post.status).toBe('draft');
  });

  it('tells how to get rid of a published post', () => {
    expect(() => assertCan('delete', 'published')).toThrow(/mark them instead/);
  });

  it('never lets anything but mark touch a final post', () => {
    for (const status of ['published', 'partly_published', 'failed'] as const) {
      expect(
        (
          ['edit', 'submit', 'approve', 'schedule', 'publish_now', 'start_publishing', 'finish_publishing'] as const
        ).filter((a) => canDo(a, status)),
      ).toEqual([]);
    }
  });

  it('gives a batch the states it may change', () => {
    expect(statesAllowing('start_publishing')).toEqual(['scheduled', 'publishing']);
  });

  it('maps what the targets say to the action that gets the post there', () => {
    expect(publishingActionFor('publishing')).toBe('start_publishing');
    expect(publishingActionFor('published')).toBe('finish_publishing');
    expect(publishingActionFor('failed')).toBe('finish_publishing');
    expect(publishingActionFor('partly_published')).toBe('finish_publishing');
    expect(publishingActionFor('scheduled')).toBe('schedule');
    expect(publishingActionFor('scheduled', 'publishing')).toBe('await_retry');
    expect(publishingActionFor('draft')).toBeNull();
  });

  it('allows every action from at least one state, so none is dead', () => {
    const actions = [
      'edit',
      'reschedule',
      'submit',
      'approve',
      'request_changes',
      'reject',
      'schedule',
      'cancel',
      'delete',
      'publish_now',
      'start_publishing',
      'finish_publishing',
      'mark',
      'void_approval',
      'retry',
      'await_retry',
    ] as const;
    for (const action of actions) expect(POST_STATUSES.some((s) => canDo(action, s))).toBe(true);
  });
});

describe('a post status derived from its targets', () => {
  const t = (...statuses: Array<'scheduled' | 'publishing' | 'published' | 'failed' | 'pending'>) =>
    statuses.map((status) => ({ status }));

  it.each([
    ['scheduled', t('published', 'published'), 'published'],
    ['publishing', t('published', 'publishing'), 'publishing'],
    // Nothing on its way, one waiting for a retry: scheduled, so it can be cancelled or moved meanwhile.
    ['publishing', t('published', 'scheduled'), 'scheduled'],
    ['scheduled', t('scheduled', 'scheduled'), 'scheduled'],
    ['publishing', t('published', 'failed'), 'partly_published'],
    ['publishing', t('published', 'failed', 'published'), 'partly_published'],
    ['publishing', t('failed', 'failed'), 'failed'],
    ['publishing', t('published', 'failed', 'scheduled'), 'scheduled'],
    ['publishing', t('publishing', 'scheduled'), 'publishing'],
    ['approved', t(), 'approved'],
  ] as const)('a %s post with targets %j is %s', (current, targets, expected) => {
    expect(statusFromTargets(current, [...targets])).toBe(expected);
  });
});
