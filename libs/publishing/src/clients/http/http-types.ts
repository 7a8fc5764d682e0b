// What a request and its answer look like whichever protocol carries them, and the error for no answer.
import type * as http from 'node:http';

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

/** A request as the transport sends it, over either protocol. */
export interface OutgoingCall {
  method: HttpMethod;
  url: URL;
  headers: Record<string, string>;
  body: Buffer | undefined;
  timeoutMs: number;
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

/** The transport's error for a call that got no answer; `sent`: the network may have acted on it. */
export function transportError(
  call: Pick<OutgoingCall, 'method' | 'url' | 'timeoutMs'>,
  error: NodeJS.ErrnoException,
  sent: boolean,
  timedOut: boolean,
): TransportError {
  const what = timedOut ? `timed out after ${call.timeoutMs} ms` : error.message;
  return new TransportError(
    `${call.method} ${call.url.origin}${call.url.pathname} ${what}`,
    sent,
    timedOut,
    timedOut ? 'ETIMEDOUT' : error.code,
    { cause: error },
  );
}

/** Lower-case names, repeated values joined; HTTP/2's pseudo-headers (":status") left out. */
export function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
