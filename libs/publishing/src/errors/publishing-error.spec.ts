import { PUBLISHING_ERROR_KINDS, PublishingError, isPublishingError } from './publishing-error';

describe('PublishingError', () => {
  it.each(PUBLISHING_ERROR_KINDS)("%s has a practice sentence that keeps the network's words", (kind) => {
    const error = new PublishingError({
      kind,
      network: 'linkedin',
      networkMessage: 'Something LinkedIn said',
      retryAt: new Date('2026-11-25T14:05:00Z'),
    });
    expect(error.practiceMessage).toMatch(/^[A-Z].+\. LinkedIn said: "Something LinkedIn said"$/);
    expect(isPublishingError(error)).toBe(true);
  });

  it('rate_limited tells the practice when we will retry', () => {
    const error = new PublishingError({
      kind: 'rate_limited',
      network: 'x',
      networkMessage: 'Too Many Requests',
      retryAt: new Date('2026-11-25T14:05:30Z'),
    });
    expect(error.practiceMessage).toContain('after 2026-11-25 14:05 UTC');
    expect(error.retryable).toBe(true);
    expect(error.needsReconnect).toBe(false);
  });

  it('only auth_expired asks for a reconnect', () => {
    for (const kind of PUBLISHING_ERROR_KINDS) {
      expect(new PublishingError({ kind, network: 'facebook', networkMessage: '' }).needsReconnect).toBe(
        kind === 'auth_expired',
      );
    }
  });

  it('serialises without losing the cause fields', () => {
    const error = new PublishingError({
      kind: 'unknown_outcome',
      network: 'facebook',
      networkMessage: 'timed out',
      reason: 'timeout',
    });
    expect(error.toJSON()).toMatchObject({
      kind: 'unknown_outcome',
      network: 'facebook',
      reason: 'timeout',
      practiceMessage: expect.stringContaining('not be posted twice'),
    });
  });
});
