import { collectGarbage } from '@app/core';
import { UnreadableTokenError } from './credentials';
import { OpenedCredentials } from './opened-credentials';
import { SocialAccount } from './social-account.entity';
import { TokenVault } from './token-vault';

describe('OpenedCredentials', () => {
  const vault = new TokenVault('k'.repeat(40));
  const account = (id: string, token: string, overrides: Partial<SocialAccount> = {}): SocialAccount =>
    Object.assign(new SocialAccount(), {
      id,
      externalId: `page-${id}`,
      accessTokenEnc: vault.seal(token, id),
      refreshTokenEnc: null,
      tokenExpiresAt: new Date('2027-01-01T00:00:00Z'),
      ...overrides,
    });

  it('hands every publish of an unchanged account the same opened (read-only) copy', () => {
    const opened = new OpenedCredentials(vault);
    const row = account('a1', 'EAAB-1');
    const first = opened.of(row);
    // Another read of the same row (a new object with the same sealed values) shares it.
    const again = opened.of(Object.assign(new SocialAccount(), row));
    expect(again).toBe(first);
    expect(first).toEqual({
      accessToken: 'EAAB-1',
      refreshToken: undefined,
      externalAccountId: 'page-a1',
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(Object.isFrozen(first)).toBe(true);
    expect(opened.of(account('a2', 'EAAB-2')).accessToken).toBe('EAAB-2');
  });

  it('opens again when the token, the refresh token, the page or the expiry changed', () => {
    const opened = new OpenedCredentials(vault);
    const row = account('a1', 'old');
    const first = opened.of(row);
    const renewed = opened.of(account('a1', 'new'));
    expect(renewed).not.toBe(first);
    expect(renewed.accessToken).toBe('new');
    const same = { accessTokenEnc: row.accessTokenEnc };
    expect(opened.of(account('a1', 'x', { ...same, refreshTokenEnc: vault.seal('r', 'a1') })).refreshToken).toBe('r');
    expect(opened.of(account('a1', 'x', { ...same, externalId: 'other-page' })).externalAccountId).toBe('other-page');
    const later = new Date('2027-06-01T00:00:00Z');
    expect(opened.of(account('a1', 'x', { ...same, tokenExpiresAt: later })).expiresAt).toEqual(later);
  });

  it('says which account cannot be read, every time (a failure is not remembered as credentials)', () => {
    const opened = new OpenedCredentials(vault);
    const sealedElsewhere = new TokenVault('z'.repeat(40)).seal('t', 'a9');
    const broken = account('a9', 't', { accessTokenEnc: sealedElsewhere });
    expect(() => opened.of(broken)).toThrow(UnreadableTokenError);
    expect(() => opened.of(broken)).toThrow(/a9/);
  });

  it('keeps no plaintext once no publish holds it', async () => {
    const opened = new OpenedCredentials(vault);
    let held: unknown = opened.of(account('a1', 'EAAB-1'));
    expect(opened.size).toBe(1);
    held = undefined;
    for (let i = 0; i < 50 && opened.size > 0; i++) {
      expect(collectGarbage()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(held).toBeUndefined();
    expect(opened.size).toBe(0);
  });
});
