// LinkedIn OAuth 2.0 (3-legged): authorization URL, code exchange, refresh-token grant.
import { transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import type { AuthorizationRequest, OAuthTokens } from '../network-client';
import { createState } from '../oauth/oauth-helpers';
import { requestTokens } from '../oauth/token-request';

export const LINKEDIN_DEFAULT_SCOPES = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];

export interface LinkedInOAuthOptions extends ClientHttpOptions {
  /** e.g. https://www.linkedin.com/oauth/v2/authorization */
  authorizeUrl: string;
  /** e.g. https://www.linkedin.com/oauth/v2/accessToken */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes?: string[];
}

export class LinkedInOAuth {
  private readonly transport: HttpTransport;

  constructor(private readonly options: LinkedInOAuthOptions) {
    this.transport = transportFrom(options);
  }

  createAuthorization(state: string = createState()): AuthorizationRequest {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.options.clientId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('scope', (this.options.scopes ?? LINKEDIN_DEFAULT_SCOPES).join(' '));
    return { url: url.toString(), state };
  }

  exchangeCode(code: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'authorization_code',
      code,
      redirect_uri: this.options.redirectUri,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
  }

  /** LinkedIn keeps the same refresh token (its 365-day life does not restart). */
  refresh(refreshToken: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
  }

  private tokenRequest(fields: Record<string, string>): Promise<OAuthTokens> {
    return requestTokens(this.transport, { network: 'linkedin', url: this.options.tokenUrl, fields });
  }
}
