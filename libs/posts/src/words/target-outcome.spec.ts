import { PostTarget } from '../entities/post-target.entity';
import { postStatusText, publishProgress } from './post-status-words';
import { describeTarget, WAITING_FOR_RECONNECT } from './target-outcome';

const at = new Date('2026-12-01T15:00:00Z');
const target = (over: Partial<PostTarget>): PostTarget =>
  ({
    status: 'failed',
    network: 'linkedin',
    lastErrorKind: null,
    lastError: null,
    publishedAt: null,
    nextAttemptAt: null,
    dueAt: at,
    updatedAt: at,
    ...over,
  }) as PostTarget;

describe('a post status in words', () => {
  it('says how many networks a partly published post is live on', () => {
    const targets = [target({ status: 'published' }), target({ status: 'published' }), target({ status: 'failed' })];
    expect(postStatusText('partly_published', targets)).toBe('2 of 3 published');
    expect(publishProgress(targets)).toEqual({ published: 2, failed: 1, waiting: 0, total: 3 });
    expect(postStatusText('published', [target({ status: 'published' })])).toBe('Published');
    expect(postStatusText('failed', [target({ status: 'failed' })])).toBe('Failed');
  });
});

describe('what happened on one network', () => {
  it('names the network properly and says what to do after an expired sign-in', () => {
    const outcome = describeTarget(target({ network: 'x', lastErrorKind: 'auth_expired' }), {
      name: 'Harbor Kids',
      status: 'needs_reconnect',
    });
    // Retry is not offered yet: it would be refused until the account is reconnected.
    expect(outcome).toMatchObject({ state: 'failed', summary: 'Did not go out on X', retryable: false, at });
    expect(outcome.nextStep).toBe('Reconnect the X account "Harbor Kids" under Accounts, then press Retry.');
    const reconnected = describeTarget(target({ network: 'x', lastErrorKind: 'auth_expired' }), {
      name: 'Harbor Kids',
      status: 'connected',
    });
    expect(reconnected).toMatchObject({ retryable: true, nextStep: 'The account has been reconnected: press Retry.' });
  });

  it('does not offer a retry when the approval no longer holds', () => {
    const outcome = describeTarget(target({ lastErrorKind: 'phi_regression' }));
    expect(outcome.retryable).toBe(false);
    expect(outcome.nextStep).toMatch(/Duplicate it and send the copy for review/);
  });

  it('says a target waits for its account to be reconnected', () => {
    const next = new Date('2026-12-01T15:01:00Z');
    const outcome = describeTarget(
      target({ status: 'scheduled', network: 'facebook', lastErrorKind: WAITING_FOR_RECONNECT, nextAttemptAt: next }),
      { name: 'Harbor Page', status: 'needs_reconnect' },
    );
    expect(outcome).toMatchObject({ state: 'waiting', at: next, retryable: false });
    expect(outcome.summary).toBe('Waiting on Facebook: the account "Harbor Page" needs to be reconnected');
  });

  it('gives the time and link of a published one', () => {
    expect(describeTarget(target({ status: 'published', publishedAt: at }))).toMatchObject({
      state: 'published',
      summary: 'Published on LinkedIn',
      at,
      nextStep: null,
    });
  });
});
