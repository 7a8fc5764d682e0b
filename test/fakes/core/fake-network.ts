// The HTTP(S) plumbing every network fake shares: routing, fault injection, request log, control API.
import * as http from 'node:http';
import * as http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { http1Exchange, http2Exchange, type Exchange } from './exchange';
import { FaultBook, type ActiveFault, type FaultSpec } from './faults';
import { downloadMedia, downloadVideo, type Downloaded, type DownloadedVideo, type MediaFetch } from './media';
import { flattenHeaders, parseBody, parseTarget, readBody, type FakeRequest } from './request';
import type { TlsMaterial } from './tls';
import { TokenStore } from './token-store';

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  body?: Buffer;
}

export type RouteHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** How a fake's route modules add routes (the fake's protected `route`). */
export type RegisterRoute = (
  method: string,
  pattern: RegExp,
  operation: string,
  handler: RouteHandler,
  authenticated?: boolean,
) => void;

export interface Route {
  method: string;
  pattern: RegExp;
  /** What the route does, for fault targeting: 'publish', 'read', 'media', 'token', ... */
  operation: string;
  /** Called with an access token (faults targeting 'api' hit it). */
  authenticated: boolean;
  handler: RouteHandler;
}

export interface LoggedRequest {
  at: string;
  method: string;
  /** Path and query as received. */
  url: string;
  operation: string;
  status: number | 'hung' | 'reset';
  headers: Record<string, string>;
  fault?: string;
}

export interface FakeOptions {
  /** The fake's clock (token expiry, created times, rate windows). Default Date.now. */
  now?: () => number;
  /** How long each answer takes after the request arrived and was handled (a real network's latency); default 0. */
  latencyMs?: () => number;
}

export interface ListenOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** TLS material to serve HTTPS with; false for plain HTTP. */
  tls: TlsMaterial | false;
}

/**
 * Streams at once on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS), as the real API hosts announce
 * (100 is the usual figure): a client with more in flight must open more connections.
 */
const MAX_STREAMS_PER_CONNECTION = 100;

/** Faults that let the handler run (the post is stored) and then spoil the answer. */
const AFTER_HANDLER_FAULTS = new Set(['accept_then_hang', 'accept_then_reset']);

export abstract class FakeNetwork {
  abstract readonly network: 'facebook' | 'linkedin' | 'x' | 'google_business';
  readonly faults = new FaultBook();
  readonly tokens: TokenStore;
  readonly requests: LoggedRequest[] = [];
  /** Every media download this network made (Instagram, Google and Facebook fetch image URLs themselves). */
  readonly mediaFetches: MediaFetch[] = [];
  /** Public origin -> where it is really served (see downloadMedia); the app's PUBLIC_URL, an image host. */
  readonly mediaOrigins = new Map<string, string>();
  /** The fake's origin once listening, e.g. https://127.0.0.1:4101 */
  url = '';
  protected readonly now: () => number;
  private readonly latencyMs?: () => number;
  private readonly routes: Route[] = [];
  private server?: http.Server | http2.Http2SecureServer;
  private readonly sockets = new Set<Socket>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(options: FakeOptions = {}) {
    this.now = options.now ?? Date.now;
    this.latencyMs = options.latencyMs;
    this.tokens = new TokenStore(this.now);
  }

  // ---- the test-facing API --------------------------------------------------------------

  /** The fake's clock, in epoch ms. */
  nowMs(): number {
    return this.now();
  }

  /** Makes the next matching request(s) fail; see FaultSpec. */
  fail(spec: FaultSpec): ActiveFault {
    return this.faults.add(spec);
  }

  clearFaults(id?: string): void {
    this.faults.clear(id);
  }

  /** Everything published so far (network-specific shape). */
  abstract posts(): unknown[];

  /** Issues a token as if a person had connected (manual token entry in tests and the CLI). */
  abstract issueTestToken(options: Record<string, unknown>): unknown;

  /** Forgets posts, media, faults and the request log (issued tokens stay valid). */
  reset(): void {
    this.faults.clear();
    this.requests.length = 0;
    this.mediaFetches.length = 0;
    this.resetState();
  }

  /** Resolves once `predicate` holds, polling every 10 ms (for answers that come late or never). */
  async waitFor(predicate: () => boolean, timeoutMs = 2000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`${this.network} fake: condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async listen(options: ListenOptions): Promise<string> {
    const serve = (exchange: Exchange): void => {
      this.handle(exchange).catch((error: unknown) => {
        if (!exchange.answered)
          exchange.respond(
            500,
            { 'content-type': 'application/json' },
            Buffer.from(JSON.stringify({ fakeError: String(error) })),
          );
      });
    };
    const http1 = (req: http.IncomingMessage, res: http.ServerResponse) => serve(http1Exchange(req, res));
    // HTTPS speaks HTTP/2 and HTTP/1.1 (ALPN chooses), as the real API hosts do.
    let server: http.Server | http2.Http2SecureServer;
    if (options.tls) {
      const secure = http2.createSecureServer({
        key: options.tls.key,
        cert: options.tls.cert,
        allowHTTP1: true,
        settings: { maxConcurrentStreams: MAX_STREAMS_PER_CONNECTION },
      });
      // HTTP/1.1 requests come as 'request'. Listening to it also makes node serve HTTP/2 streams through its
      // compatibility layer (a 'stream' listener it adds then): that one goes, and the streams are served bare.
      secure.on('request', http1);
      secure.removeAllListeners('stream');
      secure.on('stream', (stream, headers) => serve(http2Exchange(stream, headers)));
      server = secure;
    } else server = http.createServer(http1);
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('session', (session: http2.ServerHttp2Session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `${options.tls ? 'https' : 'http'}://${host}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      if ('closeAllConnections' in server) server.closeAllConnections();
      for (const session of this.sessions) session.destroy();
      for (const socket of this.sockets) socket.destroy();
    });
  }

  /** Lets this network reach `publicOrigin` (served at `localOrigin`), as the internet lets the real one. */
  serveOrigin(publicOrigin: string, localOrigin: string): void {
    this.mediaOrigins.set(new URL(publicOrigin).origin, localOrigin.replace(/\/+$/, ''));
  }

  /** Downloads an image URL for real, as the network does before it accepts the media. */
  download(url: string): Promise<Downloaded> {
    return downloadMedia(url, this.mediaOrigins, this.mediaFetches);
  }

  /** A video the network fetches itself (an Instagram reel's video_url, a Facebook video's file_url). */
  downloadVideo(url: string): Promise<DownloadedVideo> {
    return downloadVideo(url, this.mediaOrigins, this.mediaFetches);
  }

  // ---- for subclasses -------------------------------------------------------------------

  protected route(
    method: string,
    pattern: RegExp,
    operation: string,
    handler: RouteHandler,
    authenticated = true,
  ): void {
    this.routes.push({ method, pattern, operation, authenticated, handler });
  }

  /** The network's answer to an error-producing fault (or missing_id); undefined = ignore. */
  protected abstract faultResponse(fault: ActiveFault, req: FakeRequest, route: Route): FakeResponse | undefined;

  protected abstract notFound(req: FakeRequest): FakeResponse;

  protected abstract resetState(): void;

  /** Adds per-response headers (rate-limit accounting...). */
  protected decorate(_req: FakeRequest, _route: Route | undefined, _response: FakeResponse): void {}

  protected delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  // ---- plumbing -------------------------------------------------------------------------

  private async handle(exchange: Exchange): Promise<void> {
    // When the request arrived (its headers), before its body is read: the time a real network has it.
    const arrivedAt = this.now();
    const url = parseTarget(exchange.url, this.url || 'http://127.0.0.1');
    const headers = flattenHeaders(exchange);
    const raw = await readBody(exchange.body);
    const request: FakeRequest = {
      method: exchange.method.toUpperCase(),
      path: url.path,
      query: url.query,
      headers,
      body: parseBody(raw, headers['content-type']),
      params: [],
      origin: this.url,
    };
    const log: LoggedRequest = {
      at: new Date(arrivedAt).toISOString(),
      method: request.method,
      url: exchange.url,
      operation: 'control',
      status: 0,
      headers,
    };

    if (url.path === '/__control' || url.path.startsWith('/__control/')) {
      this.write(exchange, this.control(request));
      return;
    }

    const route = this.routes.find((r) => r.method === request.method && r.pattern.test(request.path));
    if (!route) {
      const response = this.notFound(request);
      this.decorate(request, undefined, response);
      log.operation = 'unknown';
      log.status = response.status;
      this.requests.push(log);
      this.write(exchange, response);
      return;
    }
    request.params = (route.pattern.exec(request.path) ?? [])
      .slice(1)
      .map((p) => (p === undefined ? '' : decodeURIComponent(p)));
    log.operation = route.operation;
    this.requests.push(log);

    const fault = this.faults.take(route.operation, route.authenticated);
    if (fault) log.fault = fault.kind;
    if (fault?.kind === 'slow') await this.delay(fault.delayMs ?? 1000);
    if (fault?.kind === 'connection_reset') {
      log.status = 'reset';
      exchange.reset();
      return;
    }
    if (fault && fault.kind !== 'slow' && !AFTER_HANDLER_FAULTS.has(fault.kind)) {
      const response = this.faultResponse(fault, request, route);
      if (response) {
        this.decorate(request, route, response);
        log.status = response.status;
        this.write(exchange, response);
        return;
      }
    }

    if (fault) request.fault = fault;
    const response = await route.handler(request);
    this.decorate(request, route, response);
    if (this.latencyMs) await this.delay(this.latencyMs());
    const accepted = response.status < 400;
    if (accepted && fault?.kind === 'accept_then_reset') {
      log.status = 'reset';
      exchange.reset();
      return;
    }
    if (accepted && fault?.kind === 'accept_then_hang') {
      log.status = 'hung';
      if (fault.delayMs !== undefined) {
        await this.delay(fault.delayMs);
        if (!exchange.gone) this.write(exchange, response);
      }
      return; // without delayMs: never answer; close() ends the socket
    }
    log.status = response.status;
    this.write(exchange, response);
  }

  private write(exchange: Exchange, response: FakeResponse): void {
    const headers: Record<string, string> = { ...response.headers };
    let body: Buffer | undefined;
    if (response.body) body = response.body;
    else if (response.json !== undefined) {
      body = Buffer.from(JSON.stringify(response.json));
      headers['content-type'] ??= 'application/json; charset=utf-8';
    } else if (response.text !== undefined) {
      body = Buffer.from(response.text);
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    }
    if (body) headers['content-length'] = String(body.length);
    exchange.respond(response.status, headers, body);
  }

  /** The control API under /__control, for fault scripts in other processes. */
  private control(req: FakeRequest): FakeResponse {
    const sub = req.path.replace(/^\/__control\/?/, '');
    const fields = req.body.fields;
    try {
      if (req.method === 'GET' && sub === '') {
        return {
          status: 200,
          json: {
            network: this.network,
            url: this.url,
            faults: this.faults.list(),
            posts: this.posts().length,
            requests: this.requests.length,
          },
        };
      }
      if (sub === 'faults' && req.method === 'GET') return { status: 200, json: { faults: this.faults.list() } };
      if (sub === 'faults' && req.method === 'POST') {
        const specs = Array.isArray(fields.faults) ? (fields.faults as FaultSpec[]) : [fields as unknown as FaultSpec];
        return { status: 201, json: { faults: specs.map((spec) => this.fail(spec)) } };
      }
      if (sub.startsWith('faults') && req.method === 'DELETE') {
        const id = sub.split('/')[1];
        this.clearFaults(id || undefined);
        return { status: 200, json: { faults: this.faults.list() } };
      }
      if (sub === 'posts' && req.method === 'GET') return { status: 200, json: { posts: this.posts() } };
      if (sub === 'requests' && req.method === 'GET') return { status: 200, json: { requests: this.requests } };
      if (sub === 'tokens' && req.method === 'POST') return { status: 201, json: this.issueTestToken(fields) };
      if ((sub === 'tokens/expire' || sub === 'tokens/revoke') && req.method === 'POST') {
        const token = String(fields.token ?? '');
        const ok = sub.endsWith('expire') ? this.tokens.expire(token) : this.tokens.revoke(token);
        return ok ? { status: 200, json: { ok: true } } : { status: 404, json: { error: 'unknown token' } };
      }
      if (sub === 'reset' && req.method === 'POST') {
        this.reset();
        return { status: 200, json: { ok: true } };
      }
    } catch (error) {
      return { status: 400, json: { error: error instanceof Error ? error.message : String(error) } };
    }
    return { status: 404, json: { error: `no control endpoint ${req.method} /__control/${sub}` } };
  }
}
