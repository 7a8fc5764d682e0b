// Our wire to the Graph API, and the facebook-nodejs-business-sdk objects that ride on it.
//
// The SDK builds `https://graph.facebook.com/v24.0/...` and sends through axios with no timeout, no
// way to pass a CA, and an error that cannot tell "never connected" from "sent, then silence".
// So GraphApi is the `api` its objects (Page, User, IGUser, cursors) call: it builds the URL exactly as the SDK
// does (origin + version + path, access_token in the query, JSON body for POST) but with FACEBOOK_GRAPH_URL as
// origin, and sends through our HttpTransport. The SDK's objects only ever call `api.call`, so GraphApi need not
// be the SDK's FacebookAdsApi; the SDK itself (several MB of heap once loaded) is loaded only when one of its
// objects is built (facebookSdk()), never for a plain call such as a Page's text post.
import type * as FacebookSdk from 'facebook-nodejs-business-sdk';
import { parseJsonBody, type HttpMethod, type HttpTransport } from '../http/http-transport';

/**
 * The Graph API version our calls name: the SDK's own (FacebookAdsApi.VERSION), kept here so a call need not load
 * the SDK. A unit test (graph-api.spec.ts) fails when an SDK upgrade moves its version away from this one.
 */
export const GRAPH_VERSION = 'v24.0';

let sdk: Promise<typeof FacebookSdk> | undefined;

/** facebook-nodejs-business-sdk, loaded the first time one of its objects is needed. */
export function facebookSdk(): Promise<typeof FacebookSdk> {
  sdk ??= import('facebook-nodejs-business-sdk');
  return sdk;
}

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
  return GRAPH_VERSION;
}

/** A query string as the SDK's FacebookAdsApi._encodeParams writes it: objects as JSON, null as empty. */
export function encodeGraphParams(params: Record<string, unknown>): string {
  return Object.keys(params)
    .map((key) => {
      const value = params[key];
      const text = typeof value === 'object' ? (value ? JSON.stringify(value) : '') : value;
      return `${encodeURIComponent(key)}=${encodeURIComponent(text as string | number | boolean)}`;
    })
    .join('&');
}

export class GraphApi {
  constructor(
    readonly accessToken: string,
    private readonly connection: GraphConnection,
  ) {}

  call(
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
      url = `${[this.connection.origin, GRAPH_VERSION, ...path].join('/')}?${encodeGraphParams(query)}`;
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
