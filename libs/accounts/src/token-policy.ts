// When a token is refreshed, when it can be, and when a person must reconnect: one place for the numbers.
import { type Network } from '@app/publishing';
import type { SocialAccount } from './social-account.entity';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * Refresh when less than this is left: X access tokens live 2 hours, LinkedIn's 60 days,
 * Facebook long-lived tokens about 60 days (exchanged again ahead of expiry).
 */
export const REFRESH_MARGIN_MS: Record<Network, number> = {
  x: 15 * MINUTE,
  linkedin: 7 * DAY,
  facebook: 10 * DAY,
  // Instagram publishes with the linked Page's token: the same life as Facebook's.
  instagram: 10 * DAY,
  // Google access tokens live one hour; refreshed well before, with the stored refresh token.
  google_business: 10 * MINUTE,
};

/** Networks whose accounts publish with a Facebook (Page) token, renewed by the long-lived exchange. */
const FACEBOOK_TOKENS: readonly Network[] = ['facebook', 'instagram'];

/** A connection that will stop working within this and cannot renew itself raises a token_expiring alert (Mixpost #79). */
export const EXPIRY_WARNING_MS = 14 * DAY;

/**
 * How long an access token lives when the network did not say: LinkedIn's 60 days, X's user tokens 2 hours,
 * Google's access tokens 1 hour. Facebook Page tokens from a long-lived sign-in (Instagram publishes with one)
 * have no end date (null: nothing to estimate).
 */
export const USUAL_TOKEN_LIFETIME_MS: Record<Network, number | null> = {
  linkedin: 60 * DAY,
  x: 2 * 60 * MINUTE,
  facebook: null,
  instagram: null,
  google_business: 60 * MINUTE,
};

/** The networks whose tokens without an end date still end (after their usual lifetime). */
export const ENDS_BY_USUAL_LIFETIME: readonly Network[] = (Object.keys(USUAL_TOKEN_LIFETIME_MS) as Network[]).filter(
  (network) => USUAL_TOKEN_LIFETIME_MS[network] !== null,
);

type TokenFields = Pick<
  SocialAccount,
  'network' | 'status' | 'accessTokenEnc' | 'refreshTokenEnc' | 'tokenExpiresAt' | 'refreshTokenExpiresAt'
> &
  Partial<Pick<SocialAccount, 'tokenIssuedAt' | 'createdAt'>>;

/**
 * When the access token ends: the network's word when it gave one, otherwise its usual lifetime counted from when
 * the token was issued (or, for rows from before that was kept, from when the account was connected: the earliest
 * it can be, so the estimate errs early). Null: the network sets no end date (a Facebook Page token).
 */
export function tokenEndsAt(account: TokenFields): { at: Date; known: boolean } | null {
  if (account.tokenExpiresAt) return { at: account.tokenExpiresAt, known: true };
  const lifetime = USUAL_TOKEN_LIFETIME_MS[account.network];
  const issued = account.tokenIssuedAt ?? account.createdAt;
  return lifetime && issued ? { at: new Date(issued.getTime() + lifetime), known: false } : null;
}

/**
 * Can the app renew this account's access by itself? X and LinkedIn need a stored, unexpired refresh token and
 * the network's OAuth app; Facebook exchanges the token itself with the app id/secret.
 */
export function canRefresh(account: TokenFields, oauthConfigured: boolean, now: Date): boolean {
  if (!oauthConfigured || account.status === 'disconnected' || !account.accessTokenEnc) return false;
  if (FACEBOOK_TOKENS.includes(account.network)) return account.tokenExpiresAt !== null;
  if (!account.refreshTokenEnc) return false;
  return !account.refreshTokenExpiresAt || account.refreshTokenExpiresAt.getTime() > now.getTime();
}

/** Due for a refresh now (an X token of unknown age is refreshed to learn its expiry). */
export function refreshIsDue(account: TokenFields, now: Date): boolean {
  if (!account.tokenExpiresAt)
    return (account.network === 'x' || account.network === 'google_business') && account.refreshTokenEnc !== null;
  return account.tokenExpiresAt.getTime() - now.getTime() < REFRESH_MARGIN_MS[account.network];
}

/** When the connection stops working unless a person reconnects it (null: not in sight). */
export function reconnectDeadline(account: TokenFields, refreshable: boolean): Date | null {
  if (!refreshable) return tokenEndsAt(account)?.at ?? null;
  return FACEBOOK_TOKENS.includes(account.network) ? null : account.refreshTokenExpiresAt;
}
