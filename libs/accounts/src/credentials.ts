// Opening an account's sealed tokens for a network call. The plaintext lives only in the returned object.
import type { AccountCredentials } from '@app/publishing';
import type { SocialAccount } from './social-account.entity';
import type { TokenVault } from './token-vault';

export class UnreadableTokenError extends Error {
  constructor(accountId: string) {
    super(
      `The stored token of account ${accountId} cannot be decrypted with the current SECRET_KEY (was the key changed without npm run tokens:rotate-key?)`,
    );
    this.name = 'UnreadableTokenError';
  }
}

export function openCredentials(vault: TokenVault, account: SocialAccount): AccountCredentials {
  const open = (sealed: string | null): string | undefined => {
    if (!sealed) return undefined;
    try {
      return vault.open(sealed, account.id);
    } catch {
      throw new UnreadableTokenError(account.id);
    }
  };
  return {
    // An empty token never reaches a network: the clients answer it with auth_expired (postiz #1328).
    accessToken: open(account.accessTokenEnc) ?? '',
    refreshToken: open(account.refreshTokenEnc),
    externalAccountId: account.externalId,
    expiresAt: account.tokenExpiresAt ?? undefined,
  };
}
