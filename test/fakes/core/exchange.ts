// One request and its answer as a fake sees them, over HTTP/2 (a bare stream) or HTTP/1.1 (node:http's pair).
// HTTP/2 streams are served without node's compatibility layer (Http2ServerRequest/Response): it builds two
// objects and several listeners per stream and asks every answer for trailers, which made up a tenth of the fakes'
// CPU under a fleet's burst, CPU a real network spends on its own machines, not on ours. The wire is the same:
// status, headers (a date among them), body.
import type * as http from 'node:http';
import type * as http2 from 'node:http2';
import type { Readable } from 'node:stream';

export interface Exchange {
  method: string;
  /** Path and query as received. */
  url: string;
  /** As received: HTTP/2's pseudo-headers (":authority") included. */
  headers: http.IncomingHttpHeaders;
  body: Readable;
  /** Whether the answer's headers have gone. */
  readonly answered: boolean;
  /** Whether the client is gone (the stream or socket destroyed): nothing more can be said. */
  readonly gone: boolean;
  respond(status: number, headers: Record<string, string>, body?: Buffer): void;
  /** Resets the request: its HTTP/2 stream (RST_STREAM), or its HTTP/1.1 connection. */
  reset(): void;
}

export function http2Exchange(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): Exchange {
  // A stream the client reset ends in an error: the client has gone, and the fake carries on (as the compatibility
  // layer's requests do, which swallow it).
  stream.on('error', () => undefined);
  return {
    method: String(headers[':method'] ?? 'GET'),
    url: String(headers[':path'] ?? '/'),
    headers,
    body: stream,
    get answered() {
      return stream.headersSent;
    },
    get gone() {
      return stream.destroyed;
    },
    respond(status, responseHeaders, body) {
      if (stream.destroyed || stream.closed || stream.headersSent) return;
      stream.respond({ ...responseHeaders, ':status': status }, { endStream: !body });
      if (body) stream.end(body);
    },
    reset() {
      stream.destroy();
    },
  };
}

export function http1Exchange(req: http.IncomingMessage, res: http.ServerResponse): Exchange {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    body: req,
    get answered() {
      return res.headersSent;
    },
    get gone() {
      return res.destroyed;
    },
    respond(status, headers, body) {
      res.writeHead(status, headers);
      if (body) res.end(body);
      else res.end();
    },
    reset() {
      req.socket.destroy();
    },
  };
}
