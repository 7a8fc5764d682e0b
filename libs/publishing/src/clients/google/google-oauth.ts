// Google OAuth 2.0 for a web server app: authorization code with PKCE (S256), offline access (a refresh
// token), code exchange and refresh at GOOGLE_OAUTH_URL.
import { transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import type { AuthorizationRequest, OAuthTokens } from '../network-client';
import { createPkcePair, createState } from '../oauth/oauth-helpers';
import { requestTokens } from '../oauth/token-request';

/** The one scope the Business Profile APIs take. */
export const GOOGLE_BUSINESS_SCOPES = ['https://www.googleapis.com/auth/business.manage'];

export interface GoogleOAuthOptions extends ClientHttpOptions {
  /** e.g. https://accounts.google.com/o/oauth2/v2/auth */
  authorizeUrl: string;
  /** GOOGLE_OAUTH_URL, e.g. https://oauth2.googleapis.com/token */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes?: string[];
}

export class GoogleOAuth {
  private readonly transport: HttpTransport;

  constructor(private readonly options: GoogleOAuthOptions) {
    this.transport = transportFrom(options);
  }

  /**
   * access_type=offline asks for a refresh token; prompt=consent makes Google send one again on a
   * reconnect (it sends it only on the first consent otherwise, and reconnecting must not lose it).
   */
  createAuthorization(state: string = createState()): AuthorizationRequest & { codeVerifier: string } {
    const pkce = createPkcePair();
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('scope', (this.options.scopes ?? GOOGLE_BUSINESS_SCOPES).join(' '));
    url.searchParams.set('state', state);
    url.searchParams.set('access_type', 'offline');
    url.searchParams.set('prompt', 'consent');
    url.searchParams.set('include_granted_scopes', 'true');
    url.searchParams.set('code_challenge', pkce.codeChallenge);
    url.searchParams.set('code_challenge_method', pkce.codeChallengeMethod);
    return { url: url.toString(), state, codeVerifier: pkce.codeVerifier };
  }

  exchangeCode(code: string, codeVerifier: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      code_verifier: codeVerifier,
      redirect_uri: this.options.redirectUri,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
  }

  /** Google keeps the refresh token (no rotation); an answer without one leaves the stored one in place. */
  refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
  }

  private tokenRequest(fields: Record<string, string>): Promise<OAuthTokens> {
    return requestTokens(this.transport, {
      network: 'google_business',
      url: this.options.tokenUrl,
      fields,
      scopeSeparator: /\s+/,
    });
  }
}
