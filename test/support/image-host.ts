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

export interface TestImageShape {
  /** Pixels (default 1080 × 1080: square, inside every network's limits). */
  width?: number;
  height?: number;
  /** At least this many bytes (default 12,000: over Google's 10 KB minimum). */
  bytes?: number;
}

/**
 * Bytes a network accepts as a JPEG, different for each label so tests can tell pictures apart: SOI, a JFIF APP0,
 * a comment with the label (padded to `bytes`), a baseline start-of-frame that says the size, EOI. Header readers
 * (image-size, the Instagram fake) read the size from the frame; nothing decodes the (absent) pixels.
 */
export function testJpeg(label: string, shape: TestImageShape = {}): Buffer {
  const { width = 1080, height = 1080, bytes = 12_000 } = shape;
  const head = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex');
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const text = Buffer.from(`picture:${label}`);
  const padding = Math.max(0, bytes - head.length - sof.length - text.length - 6);
  const comment = Buffer.concat([text, Buffer.alloc(padding, 0x20)]).subarray(0, 65_000);
  const com = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), comment]);
  com.writeUInt16BE(comment.length + 2, 2);
  return Buffer.concat([head, com, sof, Buffer.from([0xff, 0xd9])]);
}

/** A PNG header that says its size (IHDR), padded with a text chunk to `bytes`; like testJpeg, never decoded. */
export function testPng(label: string, shape: TestImageShape = {}): Buffer {
  const { width = 1080, height = 1080, bytes = 12_000 } = shape;
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const text = Buffer.from(`Comment\0picture:${label}`, 'latin1');
  const fixed = 8 + 25 + 12 + text.length + 12;
  const body = Buffer.concat([text, Buffer.alloc(Math.max(0, bytes - fixed), 0x20)]);
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('tEXt', body),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1 × 1 PNG of 70 bytes: too small for Google, fine where size does not matter. */
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
