// A stand-in for a practice's image host (a CDN, a website): serves the files a test puts there, on 127.0.0.1.
// Tests give it a public origin (https://cdn.example-dental.com) through serveOrigin, for the app's downloads
// (serveOriginsLocallyForTests) and the fakes' (fakes.serveOrigin), as DNS and a TLS proxy would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ImageHost {
  /** Where it really listens, e.g. http://127.0.0.1:40123 */
  localUrl: string;
  /** Serves `body` at `path` (replacing what was there: the picture behind a URL can change). */
  put(path: string, body: Buffer, contentType?: string): void;
  remove(path: string): void;
  /** Paths requested, in order. */
  requests: string[];
  close(): Promise<void>;
}

export const IMAGE_HOST_ORIGIN = 'https://cdn.example-dental.com';

/** Bytes a network accepts as a JPEG (its markers), different for each label, so tests can tell pictures apart. */
export function testJpeg(label: string): Buffer {
  return Buffer.concat([
    Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
    Buffer.from(`picture:${label}`),
    Buffer.from('ffd9', 'hex'),
  ]);
}

export const TEST_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3bd1b0000000049454e44ae426082',
  'hex',
);

/** `anyJpeg`: every path ending in .jpg that was not put serves a JPEG (for specs that only need some picture). */
export async function startImageHost(options: { anyJpeg?: boolean } = {}): Promise<ImageHost> {
  const files = new Map<string, { body: Buffer; contentType: string }>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    requests.push(path);
    const file =
      files.get(path) ??
      (options.anyJpeg && path.endsWith('.jpg') ? { body: testJpeg(path), contentType: 'image/jpeg' } : undefined);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.body.length) });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    localUrl: `http://127.0.0.1:${port}`,
    put: (path, body, contentType = 'image/jpeg') => files.set(path, { body, contentType }),
    remove: (path) => files.delete(path),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
