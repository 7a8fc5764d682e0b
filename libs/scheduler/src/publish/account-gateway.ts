// What publishing needs from social accounts. The accounts lib's AccountsService implements it.
import type { SocialAccount } from '@app/accounts';
import type { AccountCredentials, PublishingError } from '@app/publishing';

export interface AccountGateway {
  credentials(account: SocialAccount): AccountCredentials;
  /** The accounts published at `at` (kept as their latest publish time). */
  recordPublishSuccess(accounts: Array<{ practiceId: string; accountId: string }>, at: Date): Promise<void>;
  /**
   * Marks needs_reconnect (and alerts) when the error says so, after trying a token refresh for an expired
   * token; `tokenRefreshed` means a retry may now succeed. Records the last error otherwise. `status` is the
   * account's status afterwards: still `connected` after an auth failure means the refresh could not be
   * decided now (another worker is refreshing, or the token endpoint is down).
   */
  recordFailureAndRecover(
    practiceId: string,
    accountId: string,
    error: PublishingError,
  ): Promise<{ status: SocialAccount['status']; tokenRefreshed: boolean }>;
}

export const ACCOUNT_GATEWAY = Symbol('ACCOUNT_GATEWAY');
