import { TokenVault } from './token-vault';

describe('TokenVault', () => {
  const vault = new TokenVault('x'.repeat(40));

  it('round-trips a token and never stores it in the clear', () => {
    const sealed = vault.seal('EAAB-page-token-123', 'account-1');
    expect(sealed).not.toContain('EAAB');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(vault.open(sealed, 'account-1')).toBe('EAAB-page-token-123');
  });

  it('uses a fresh IV each time', () => {
    expect(vault.seal('same', 'a')).not.toBe(vault.seal('same', 'a'));
  });

  it('refuses a ciphertext moved to another account, tampered with, or sealed under another key', () => {
    const sealed = vault.seal('token', 'account-1');
    expect(() => vault.open(sealed, 'account-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => vault.open(parts.join('.'), 'account-1')).toThrow();
    expect(() => new TokenVault('y'.repeat(40)).open(sealed, 'account-1')).toThrow();
  });
});
