// The token endpoint call every network's OAuth shares: a form POST, the network's error taxonomy for a
// refusal, and the token fields read the same way (RFC 6749 section 5.1).
import type { Network } from '../../errors/network';
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, tokenEndpointError } from '../error-mapping';
import { parseJsonBody, type HttpTransport } from '../http/http-transport';
import type { OAuthTokens } from '../network-client';
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
