// One opened copy of an account's tokens, shared by every publish that uses it at the same time. A burst holds
// thousands of prepared targets on a few hundred accounts until their instant: decrypted per target, each held its
// own copy (~270 bytes and a decryption each; 8,700 copies for 10,000 targets on 100 accounts in bench:scheduler).
// Held weakly, so the plaintext lives no longer than the publishes that hold it, as before.
import type { AccountCredentials } from '@app/publishing';
import { openCredentials } from './credentials';
import type { SocialAccount } from './social-account.entity';
import type { TokenVault } from './token-vault';

interface Opened {
  /** What it was opened from: any change (a new token, a refresh, another page) opens it again. */
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  externalId: string;
  expiresAt: number | undefined;
  credentials: WeakRef<AccountCredentials>;
}

export class OpenedCredentials {
  private readonly opened = new Map<string, Opened>();
  // An entry goes once nothing holds its credentials (unless it was replaced by a newer opening meanwhile).
  private readonly forget = new FinalizationRegistry<{ accountId: string; entry: Opened }>(({ accountId, entry }) => {
    if (this.opened.get(accountId) === entry) this.opened.delete(accountId);
  });

  constructor(private readonly vault: TokenVault) {}

  /** The account's opened tokens. Throws UnreadableTokenError as openCredentials does. Never mutate the result. */
  of(account: SocialAccount): AccountCredentials {
    const expiresAt = account.tokenExpiresAt?.getTime();
    const entry = this.opened.get(account.id);
    const shared = entry?.credentials.deref();
    if (
      entry &&
      shared &&
      entry.accessTokenEnc === account.accessTokenEnc &&
      entry.refreshTokenEnc === account.refreshTokenEnc &&
      entry.externalId === account.externalId &&
      entry.expiresAt === expiresAt
    )
      return shared;
    const credentials = Object.freeze(openCredentials(this.vault, account));
    const opened: Opened = {
      accessTokenEnc: account.accessTokenEnc,
      refreshTokenEnc: account.refreshTokenEnc,
      externalId: account.externalId,
      expiresAt,
      credentials: new WeakRef(credentials),
    };
    this.opened.set(account.id, opened);
    this.forget.register(credentials, { accountId: account.id, entry: opened });
    return credentials;
  }

  /** Accounts with an opened copy alive (or not yet collected). */
  get size(): number {
    return this.opened.size;
  }
}
