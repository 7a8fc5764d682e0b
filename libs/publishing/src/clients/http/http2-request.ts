// One request on a stream of an HTTP/2 session, with the same answer, timeout and "was it sent?" signal as the
// HTTP/1.1 path.
import * as http2 from 'node:http2';
import { flattenHeaders, transportError, type HttpResponse, type OutgoingCall } from './http-types';
import type { SessionLease } from './http2-sessions';

/** Connection-specific headers, which HTTP/2 forbids; the host travels as :authority. */
const NOT_IN_HTTP2 = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

const { NGHTTP2_CANCEL, NGHTTP2_REFUSED_STREAM } = http2.constants;

/** The code of a TransportError for a stream the server refused unprocessed (the request may be sent again). */
export const REFUSED = 'REFUSED_STREAM';

/** `waitMs`: how long this stream may take (what is left of the call's timeout). */
export function requestOnStream(lease: SessionLease, call: OutgoingCall, waitMs: number): Promise<HttpResponse> {
  const { url, body } = call;
  const headers: http2.OutgoingHttpHeaders = { ':method': call.method, ':path': `${url.pathname}${url.search}` };
  for (const [name, value] of Object.entries(call.headers)) {
    const lower = name.toLowerCase();
    if (!NOT_IN_HTTP2.has(lower)) headers[lower] = value;
  }

  return new Promise<HttpResponse>((resolve, reject) => {
    let timedOut = false;
    let settled = false;
    let answer: { status: number; headers: Record<string, string> } | undefined;
    const chunks: Buffer[] = [];
    const finish = (error: Error | undefined, response?: HttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    const fail = (error: NodeJS.ErrnoException): void => {
      // Every stream closes, answered or not: an error (with its stack) is made only for one that was not.
      if (settled) return;
      // A stream the server refused was never processed: not sent, and safe to send again (REFUSED_STREAM).
      if (stream?.rstCode === NGHTTP2_REFUSED_STREAM)
        return finish(transportError(call, Object.assign(error, { code: REFUSED }), false, false));
      finish(transportError(call, error, wasSent(stream, body !== undefined), timedOut));
    };

    let stream: http2.ClientHttp2Stream | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      stream?.close(NGHTTP2_CANCEL);
      fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    }, waitMs);
    try {
      stream = lease.session.request(headers, { endStream: !body });
    } catch (error) {
      // The session was closing or gone: nothing left this process.
      lease.release();
      fail(error as NodeJS.ErrnoException);
      return;
    }
    // The stream's slot is free once the stream has closed (once), answered or not.
    stream.on('close', () => {
      lease.release();
      if (settled) return;
      fail(
        Object.assign(new Error(`stream closed without an answer (code ${stream.rstCode})`), { code: 'ECONNRESET' }),
      );
    });
    stream.on('response', (responseHeaders) => {
      answer = { status: Number(responseHeaders[':status'] ?? 0), headers: flattenHeaders(responseHeaders) };
    });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (!answer) return fail(Object.assign(new Error('answer ended before its headers'), { code: 'ECONNRESET' }));
      finish(undefined, { ...answer, body: Buffer.concat(chunks) });
    });
    stream.on('error', fail);
    if (body) stream.end(body);
  });
}

/**
 * Whether the request had been handed to the session whole (its body written, or a bodyless one's headers sent):
 * from then on the network may act on it even if we never hear back. Read when it fails, rather than kept by a
 * 'finish' or 'ready' listener on every stream ('finish' is emitted exactly when writableFinished is set).
 */
function wasSent(stream: http2.ClientHttp2Stream | undefined, hasBody: boolean): boolean {
  if (!stream) return false;
  return hasBody ? stream.writableFinished : !stream.pending;
}
