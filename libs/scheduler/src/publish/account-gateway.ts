// What publishing needs from social accounts. The accounts lib implements it; tests can fake it.
import type { SocialAccount } from '@app/accounts';
import type { AccountCredentials, PublishingError } from '@app/publishing';

export interface AccountGateway {
  credentials(account: SocialAccount): AccountCredentials;
  recordPublishSuccess(practiceId: string, accountId: string, at: Date): Promise<void>;
  /** Marks needs_reconnect (and alerts) when the error says so; records the last error otherwise. */
  recordFailure(practiceId: string, accountId: string, error: PublishingError): Promise<void>;
}

export const ACCOUNT_GATEWAY = Symbol('ACCOUNT_GATEWAY');
