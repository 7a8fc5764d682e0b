// HTTP/2 to origins that offer it: many requests share a few connections (at the server's stream limit each),
// answers and failures say the same as over HTTP/1.1 (status, headers, body; timed out; sent or not), and an
// origin that speaks only HTTP/1.1 is served over HTTP/1.1.
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpTransport, TransportError } from '@app/publishing';
import { createTlsMaterial, type TlsMaterial } from '../../fakes/core/tls';

type Handler = (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void;

describe('HttpTransport over HTTP/2', () => {
  let tls: TlsMaterial;
  let server: http2.Http2SecureServer;
  let origin: string;
  let connections = 0;
  let handler: Handler;
  const versions: string[] = [];

  beforeAll(async () => {
    tls = createTlsMaterial();
    server = http2.createSecureServer(
      { key: tls.key, cert: tls.cert, allowHTTP1: true, settings: { maxConcurrentStreams: 10 } },
      (req, res) => {
        versions.push(req.httpVersion);
        handler(req, res);
      },
    );
    server.on('secureConnection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    tls.dispose();
  });

  beforeEach(() => {
    connections = 0;
    versions.length = 0;
    handler = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(201, {
          'content-type': 'application/json',
          'x-echo-length': String(Buffer.concat(chunks).length),
        });
        res.end(JSON.stringify({ id: '42', path: req.url, auth: req.headers.authorization }));
      });
    };
  });

  const transportFor = (timeoutMs = 10_000) => new HttpTransport({ ca: tls.caPem, timeoutMs });

  it('answers with status, headers and body, and 40 requests at once share 4 connections (10 streams each)', async () => {
    const transport = transportFor();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        transport.request({
          method: 'POST',
          url: `${origin}/feed?n=${i}`,
          headers: { Authorization: 'Bearer t', 'Content-Type': 'application/json', Connection: 'keep-alive' },
          body: '{"message":"hello"}',
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(40).fill(201));
    expect(answers[7].headers['x-echo-length']).toBe('19');
    expect(answers[7].headers[':status']).toBeUndefined();
    expect(JSON.parse(answers[7].body.toString())).toEqual({ id: '42', path: '/feed?n=7', auth: 'Bearer t' });
    expect(new Set(versions)).toEqual(new Set(['2.0']));
    expect(connections).toBe(4);
    transport.close();
  });

  it('opens ahead of a burst the connections it needs, and the burst then opens none', async () => {
    const transport = transportFor();
    expect(await transport.warm(origin, 25)).toBe(3);
    expect(connections).toBe(3);
    await Promise.all(Array.from({ length: 25 }, () => transport.request({ method: 'GET', url: `${origin}/me` })));
    expect(connections).toBe(3);
    transport.close();
  });

  it('times out a request the server never answers, as sent', async () => {
    handler = (req) => req.resume();
    const transport = transportFor(300);
    const error = await transport.request({ method: 'POST', url: `${origin}/feed`, body: '{}' }).catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ timedOut: true, requestSent: true, code: 'ETIMEDOUT' });
    transport.close();
  });

  it('says sent when the server took the request and reset the stream, and not sent when it refused it', async () => {
    const transport = transportFor();
    handler = (req) => {
      req.resume();
      req.on('end', () => req.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR));
    };
    const reset = await transport.request({ method: 'POST', url: `${origin}/feed`, body: '{}' }).catch((e) => e);
    expect(reset).toMatchObject({ requestSent: true, timedOut: false });

    handler = (req) => req.stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    const refused = await transport.request({ method: 'POST', url: `${origin}/feed`, body: '{}' }).catch((e) => e);
    expect(refused).toBeInstanceOf(TransportError);
    expect(refused).toMatchObject({ requestSent: false });
    transport.close();
  });

  it('fails as not sent when the origin cannot be reached', async () => {
    const transport = transportFor(2000);
    const error = await transport
      .request({ method: 'POST', url: 'https://127.0.0.1:9/feed', body: '{}' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ requestSent: false });
  });

  it('speaks HTTP/1.1 to an origin that offers only that', async () => {
    const seen: string[] = [];
    const plain = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      seen.push(req.httpVersion);
      req.resume();
      req.on('end', () => res.end('{"id":"1"}'));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const plainOrigin = `https://127.0.0.1:${(plain.address() as AddressInfo).port}`;
    const transport = transportFor();
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => transport.request({ method: 'POST', url: `${plainOrigin}/feed`, body: '{}' })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(seen).toEqual(['1.1', '1.1', '1.1']);
    plain.closeAllConnections();
    await new Promise((resolve) => plain.close(resolve));
  });

  it('can be told to speak HTTP/1.1 only', async () => {
    const transport = new HttpTransport({ ca: tls.caPem, http2: false });
    await transport.request({ method: 'GET', url: `${origin}/me` });
    expect(versions).toEqual(['1.1']);
  });
});
