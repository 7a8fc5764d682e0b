// The one error taxonomy every network client maps its failures to.
import { NETWORK_NAMES, type Network } from './network';
import { practiceMessageFor } from './practice-messages';

/**
 * - auth_expired: the token is expired, revoked or invalid; the account needs reconnecting.
 * - permission_denied: the token works but may not do this (missing scope, not a Page admin...).
 * - rate_limited: wait until `retryAt`.
 * - duplicate: the network refused the post as a duplicate of one it already has.
 * - rejected_content: the network refused this content (policy, limits, bad media...).
 * - transient: nothing was published; retrying later is safe.
 * - unknown_outcome: the request reached the network but no usable answer came back (timeout,
 *   reset, 2xx without an id). The post may exist: read back (`findRecent`) before retrying.
 * - version_retired: LinkedIn answered 426 for the configured LinkedIn-Version (admin alert).
 */
export type PublishingErrorKind =
  | 'auth_expired'
  | 'permission_denied'
  | 'rate_limited'
  | 'duplicate'
  | 'rejected_content'
  | 'transient'
  | 'unknown_outcome'
  | 'version_retired';

export const PUBLISHING_ERROR_KINDS: readonly PublishingErrorKind[] = [
  'auth_expired',
  'permission_denied',
  'rate_limited',
  'duplicate',
  'rejected_content',
  'transient',
  'unknown_outcome',
  'version_retired',
];

export interface PublishingErrorInit {
  kind: PublishingErrorKind;
  network: Network;
  /** The network's own message (or ours when the network said nothing, e.g. a timeout). */
  networkMessage: string;
  /** The network's error code: FB `code`/`error_subcode`, LinkedIn `code`, X `title`, OAuth `error`. */
  networkCode?: string;
  httpStatus?: number;
  /** When to try again; always set for rate_limited. */
  retryAt?: Date;
  /** Why the outcome is unknown or the call failed, in a few words (e.g. 'timeout', 'missing_id'). */
  reason?: string;
  /** A sentence for the operator (set for version_retired and app misconfiguration). */
  adminMessage?: string;
  /** The API version the network refused (version_retired): the fix is in once the configured one differs. */
  apiVersion?: string;
  cause?: unknown;
}

export class PublishingError extends Error {
  readonly kind: PublishingErrorKind;
  readonly network: Network;
  readonly networkMessage: string;
  readonly networkCode?: string;
  readonly httpStatus?: number;
  readonly retryAt?: Date;
  readonly reason?: string;
  readonly adminMessage?: string;
  readonly apiVersion?: string;
  /** A clear sentence for the practice, including the network's own words. */
  readonly practiceMessage: string;

  constructor(init: PublishingErrorInit) {
    super(`${NETWORK_NAMES[init.network]} ${init.kind}: ${init.networkMessage}`, { cause: init.cause });
    this.name = 'PublishingError';
    this.kind = init.kind;
    this.network = init.network;
    this.networkMessage = init.networkMessage;
    this.networkCode = init.networkCode;
    this.httpStatus = init.httpStatus;
    this.retryAt = init.retryAt;
    this.reason = init.reason;
    this.adminMessage = init.adminMessage;
    this.apiVersion = init.apiVersion;
    this.practiceMessage = practiceMessageFor(init.kind, init.network, init.networkMessage, init.retryAt);
  }

  /** The account must be reconnected by a person before it can post again. */
  get needsReconnect(): boolean {
    return this.kind === 'auth_expired';
  }

  /** Retrying later may succeed (for unknown_outcome: only after a read-back found nothing). */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'transient' || this.kind === 'unknown_outcome';
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      network: this.network,
      networkMessage: this.networkMessage,
      networkCode: this.networkCode,
      httpStatus: this.httpStatus,
      retryAt: this.retryAt?.toISOString(),
      reason: this.reason,
      adminMessage: this.adminMessage,
      practiceMessage: this.practiceMessage,
    };
  }
}

export function isPublishingError(error: unknown): error is PublishingError {
  return error instanceof PublishingError;
}
