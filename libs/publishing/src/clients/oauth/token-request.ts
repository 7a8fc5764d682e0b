// The token endpoint call every network's OAuth shares: a form POST, the network's error taxonomy for a
// refusal, and the token fields read the same way (RFC 6749 section 5.1).
import type { Network } from '../../errors/network';
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, tokenEndpointError } from '../error-mapping';
import { parseJsonBody, type HttpTransport } from '../http/http-transport';
import type { AccountCredentials, OAuthTokens, RefreshedTokens } from '../network-client';
import { expiresAtFrom, formBody, scopesFrom } from './oauth-helpers';

export interface TokenRequest {
  network: Network;
  url: string;
  fields: Record<string, string>;
  /** Extra headers, e.g. X's Basic client authentication. */
  headers?: Record<string, string>;
  /** How the answer's `scope` separates scopes (LinkedIn uses commas, the others spaces). */
  scopeSeparator?: RegExp;
}

export async function requestTokens(transport: HttpTransport, request: TokenRequest): Promise<OAuthTokens> {
  const now = new Date();
  const { network } = request;
  const response = await guardTransport(network, { creates: false }, () =>
    transport.request({
      method: 'POST',
      url: request.url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...request.headers },
      body: formBody(request.fields),
    }),
  );
  if (response.status < 200 || response.status >= 300) throw tokenEndpointError(network, response, now);
  const body = parseJsonBody(response) as Record<string, unknown> | undefined;
  if (typeof body?.access_token !== 'string' || !body.access_token) {
    throw new PublishingError({
      kind: 'transient',
      network,
      networkMessage: 'token endpoint answered without access_token',
      httpStatus: response.status,
    });
  }
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
    expiresAt: expiresAtFrom(body.expires_in, now),
    refreshTokenExpiresAt: expiresAtFrom(body.refresh_token_expires_in, now),
    scopes: scopesFrom(body.scope, request.scopeSeparator),
  };
}

/** What a client's OAuth helper offers for renewal (each network's grant differs only in its request). */
export interface TokenRefresher {
  refresh(refreshToken: string): Promise<OAuthTokens>;
}

/**
 * Renews an account's access token with its stored refresh token. An account connected with a pasted
 * access token has none: that is auth_expired (reconnect), not a crash.
 */
export async function refreshStoredToken(
  network: Network,
  oauth: TokenRefresher | undefined,
  account: AccountCredentials,
): Promise<RefreshedTokens> {
  if (!oauth) throw new Error(`refreshing ${network} tokens needs the client's oauth option (client id/secret)`);
  if (!account.refreshToken) {
    throw new PublishingError({
      kind: 'auth_expired',
      network,
      networkMessage: 'no refresh token is stored for this account (it was connected with a pasted access token)',
      reason: 'no_refresh_token',
    });
  }
  const tokens = await oauth.refresh(account.refreshToken);
  return {
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
    scopes: tokens.scopes,
  };
}
