// The guarded download against a real local server: resolution, redirects and the size cap.
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchPublicFile, PublicFetchError } from './public-fetch';

describe('fetchPublicFile', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits += 1;
      if (req.url === '/image.png')
        return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(1000, 1));
      if (req.url === '/to-metadata')
        return res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (req.url === '/to-loopback-v6')
        return res
          .writeHead(301, { location: `http://[::1]:${(server.address() as AddressInfo).port}/image.png` })
          .end();
      if (req.url === '/to-image') return res.writeHead(302, { location: '/image.png' }).end();
      if (req.url === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (req.url === '/declared-huge')
        return res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(50 * 1048576) }).end();
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'image/png' });
        const chunk = Buffer.alloc(64 * 1024, 2);
        const timer = setInterval(() => {
          if (!res.write(chunk)) return;
        }, 1);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const loopbackOnly = {
    timeoutMs: 5000,
    maxBytes: 1048576,
    allowAddress: (address: string) => address === '127.0.0.1',
  };
  const refusal = (promise: Promise<unknown>) =>
    expect(promise).rejects.toMatchObject({ constructor: PublicFetchError, permanent: true });

  it('downloads what the policy allows, following a redirect it also allows', async () => {
    const file = await fetchPublicFile(`${base}/to-image`, loopbackOnly);
    expect(file).toMatchObject({ contentType: 'image/png', finalUrl: `${base}/image.png` });
    expect(file.bytes).toHaveLength(1000);
  });

  it('refuses loopback, decimal and IPv6 forms before connecting with the default policy', async () => {
    const before = hits;
    const port = new URL(base).port;
    for (const url of [
      `${base}/image.png`,
      `http://2130706433:${port}/image.png`,
      `http://localhost.:${port}/image.png`,
      `http://[::ffff:7f00:1]:${port}/image.png`,
    ]) {
      await refusal(fetchPublicFile(url, { timeoutMs: 5000, maxBytes: 1048576 }));
    }
    expect(hits).toBe(before);
  });

  it('refuses a public-looking name that resolves to a private address, at connect time', async () => {
    const before = hits;
    const lookup = ((
      _host: string,
      _options: unknown,
      callback: (e: null, a: Array<{ address: string; family: number }>) => void,
    ) => callback(null, [{ address: '127.0.0.1', family: 4 }])) as never;
    const port = new URL(base).port;
    await expect(
      fetchPublicFile(`http://images.example.com:${port}/image.png`, { timeoutMs: 5000, maxBytes: 1048576, lookup }),
    ).rejects.toThrow(/resolves to 127\.0\.0\.1/);
    expect(hits).toBe(before);
  });

  it('checks every redirect again: to the metadata address, to IPv6 loopback, to another scheme', async () => {
    await refusal(fetchPublicFile(`${base}/to-metadata`, loopbackOnly));
    await refusal(fetchPublicFile(`${base}/to-loopback-v6`, loopbackOnly));
    await refusal(fetchPublicFile(`${base}/to-file`, loopbackOnly));
  });

  it('stops reading at the cap, whether the size is declared or not', async () => {
    await expect(fetchPublicFile(`${base}/declared-huge`, loopbackOnly)).rejects.toThrow(/larger than 1 MB/);
    await expect(fetchPublicFile(`${base}/endless`, loopbackOnly)).rejects.toThrow(/larger than 1 MB/);
  });
});

describe('fetchPublicFile errors', () => {
  it('marks address refusals as such, so the publisher can say why', async () => {
    await expect(
      fetchPublicFile('http://169.254.169.254/latest/meta-data/', { timeoutMs: 1000, maxBytes: 10 }),
    ).rejects.toMatchObject({ permanent: true, refusedAddress: true });
  });
});
