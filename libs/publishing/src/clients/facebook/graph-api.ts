// facebook-nodejs-business-sdk with its wire pointed at the configured Graph origin.
//
// The SDK builds `https://graph.facebook.com/v24.0/...` and sends through axios with no timeout, no
// way to pass a CA, and an error that cannot tell "never connected" from "sent, then silence".
// So `call` is overridden: the URL is built exactly as the SDK does (origin + FacebookAdsApi.VERSION
// + path, access_token in the query, JSON body for POST) but with FACEBOOK_GRAPH_URL as origin, and
// the request goes through our HttpTransport. SDK objects (Page, User, cursors) work unchanged.
import { FacebookAdsApi } from 'facebook-nodejs-business-sdk';
import { parseJsonBody, type HttpMethod, type HttpTransport } from '../http/http-transport';

export interface GraphConnection {
  /** Bare origin, e.g. https://graph.facebook.com (no path, no version). */
  origin: string;
  transport: HttpTransport;
}

/** The Graph API answered with a non-2xx status. */
export class GraphResponseError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string>,
    readonly method: string,
  ) {
    super(`Graph API ${method} answered HTTP ${status}`);
    this.name = 'GraphResponseError';
  }
}

export function graphVersion(): string {
  return FacebookAdsApi.VERSION;
}

export class GraphApi extends FacebookAdsApi {
  private readonly connection: GraphConnection;

  constructor(accessToken: string, connection: GraphConnection) {
    super(accessToken, undefined, false); // third argument false: SDK crash reports off
    this.connection = connection;
  }

  override call(
    method: string,
    path: string | string[],
    params: Record<string, unknown> = {},
    files: Record<string, unknown> = {},
    _useMultipartFormData = false,
    _urlOverride = '',
  ): Promise<unknown> {
    if (Object.keys(files).length > 0) {
      return Promise.reject(new Error('GraphApi does not send SDK multipart files; upload bytes with FacebookClient'));
    }
    const verb = method.toUpperCase() as HttpMethod;
    let url: string;
    let body: Record<string, unknown> | undefined;
    if (Array.isArray(path)) {
      const query: Record<string, unknown> = verb === 'POST' || verb === 'PUT' ? {} : { ...params };
      if (verb === 'POST' || verb === 'PUT') body = params;
      query.access_token = this.accessToken;
      url = `${[this.connection.origin, FacebookAdsApi.VERSION, ...path].join('/')}?${FacebookAdsApi._encodeParams(query)}`;
    } else {
      // A string path is a full URL (a cursor's `paging.next`); only follow it on our own origin.
      if (!path.startsWith(`${this.connection.origin}/`)) {
        return Promise.reject(new Error(`Refusing to follow a Graph URL outside ${this.connection.origin}`));
      }
      url = path;
      if (verb === 'POST' || verb === 'PUT') body = params;
    }
    return this.send(verb, url, body);
  }

  private async send(method: HttpMethod, url: string, body: Record<string, unknown> | undefined): Promise<unknown> {
    const response = await this.connection.transport.request({
      method,
      url,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const parsed = parseJsonBody(response);
    if (response.status < 200 || response.status >= 300)
      throw new GraphResponseError(response.status, parsed, response.headers, method);
    return parsed ?? {};
  }
}
