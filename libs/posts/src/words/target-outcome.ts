// What happened to a post on one network, in the practice's words: the state, when, and for a target that did
// not go out, why (the network's own message is kept in lastError) and what a person can do about it.
import { NETWORK_NAMES } from '@app/publishing';
import type { PostTarget } from '../entities/post-target.entity';

/** Failures a retry cannot fix: the content or its approval no longer holds, so a new review is needed. */
export const NEEDS_NEW_REVIEW = ['content_changed', 'phi_regression', 'authorization_expired', 'render_failed'];

/** lastErrorKind of a target waiting (scheduled) while its account needs reconnecting. */
export const WAITING_FOR_RECONNECT = 'account_needs_reconnect';

export type TargetState = 'not_scheduled' | 'waiting' | 'publishing' | 'published' | 'failed' | 'cancelled';

export interface TargetOutcome {
  state: TargetState;
  /** One sentence: "Published on Facebook", "Did not go out on LinkedIn", "Waiting: …". */
  summary: string;
  /** When it went out, or when the last attempt ended (failed), or the next attempt (waiting). */
  at: Date | null;
  /** What a person can do next, when something is expected of them. */
  nextStep: string | null;
  /** Retry is offered: it failed, and trying again can help. */
  retryable: boolean;
}

type TargetFacts = Pick<
  PostTarget,
  'status' | 'network' | 'lastErrorKind' | 'lastError' | 'publishedAt' | 'nextAttemptAt' | 'dueAt' | 'updatedAt'
>;

export function describeTarget(target: TargetFacts, account?: { name: string; status: string } | null): TargetOutcome {
  const network = NETWORK_NAMES[target.network];
  switch (target.status) {
    case 'published':
      return {
        state: 'published',
        summary: `Published on ${network}`,
        at: target.publishedAt,
        nextStep: null,
        retryable: false,
      };
    case 'cancelled':
      return {
        state: 'cancelled',
        summary: `Cancelled for ${network}`,
        at: target.updatedAt,
        nextStep: null,
        retryable: false,
      };
    case 'pending':
      return {
        state: 'not_scheduled',
        summary: `Not scheduled on ${network} yet`,
        at: null,
        nextStep: null,
        retryable: false,
      };
    case 'publishing':
      return {
        state: 'publishing',
        summary: `Going out on ${network} now`,
        at: null,
        nextStep: null,
        retryable: false,
      };
    case 'scheduled':
      return waiting(target, network, account);
    case 'failed':
      return {
        state: 'failed',
        summary: `Did not go out on ${network}`,
        at: target.updatedAt,
        nextStep: nextStepFor(target.lastErrorKind, network, account),
        // Not while its account still needs reconnecting: Retry would only be refused (the next step says so).
        retryable:
          !NEEDS_NEW_REVIEW.includes(target.lastErrorKind ?? '') &&
          target.lastErrorKind !== 'post_gone' &&
          (!account || account.status === 'connected'),
      };
  }
}

function waiting(
  target: TargetFacts,
  network: string,
  account: { name: string; status: string } | null | undefined,
): TargetOutcome {
  const retrying = target.lastErrorKind !== null && target.nextAttemptAt !== null;
  if (target.lastErrorKind === WAITING_FOR_RECONNECT || (account && account.status !== 'connected'))
    return {
      state: 'waiting',
      summary: `Waiting on ${network}: the account${account ? ` "${account.name}"` : ''} needs to be reconnected`,
      at: target.nextAttemptAt ?? target.dueAt,
      nextStep:
        'Reconnect the account under Accounts; the post then goes out at its next attempt. If it is not reconnected before the lateness limit, it will not go out.',
      retryable: false,
    };
  return {
    state: 'waiting',
    summary: retrying ? `Trying again on ${network}` : `Scheduled on ${network}`,
    at: target.nextAttemptAt ?? target.dueAt,
    nextStep: null,
    retryable: false,
  };
}

function nextStepFor(kind: string | null, network: string, account?: { name: string; status: string } | null): string {
  const reconnect = `Reconnect the ${network} account${account ? ` "${account.name}"` : ''} under Accounts, then press Retry.`;
  switch (kind) {
    case 'auth_expired':
    case 'permission_denied':
    case 'account_unavailable':
    case WAITING_FOR_RECONNECT:
      return account?.status === 'connected' ? 'The account has been reconnected: press Retry.' : reconnect;
    case 'rate_limited':
    case 'transient':
    case 'unknown_outcome':
      return `Press Retry to try again now (we first check ${network} so it is never posted twice).`;
    case 'duplicate':
      return `${network} already has a post with this text. Check the page; to post again, Duplicate it, change the text and send the copy for review.`;
    case 'rejected_content':
      return `Duplicate it, change what ${network} refused and send the copy for review.`;
    case 'version_retired':
      return 'An administrator must set LINKEDIN_VERSION to a current version and restart; then press Retry.';
    case 'too_late':
      return 'Press Retry to publish it now anyway, or Duplicate it and pick a new time.';
    case 'content_changed':
    case 'phi_regression':
    case 'authorization_expired':
    case 'render_failed':
      return 'The approved text no longer holds. Duplicate it and send the copy for review.';
    case 'post_gone':
      return 'The post was deleted; nothing more to do.';
    case null:
    default:
      return 'Press Retry to try again, or Duplicate it to start over.';
  }
}
