// When to try again: exponential backoff with jitter for transient failures, the network's own reset
// time for rate limits, and a fixed number of attempts before a target is failed with its reason.
import { PublishingError } from '@app/publishing';

export const MAX_ATTEMPTS = 6;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 30 * 60_000;

/** The next attempt time, or null when the target should fail now. */
export function nextAttemptAt(
  error: PublishingError,
  attempts: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  if (!error.retryable || attempts >= MAX_ATTEMPTS) return null;
  if (error.kind === 'rate_limited' && error.retryAt && error.retryAt > now) {
    // Wait for the reset, plus a little spread so every account does not return in the same second.
    return new Date(error.retryAt.getTime() + Math.floor(random() * 5_000));
  }
  const exponential = Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS);
  const jitter = exponential * (0.8 + random() * 0.4);
  return new Date(now.getTime() + Math.round(jitter));
}
