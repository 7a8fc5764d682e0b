// What the inbox does when a network says an account's token no longer works: the same as publishing does (one
// refresh try where the token can be refreshed, else needs_reconnect with one alert), so a person learns of it from
// the inbox too, not only from a failed post.
import { AccountsService } from '@app/accounts';
import { PublishingError } from '@app/publishing';
import type { InboxNetwork } from '../networks';

export type RefusalOutcome = 'refreshed' | 'needs_reconnect';

export type OnAuthExpired = (
  practiceId: string,
  accountId: string,
  network: InboxNetwork,
  networkMessage: string,
) => Promise<RefusalOutcome>;

export function onAuthExpiredVia(accounts: AccountsService): OnAuthExpired {
  return async (practiceId, accountId, network, networkMessage) => {
    const outcome = await accounts.recordFailureAndRecover(
      practiceId,
      accountId,
      new PublishingError({ kind: 'auth_expired', network, networkMessage }),
    );
    return outcome.tokenRefreshed ? 'refreshed' : 'needs_reconnect';
  };
}
