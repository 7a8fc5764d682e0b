// OAuth pieces shared by the networks: state, PKCE (S256) and token-response parsing.
import { createHash, randomBytes } from 'node:crypto';

export function createState(): string {
  return randomBytes(24).toString('base64url');
}

export interface PkcePair {
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/** RFC 7636: a 43-128 char verifier and its base64url SHA-256 challenge. */
export function createPkcePair(): PkcePair {
  const codeVerifier = randomBytes(48).toString('base64url');
  return { codeVerifier, codeChallenge: pkceChallenge(codeVerifier), codeChallengeMethod: 'S256' };
}

export function pkceChallenge(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier).digest('base64url');
}

export function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
  return params.toString();
}

export function expiresAtFrom(seconds: unknown, now: Date): Date | undefined {
  const n = typeof seconds === 'string' ? Number(seconds) : seconds;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? new Date(now.getTime() + n * 1000) : undefined;
}

export function scopesFrom(value: unknown, separator: RegExp = /[\s,]+/): string[] {
  return typeof value === 'string' ? value.split(separator).filter(Boolean) : [];
}

/** Strips a trailing slash so `${origin}/path` is always well-formed. */
export function trimOrigin(url: string): string {
  return url.replace(/\/+$/, '');
}
