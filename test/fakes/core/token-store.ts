// Tokens and authorization codes a fake issued; anything else is rejected like the real network does.
import { randomBytes } from 'node:crypto';

export type TokenType = 'access' | 'refresh' | 'code';

export interface TokenRecord {
  value: string;
  type: TokenType;
  /** Who the token acts for (user id, member id, page id...). */
  subject: string;
  clientId?: string;
  scopes: string[];
  issuedAt: number;
  expiresAt?: number;
  revoked: boolean;
  /** Codes and rotated refresh tokens are single-use. */
  used: boolean;
  /** Network-specific extras (FB token kind / page id, PKCE challenge, redirect_uri...). */
  data: Record<string, unknown>;
}

export type TokenCheck =
  | { ok: true; record: TokenRecord }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' | 'used'; record?: TokenRecord };

export interface IssueOptions {
  subject: string;
  scopes?: string[];
  clientId?: string;
  /** Lifetime in seconds; absent = never expires. */
  ttlSeconds?: number;
  data?: Record<string, unknown>;
  /** Token text prefix, to look like the network's tokens. */
  prefix?: string;
}

export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();

  constructor(private readonly now: () => number) {}

  issue(type: TokenType, options: IssueOptions): TokenRecord {
    const value = `${options.prefix ?? ''}${randomBytes(type === 'code' ? 18 : 30).toString('base64url')}`;
    const issuedAt = this.now();
    const record: TokenRecord = {
      value,
      type,
      subject: options.subject,
      clientId: options.clientId,
      scopes: options.scopes ?? [],
      issuedAt,
      expiresAt: options.ttlSeconds !== undefined ? issuedAt + options.ttlSeconds * 1000 : undefined,
      revoked: false,
      used: false,
      data: options.data ?? {},
    };
    this.tokens.set(value, record);
    return record;
  }

  check(value: string | undefined, type: TokenType): TokenCheck {
    if (!value) return { ok: false, reason: 'missing' };
    const record = this.tokens.get(value);
    if (!record || record.type !== type) return { ok: false, reason: 'unknown' };
    if (record.revoked) return { ok: false, reason: 'revoked', record };
    if (record.used) return { ok: false, reason: 'used', record };
    if (record.expiresAt !== undefined && record.expiresAt <= this.now())
      return { ok: false, reason: 'expired', record };
    return { ok: true, record };
  }

  get(value: string): TokenRecord | undefined {
    return this.tokens.get(value);
  }

  /** Makes a token expired now (the test's "time passed"). Returns false for unknown tokens. */
  expire(value: string): boolean {
    const record = this.tokens.get(value);
    if (!record) return false;
    record.expiresAt = this.now() - 1000;
    return true;
  }

  revoke(value: string): boolean {
    const record = this.tokens.get(value);
    if (!record) return false;
    record.revoked = true;
    return true;
  }

  markUsed(value: string): void {
    const record = this.tokens.get(value);
    if (record) record.used = true;
  }

  secondsLeft(record: TokenRecord): number | undefined {
    return record.expiresAt === undefined ? undefined : Math.max(0, Math.round((record.expiresAt - this.now()) / 1000));
  }
}
