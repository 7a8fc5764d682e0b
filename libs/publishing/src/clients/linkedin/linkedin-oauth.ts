// LinkedIn OAuth 2.0 (3-legged): authorization URL, code exchange, refresh-token grant.
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport, tokenEndpointError } from '../error-mapping';
import { parseJsonBody, transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import type { AuthorizationRequest, OAuthTokens } from '../network-client';
import { createState, expiresAtFrom, formBody, scopesFrom } from '../oauth/oauth-helpers';

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

  private async tokenRequest(fields: Record<string, string>): Promise<OAuthTokens> {
    const now = new Date();
    const response = await guardTransport('linkedin', { creates: false }, () =>
      this.transport.request({
        method: 'POST',
        url: this.options.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(fields),
      }),
    );
    if (response.status < 200 || response.status >= 300) throw tokenEndpointError('linkedin', response, now);
    const body = parseJsonBody(response) as Record<string, unknown> | undefined;
    if (typeof body?.access_token !== 'string' || !body.access_token) {
      throw new PublishingError({
        kind: 'transient',
        network: 'linkedin',
        networkMessage: 'token endpoint answered without access_token',
        httpStatus: response.status,
      });
    }
    return {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined,
      expiresAt: expiresAtFrom(body.expires_in, now),
      refreshTokenExpiresAt: expiresAtFrom(body.refresh_token_expires_in, now),
      scopes: scopesFrom(body.scope),
    };
  }
}
