// The HTTP(S) transport every network client uses: one timeout, one trust store, and an error that
// says whether the request had been fully sent (the difference between "retry" and "read back first").
//
// Built on node:https rather than global fetch: Node 20's fetch cannot take a CA or an Agent
// without the undici package, and we need both a per-client CA (tests trust a fake's certificate
// without NODE_EXTRA_CA_CERTS) and a precise "was the request sent?" signal.
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Overrides the transport's timeout for this request. */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpTransportOptions {
  /** Whole-request timeout (connect, send, wait, read). Default 30 s. */
  timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust in addition to the system ones (e.g. a fake's CA). */
  ca?: string | Buffer | Array<string | Buffer>;
  /** A ready-made agent for https: URLs; wins over `ca`. */
  httpsAgent?: https.Agent;
}

/** The request failed without an HTTP answer. */
export class TransportError extends Error {
  constructor(
    message: string,
    /** True when the whole request had been handed to the network before it failed. */
    readonly requestSent: boolean,
    readonly timedOut: boolean,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export const DEFAULT_TIMEOUT_MS = 30_000;

export class HttpTransport {
  readonly timeoutMs: number;
  private readonly httpsAgent: https.Agent | undefined;

  constructor(options: HttpTransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (options.httpsAgent) {
      this.httpsAgent = options.httpsAgent;
    } else if (options.ca) {
      const extra = Array.isArray(options.ca) ? options.ca : [options.ca];
      // `ca` replaces the default store, so keep the system roots next to the extra ones. The context is
      // built once: handed to the agent as `ca`, every new connection parsed all ~150 roots again (about
      // 50 ms of CPU each). Keep-alive as in Node's global agent, which serves the no-extra-CA case.
      const secureContext = tls.createSecureContext({ ca: [...tls.rootCertificates, ...extra] });
      this.httpsAgent = new https.Agent({ secureContext, keepAlive: true, scheduling: 'lifo', timeout: 5000 });
    }
  }

  request(req: HttpRequest): Promise<HttpResponse> {
    const url = new URL(req.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return Promise.reject(
        new TransportError(`Unsupported URL scheme ${url.protocol}`, false, false, 'ERR_INVALID_PROTOCOL'),
      );
    }
    const isHttps = url.protocol === 'https:';
    const body =
      req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    if (body) headers['content-length'] = String(body.length);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;

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
        const what = timedOut ? `timed out after ${timeoutMs} ms` : error.message;
        finish(
          new TransportError(
            `${req.method} ${url.origin}${url.pathname} ${what}`,
            sent,
            timedOut,
            timedOut ? 'ETIMEDOUT' : error.code,
            { cause: error },
          ),
        );
      };

      const options: https.RequestOptions = { method: req.method, headers };
      if (isHttps && this.httpsAgent) options.agent = this.httpsAgent;
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

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
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
