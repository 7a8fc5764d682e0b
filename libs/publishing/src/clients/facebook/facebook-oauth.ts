// Facebook Login for a Page publisher: dialog URL, code exchange, long-lived exchange, Page list.
import { PublishingError } from '../../errors/publishing-error';
import { guardTransport } from '../error-mapping';
import { parseJsonBody, transportFrom, type ClientHttpOptions, type HttpTransport } from '../http/http-transport';
import type { AuthorizationRequest, OAuthTokens } from '../network-client';
import { createState, expiresAtFrom, trimOrigin } from '../oauth/oauth-helpers';
import { graphErrorOf, mapGraphFailure } from './facebook-errors';
import { facebookSdk, GraphApi, GraphResponseError, graphVersion } from './graph-api';

// pages_manage_engagement: the inbox hides comments and replies to them as the Page.
export const FACEBOOK_DEFAULT_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'pages_manage_engagement',
];
/** The Page task that allows publishing; Pages without it cannot be used. */
export const FACEBOOK_PUBLISH_TASK = 'CREATE_CONTENT';

export interface FacebookOAuthOptions extends ClientHttpOptions {
  /** FACEBOOK_GRAPH_URL: bare origin, e.g. https://graph.facebook.com. */
  graphUrl: string;
  /** The Login dialog, e.g. https://www.facebook.com/v24.0/dialog/oauth. */
  authorizeUrl: string;
  appId: string;
  appSecret: string;
  redirectUri: string;
  scopes?: string[];
}

export interface FacebookPage {
  id: string;
  name: string;
  /** The Page access token: the one to store for publishing (never the user token). */
  accessToken: string;
  tasks: string[];
  /** Has CREATE_CONTENT: the only Pages worth offering. */
  canPublish: boolean;
}

export class FacebookOAuth {
  private readonly transport: HttpTransport;
  private readonly graphUrl: string;

  constructor(private readonly options: FacebookOAuthOptions) {
    this.transport = transportFrom(options);
    this.graphUrl = trimOrigin(options.graphUrl);
  }

  /** `extraScopes`: e.g. Instagram's permissions, asked for when connecting the Page's Instagram account. */
  createAuthorization(state: string = createState(), extraScopes: string[] = []): AuthorizationRequest {
    const url = new URL(this.options.authorizeUrl);
    url.searchParams.set('client_id', this.options.appId);
    url.searchParams.set('redirect_uri', this.options.redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('response_type', 'code');
    const scopes = [...new Set([...(this.options.scopes ?? FACEBOOK_DEFAULT_SCOPES), ...extraScopes])];
    url.searchParams.set('scope', scopes.join(','));
    return { url: url.toString(), state };
  }

  /** Code -> user token, then (by default) the 60-day long-lived user token. */
  async exchangeCode(code: string, options: { longLived?: boolean } = {}): Promise<OAuthTokens> {
    const shortLived = await this.tokenRequest({
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      redirect_uri: this.options.redirectUri,
      code,
    });
    return options.longLived === false ? shortLived : this.exchangeForLongLived(shortLived.accessToken);
  }

  /** fb_exchange_token: a long-lived token for a user token (or a Page token derived from one). */
  exchangeForLongLived(token: string): Promise<OAuthTokens> {
    return this.tokenRequest({
      grant_type: 'fb_exchange_token',
      client_id: this.options.appId,
      client_secret: this.options.appSecret,
      fb_exchange_token: token,
    });
  }

  /** `GET /me/accounts` with the user token: every Page with its Page token and tasks. */
  async listPages(userToken: string): Promise<FacebookPage[]> {
    const api = new GraphApi(userToken, { origin: this.graphUrl, transport: this.transport });
    const { User } = await facebookSdk();
    const me = new User('me', {}, null, api);
    return guardTransport('facebook', { creates: false }, async () => {
      try {
        const pages: FacebookPage[] = [];
        let cursor = await me.getAccounts(['id', 'name', 'access_token', 'tasks'], { limit: 100 });
        for (let guard = 0; guard < 20; guard++) {
          for (const item of cursor) pages.push(toPage(item._data));
          if (!cursor.hasNext()) break;
          cursor = await cursor.next();
        }
        return pages;
      } catch (error) {
        if (error instanceof GraphResponseError) throw mapGraphFailure(error, { creates: false });
        throw error;
      }
    });
  }

  private async tokenRequest(params: Record<string, string>): Promise<OAuthTokens> {
    const url = `${this.graphUrl}/${graphVersion()}/oauth/access_token?${new URLSearchParams(params).toString()}`;
    const now = new Date();
    const response = await guardTransport('facebook', { creates: false }, () =>
      this.transport.request({ method: 'GET', url }),
    );
    const body = parseJsonBody(response) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (response.status < 200 || response.status >= 300)
      throw facebookTokenError(response.status, body, response.headers);
    if (typeof body?.access_token !== 'string' || !body.access_token) {
      throw new PublishingError({
        kind: 'transient',
        network: 'facebook',
        networkMessage: 'token endpoint answered without access_token',
        httpStatus: response.status,
      });
    }
    return {
      accessToken: body.access_token,
      expiresAt: expiresAtFrom(body.expires_in, now),
      scopes: this.options.scopes ?? FACEBOOK_DEFAULT_SCOPES,
    };
  }
}

/** The token endpoint speaks Graph errors: 5xx/throttles keep the account, anything else ends it. */
export function facebookTokenError(status: number, body: unknown, headers: Record<string, string>): PublishingError {
  const mapped = mapGraphFailure({ status, body, headers }, { creates: false });
  const code = graphErrorOf(body)?.code;
  if (status < 500 && (code === 1 || code === 101)) {
    // "Error validating client secret" / "invalid application ID": our configuration, not the practice's.
    return new PublishingError({
      kind: 'permission_denied',
      network: 'facebook',
      networkMessage: mapped.networkMessage,
      networkCode: mapped.networkCode,
      httpStatus: status,
      adminMessage: 'Facebook refused the app id/secret: check FACEBOOK_APP_ID and FACEBOOK_APP_SECRET.',
    });
  }
  if (mapped.kind === 'transient' || mapped.kind === 'rate_limited' || mapped.kind === 'auth_expired') return mapped;
  return new PublishingError({
    kind: 'auth_expired',
    network: 'facebook',
    networkMessage: mapped.networkMessage,
    networkCode: mapped.networkCode,
    httpStatus: status,
  });
}

function toPage(data: Record<string, unknown>): FacebookPage {
  const tasks = Array.isArray(data.tasks) ? data.tasks.filter((t): t is string => typeof t === 'string') : [];
  return {
    id: String(data.id),
    name: typeof data.name === 'string' ? data.name : '',
    accessToken: typeof data.access_token === 'string' ? data.access_token : '',
    tasks,
    canPublish: tasks.includes(FACEBOOK_PUBLISH_TASK),
  };
}
