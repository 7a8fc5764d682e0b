import { PublishingError } from '@app/publishing';
import { MAX_ATTEMPTS, nextAttemptAt } from './retry-policy';

const now = new Date('2027-01-01T12:00:00Z');
const error = (kind: PublishingError['kind'], retryAt?: Date) =>
  new PublishingError({ kind, network: 'x', networkMessage: 'boom', retryAt });

describe('nextAttemptAt', () => {
  it('backs off exponentially with jitter for transient errors', () => {
    const delays = [1, 2, 3, 4].map(
      (attempt) => nextAttemptAt(error('transient'), attempt, now, () => 0.5)!.getTime() - now.getTime(),
    );
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000]);
    const low = nextAttemptAt(error('transient'), 1, now, () => 0)!.getTime() - now.getTime();
    const high = nextAttemptAt(error('transient'), 1, now, () => 0.999)!.getTime() - now.getTime();
    expect(low).toBe(24_000);
    expect(high).toBeGreaterThan(35_900);
  });

  it("waits for the network's reset time when rate limited", () => {
    const reset = new Date(now.getTime() + 15 * 60_000);
    const at = nextAttemptAt(error('rate_limited', reset), 1, now, () => 0)!;
    expect(at.toISOString()).toBe(reset.toISOString());
  });

  it.each(['auth_expired', 'permission_denied', 'rejected_content', 'duplicate', 'version_retired'] as const)(
    'does not retry %s',
    (kind) => {
      expect(nextAttemptAt(error(kind), 1, now)).toBeNull();
    },
  );

  it('gives up after the last attempt', () => {
    expect(nextAttemptAt(error('transient'), MAX_ATTEMPTS, now)).toBeNull();
    expect(nextAttemptAt(error('unknown_outcome'), MAX_ATTEMPTS - 1, now)).not.toBeNull();
  });
});
