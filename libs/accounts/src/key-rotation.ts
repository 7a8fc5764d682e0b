// Re-encrypts every stored token from one SECRET_KEY to another, in one transaction (scripts/rotate-secret-key.ts).
import { DataSource } from 'typeorm';
import { inTransaction } from '@app/core';
import { AccountStore, type TokenChanges } from './account-store';
import { SocialAccount } from './social-account.entity';
import { TokenVault } from './token-vault';

export interface KeyRotationReport {
  accounts: number;
  /** Access and refresh tokens re-encrypted. */
  tokens: number;
}

/** Some tokens do not open under the old key: nothing was changed. Names accounts and fields, never token text. */
export class KeyRotationRefused extends Error {
  constructor(
    readonly unreadable: Array<{ accountId: string; field: 'accessToken' | 'refreshToken' }>,
    /** How many of those already open under the new key (a rotation that already ran). */
    readonly alreadyUnderNewKey: number,
  ) {
    super(
      `${unreadable.length} stored token(s) cannot be decrypted with OLD_SECRET_KEY` +
        (alreadyUnderNewKey
          ? ` (${alreadyUnderNewKey} of them already open with NEW_SECRET_KEY: was the rotation already done?)`
          : '') +
        '; nothing was changed',
    );
    this.name = 'KeyRotationRefused';
  }
}

const FIELDS = [
  ['accessToken', 'accessTokenEnc'],
  ['refreshToken', 'refreshTokenEnc'],
] as const;

export async function rotateTokenKey(
  dataSource: DataSource,
  oldKey: string,
  newKey: string,
): Promise<KeyRotationReport> {
  if (oldKey === newKey) throw new Error('OLD_SECRET_KEY and NEW_SECRET_KEY are the same');
  if (newKey.length < 32)
    throw new Error('NEW_SECRET_KEY must be at least 32 characters (e.g. openssl rand -base64 48)');
  const oldVault = new TokenVault(oldKey);
  const newVault = new TokenVault(newKey);
  const store = new AccountStore(dataSource);
  return inTransaction(dataSource, async (tx) => {
    // Locked on PostgreSQL: nobody changes a token under us.
    const accounts = await store.allLockedEverywhere(tx);
    const unreadable: KeyRotationRefused['unreadable'] = [];
    let alreadyUnderNewKey = 0;
    const updates: Array<{ account: SocialAccount; changes: TokenChanges }> = [];
    let tokens = 0;
    for (const account of accounts) {
      const changes: Pick<TokenChanges, 'accessTokenEnc' | 'refreshTokenEnc'> = {};
      for (const [field, column] of FIELDS) {
        const sealed = account[column];
        if (!sealed) continue;
        let plaintext: string;
        try {
          plaintext = oldVault.open(sealed, account.id);
        } catch {
          unreadable.push({ accountId: account.id, field });
          if (opens(newVault, sealed, account.id)) alreadyUnderNewKey++;
          continue;
        }
        const resealed = newVault.seal(plaintext, account.id);
        if (newVault.open(resealed, account.id) !== plaintext)
          throw new Error(`re-encryption check failed for account ${account.id}`);
        changes[column] = resealed;
        tokens++;
      }
      if (Object.keys(changes).length) updates.push({ account, changes });
    }
    if (unreadable.length) throw new KeyRotationRefused(unreadable, alreadyUnderNewKey);
    for (const { account, changes } of updates) await store.updateTokens(account.practiceId, account.id, changes, tx);
    return { accounts: updates.length, tokens };
  });
}

function opens(vault: TokenVault, sealed: string, accountId: string): boolean {
  try {
    vault.open(sealed, accountId);
    return true;
  } catch {
    return false;
  }
}
