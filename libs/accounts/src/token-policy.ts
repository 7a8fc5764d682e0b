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

type TokenFields = Pick<
  SocialAccount,
  'network' | 'status' | 'accessTokenEnc' | 'refreshTokenEnc' | 'tokenExpiresAt' | 'refreshTokenExpiresAt'
>;

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
  if (!refreshable) return account.tokenExpiresAt;
  return FACEBOOK_TOKENS.includes(account.network) ? null : account.refreshTokenExpiresAt;
}
