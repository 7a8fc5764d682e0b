// The HTTP(S) transport every network client uses: one timeout, one trust store, and an error that
// says whether the request had been fully sent (the difference between "retry" and "read back first").
//
// Built on node:https rather than global fetch: Node 20's fetch cannot take a CA or an Agent
// without the undici package, and we need both a per-client CA (tests trust a fake's certificate
// without NODE_EXTRA_CA_CERTS) and a precise "was the request sent?" signal.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import { REFUSED, requestOnStream } from './http2-request';
import { Http2Sessions, type SessionLease } from './http2-sessions';
import {
  flattenHeaders,
  transportError,
  TransportError,
  type HttpResponse,
  type HttpRequest,
  type OutgoingCall,
} from './http-types';

export { TransportError } from './http-types';
export type { HttpMethod, HttpRequest, HttpResponse } from './http-types';

export interface HttpTransportOptions {
  /** Whole-request timeout (connect, send, wait, read). Default 30 s. */
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust in addition to the system ones (e.g. a fake's CA). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** A ready-made agent for https: URLs; wins over `ca`, and every https request then goes through it (HTTP/1.1). */
  httpsAgent?: https.Agent;
  /** Speak HTTP/2 to https origins that offer it (default true); false: HTTP/1.1 always. */
  http2?: boolean;
}

/** Idle keep-alive sockets close after this long (as in Node's global agent, and a server's usual keep-alive). */
const IDLE_SOCKET_MS = 5000;
/**
 * HTTP/1.1 connections per origin at most (an origin that does not speak HTTP/2): each open TLS connection costs
 * 70-90 KB resident, so a burst of thousands in flight queues for these rather than opening thousands.
 */
const MAX_HTTP1_SOCKETS = 256;

export const DEFAULT_TIMEOUT_MS = 30_000;

export class HttpTransport {
  readonly timeoutMs: number;
  private readonly httpsAgent: https.Agent;
  /** Sessions to https origins that speak HTTP/2 (undefined: HTTP/1.1 only). */
  private readonly http2?: Http2Sessions;

  constructor(options: HttpTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.httpsAgent) {
      this.httpsAgent = options.httpsAgent;
    } else {
      const extra = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
      // `ca` replaces the default store, so keep the system roots next to the extra ones. The context is
      // built once: handed to the agent as `ca`, every new connection parsed all ~150 roots again (about
      // 50 ms of CPU each). Keep-alive as in Node's global agent, with room for a burst's sockets (warm()).
      const secureContext = extra.length
        ? tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] })
        : undefined;
      this.httpsAgent = new https.Agent({
        ...(secureContext ? { secureContext } : {}),
        keepAlive: true,
        scheduling: 'lifo',
        timeout: IDLE_SOCKET_MS,
        maxSockets: MAX_HTTP1_SOCKETS,
        maxFreeSockets: MAX_HTTP1_SOCKETS,
      });
      if (options.http2 !== false)
        this.http2 = new Http2Sessions({ secureContext, idleMs: IDLE_SOCKET_MS, connectTimeoutMs: this.timeoutMs });
    }
  }

  /**
   * Opens connections to an https origin ahead of a burst, so that at its instant the requests go out on
   * ready connections instead of each paying a TLS handshake then (several ms of CPU apiece, all at once). Over
   * HTTP/2 that is the sessions `requests` streams at once need (a few, at the server's stream limit each). Over
   * HTTP/1.1 it is a socket per request: it counts the sockets already open to the origin; each missing one is
   * opened by a GET of the origin's root (safe and unauthenticated: it posts nothing, and its answer is ignored; a
   * HEAD answer would not keep its socket open in Node's client) and then waits idle in the pool, for
   * IDLE_SOCKET_MS at most. Resolves with the number of connections it opened; never rejects.
   */
  async warm(origin: string, requests: number): Promise<number> {
    const url = new URL(origin);
    if (url.protocol !== 'https:') return 0;
    if (this.http2 && !this.http2.speaksHttp1(url.origin)) {
      const opened = await this.http2.warm(url, requests);
      if (!this.http2.speaksHttp1(url.origin)) return opened;
    }
    const wanted = Math.min(requests, MAX_HTTP1_SOCKETS);
    const before = this.openSockets(url);
    if (before.free + before.busy >= wanted) return 0;
    // As many requests at once as sockets are wanted and not busy: idle ones serve some, the rest open new ones.
    await Promise.all(
      Array.from({ length: wanted - before.busy }, () =>
        this.request({ method: 'GET', url: `${url.origin}/` }).catch(() => undefined),
      ),
    );
    // A socket goes back to the pool just after its answer ends.
    await new Promise((resolve) => setImmediate(resolve));
    return Math.max(0, this.openSockets(url).free - before.free);
  }

  /** Closes the HTTP/2 sessions at once (idle HTTP/1.1 sockets close by themselves). */
  close(): void {
    this.http2?.close();
  }

  /** Sockets in the pool, idle and busy, to this URL's host and port. */
  private openSockets(url: URL): { free: number; busy: number } {
    const prefix = `${url.hostname}:${url.port || 443}:`;
    const count = (pool: NodeJS.ReadOnlyDict<unknown[]>) =>
      Object.entries(pool).reduce((sum, [name, list]) => sum + (name.startsWith(prefix) ? (list?.length ?? 0) : 0), 0);
    return { free: count(this.httpsAgent.freeSockets), busy: count(this.httpsAgent.sockets) };
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return Promise.reject(
        new TransportError(`Unsupported URL scheme ${url.protocol}`, false, false, 'ERR_INVALID_PROTOCOL'),
      );
    }
    const body =
      req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const call: OutgoingCall = { method: req.method, url, headers, body, timeoutMs: req.timeoutMs ?? this.timeoutMs };
    if (url.protocol === 'https:' && this.http2 && !this.http2.speaksHttp1(url.origin)) return this.overHttp2(call);
    return this.overHttp1(call);
  }

  /**
   * Over a stream of an HTTP/2 session to the origin; over HTTP/1.1 when the origin turns out not to speak it. A
   * stream the server refused unprocessed (it was over its stream limit, or going away) is sent again, on another.
   */
  private async overHttp2(call: OutgoingCall): Promise<HttpResponse> {
    const deadline = Date.now() + call.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.onStream(call, deadline);
      } catch (error) {
        if (!(error instanceof TransportError && error.code === REFUSED && attempt < 3 && Date.now() < deadline))
          throw error;
      }
    }
  }

  private async onStream(call: OutgoingCall, deadline: number): Promise<HttpResponse> {
    // A burst's requests mostly find room on an open session: no promise and no timer for a wait then.
    const lease = this.http2!.take(call.url) ?? (await this.waitForStream(call, deadline - Date.now()));
    if (!lease) return this.overHttp1(call);
    return requestOnStream(lease, call, Math.max(1, deadline - Date.now()));
  }

  /** A slot once a session has room (or is opened); null: the origin speaks HTTP/1.1. */
  private waitForStream(call: OutgoingCall, ms: number): Promise<SessionLease | null> {
    // Nothing has left this process while it waits for a connection: not sent, whatever happens.
    return withTimeout(this.http2!.acquire(call.url), ms).catch((error: unknown) => {
      const timedOut = error === TIMED_OUT;
      throw transportError(
        call,
        timedOut ? Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }) : (error as NodeJS.ErrnoException),
        false,
        timedOut,
      );
    });
  }

  private overHttp1(call: OutgoingCall): Promise<HttpResponse> {
    const { method, url, headers, body, timeoutMs } = call;
    const isHttps = url.protocol === 'https:';
    return new Promise<HttpResponse>((resolve, reject) => {
      let sent = false;
      let timedOut = false;
      let settled = false;
      const finish = (error: TransportError | undefined, response?: HttpResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(response!);
      };
      const fail = (error: NodeJS.ErrnoException): void => {
        if (!settled) finish(transportError(call, error, sent, timedOut));
      };

      const options: https.RequestOptions = { method, headers };
      if (isHttps) options.agent = this.httpsAgent;
      const request = (isHttps ? https : http).request(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          if (!res.complete) return fail(Object.assign(new Error('response ended early'), { code: 'ECONNRESET' }));
          finish(undefined, {
            status: res.statusCode ?? 0,
            headers: flattenHeaders(res.headers),
            body: Buffer.concat(chunks),
          });
        });
      });
      // 'finish' fires once the whole request has been handed to the socket: from then on the
      // network may have acted on it even if we never hear back.
      request.on('finish', () => {
        sent = true;
      });
      request.on('error', fail);
      const timer = setTimeout(() => {
        timedOut = true;
        request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      request.end(body);
    });
  }
}

const TIMED_OUT = Symbol('timed out');

/** Rejects with TIMED_OUT after `ms`; a stream slot that arrives after that is given back at once. */
function withTimeout<T extends { release(): void } | null>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let late = false;
    const timer = setTimeout(() => {
      late = true;
      reject(TIMED_OUT);
    }, ms);
    promise.then(
      (value) => {
        if (late) return value?.release();
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** Parses a JSON body, or returns undefined when the body is empty or not JSON. */
export function parseJsonBody(response: HttpResponse): unknown {
  const text = response.body.toString('utf8').trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isSuccess(response: HttpResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** How a client gets its transport: a shared one, or its own with a timeout and extra CA. */
export interface ClientHttpOptions {
  transport?: HttpTransport;
  /** Request timeout when the client builds its own transport (default 30 s). */
  timeoutMs?: number;
  /** Extra CA (PEM) to trust when the client builds its own transport. */
  ca?: string | Buffer;
}

export function transportFrom(options: ClientHttpOptions): HttpTransport {
  return options.transport ?? new HttpTransport({ timeoutMs: options.timeoutMs, ca: options.ca });
}
