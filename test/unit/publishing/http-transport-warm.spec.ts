// Connections warmed ahead of a burst: warm() opens them, and the requests at the instant reuse them instead of
// each paying a TLS handshake then.
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { HttpTransport } from '@app/publishing';
import { createTlsMaterial, type TlsMaterial } from '../../fakes/core/tls';

describe('HttpTransport.warm', () => {
  let tls: TlsMaterial;
  let server: https.Server;
  let origin: string;
  let handshakes = 0;
  const methods: string[] = [];

  beforeAll(async () => {
    tls = createTlsMaterial();
    server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      methods.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => res.end('{"id":"1"}'));
    });
    server.on('secureConnection', () => handshakes++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    tls.dispose();
  });

  beforeEach(() => {
    handshakes = 0;
    methods.length = 0;
  });

  it('opens the sockets a burst needs, and the burst then reuses them', async () => {
    // A generous timeout: on a loaded machine a TLS handshake has taken more than 5 s.
    const transport = new HttpTransport({ ca: tls.caPem, timeoutMs: 60_000 });
    expect(await transport.warm(origin, 8)).toBe(8);
    expect(handshakes).toBe(8);
    // Only GETs of the root: nothing was posted.
    expect(new Set(methods)).toEqual(new Set(['GET /']));

    const answers = await Promise.all(
      Array.from({ length: 8 }, () => transport.request({ method: 'POST', url: `${origin}/feed`, body: '{}' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(handshakes).toBe(8);
  }, 180_000);

  it('opens only what is missing, and nothing for a plain-HTTP origin', async () => {
    const transport = new HttpTransport({ ca: tls.caPem, timeoutMs: 60_000 });
    await transport.warm(origin, 3);
    expect(await transport.warm(origin, 5)).toBe(2);
    expect(handshakes).toBe(5);
    expect(await transport.warm('http://127.0.0.1:9', 5)).toBe(0);
  }, 180_000);

  it('never rejects when the origin cannot be reached', async () => {
    const transport = new HttpTransport({ ca: tls.caPem, timeoutMs: 2000 });
    await expect(transport.warm('https://127.0.0.1:9', 3)).resolves.toBe(0);
  });
});
