// X OAuth 2.0 with PKCE (S256): authorization URL, code exchange, rotating refresh tokens.
import { transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import type { AuthorizationRequest, OAuthTokens } from '../network-client';
import { createPkcePair, createState, trimOrigin } from '../oauth/oauth-helpers';
import { requestTokens } from '../oauth/token-request';

/** offline.access gives a refresh token; media.write is required by POST /2/media/upload. */
// tweet.moderate.write: the inbox hides replies to the practice's posts.
export const X_DEFAULT_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'media.write',
  'offline.access',
  'tweet.moderate.write',
];

export interface XOAuthOptions extends ClientHttpOptions {
  /** X_API_URL: bare origin of the API (the token endpoint is {apiUrl}/2/oauth2/token). */
  apiUrl: string;
  /** e.g. https://x.com/i/oauth2/authorize */
  authorizeUrl: string;
  clientId: string;
  /** Confidential clients authenticate with HTTP Basic; public clients send client_id only. */
  clientSecret?: string;
  redirectUri: string;
  scopes?: string[];
}

export class XOAuth {
  private readonly transport: HttpTransport;
  private readonly apiUrl: string;

  constructor(private readonly options: XOAuthOptions) {
    this.transport = transportFrom(options);
    this.apiUrl = trimOrigin(options.apiUrl);
  }

  /** Keep `state` and `codeVerifier` in the session; the verifier goes to exchangeCode. */
  createAuthorization(state: string = createState()): AuthorizationRequest & { codeVerifier: string } {
    const pkce = createPkcePair();
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('scope', (this.options.scopes ?? X_DEFAULT_SCOPES).join(' '));
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', pkce.codeChallenge);
    url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
    return { url: url.toString(), state, codeVerifier: pkce.codeVerifier };
  }

  exchangeCode(code: string, codeVerifier: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      code_verifier: codeVerifier,
      client_id: this.options.clientId,
    });
  }

  /** Refresh tokens rotate: store the returned one at once, the old one is now dead. */
  refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: this.options.clientId,
    });
  }

  private tokenRequest(fields: Record<string, string>): Promise<OAuthTokens> {
    const headers: Record<string, string> = {};
    if (this.options.clientSecret) {
      const basic = Buffer.from(
        `${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`,
      ).toString('base64');
      headers.authorization = `Basic ${basic}`;
    }
    return requestTokens(this.transport, {
      network: 'x',
      url: `${this.apiUrl}/2/oauth2/token`,
      fields,
      headers,
      scopeSeparator: /\s+/,
    });
  }
}
