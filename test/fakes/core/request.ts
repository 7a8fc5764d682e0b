// What a fake's route handler sees: method, path, query, headers and a parsed body.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedBody {
  kind: 'none' | 'json' | 'form' | 'multipart' | 'raw';
  /** JSON body, or form/multipart text fields as an object. */
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
  raw: Buffer;
  /** Set when the body claimed JSON but did not parse. */
  invalidJson?: boolean;
}

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: ParsedBody;
  /** Capture groups of the route pattern. */
  params: string[];
  /** The fake's own origin, e.g. https://127.0.0.1:4101 */
  origin: string;
  /** A fault the handler itself acts on (e.g. media_error: the container is made, then fails). */
  fault?: import('./faults').ActiveFault;
}

export function readBody(req: Readable, limitBytes = 25 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const type = (contentType ?? '').toLowerCase();
  if (raw.length === 0) return { kind: 'none', fields: {}, files: {}, raw };
  if (type.startsWith('application/json') || type.startsWith('text/plain')) {
    try {
      const value = JSON.parse(raw.toString('utf8')) as unknown;
      const fields =
        value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      return { kind: 'json', fields, files: {}, raw };
    } catch {
      return { kind: 'json', fields: {}, files: {}, raw, invalidJson: true };
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return { kind: 'form', fields: Object.fromEntries(new URLSearchParams(raw.toString('utf8'))), files: {}, raw };
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (type.startsWith('multipart/form-data') && boundary) {
    return { kind: 'multipart', ...parseMultipart(raw, boundary[1] ?? boundary[2]), raw };
  }
  return { kind: 'raw', fields: {}, files: {}, raw };
}

function parseMultipart(
  raw: Buffer,
  boundary: string,
): { fields: Record<string, unknown>; files: Record<string, UploadedFile> } {
  const fields: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = raw.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Each part: CRLF headers CRLF CRLF content CRLF
    const part = raw.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headerText = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]*)"/i.exec(headerText)?.[1];
      const filename = /filename="([^"]*)"/i.exec(headerText)?.[1];
      const partType = /content-type:\s*([^\r\n]+)/i.exec(headerText)?.[1]?.trim() ?? 'application/octet-stream';
      if (name !== undefined) {
        if (filename !== undefined) files[name] = { filename, contentType: partType, data: Buffer.from(content) };
        else fields[name] = content.toString('utf8');
      }
    }
    start = next;
  }
  return { fields, files };
}

/**
 * A path with no dot segment, no percent sign and nothing URL parsing would escape or change, and a query with
 * nothing it would escape: taken as it is. A fleet's publishes are all such; `new URL` cost a twentieth of the
 * fakes' CPU under a burst (a real network parses on its own machines, not on ours).
 */
const PLAIN_TARGET = /^(\/(?!\/)[A-Za-z0-9\-_~!$&()*+,;=:@/.]*)(?:\?([A-Za-z0-9\-._~!$&()*+,;=:@/?%]*))?$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/** The path and query of a request target (as received) as WHATWG URL parsing against `origin` gives them. */
export function parseTarget(target: string, origin: string): { path: string; query: URLSearchParams } {
  const plain = PLAIN_TARGET.exec(target);
  if (plain && !DOT_SEGMENT.test(plain[1])) return { path: plain[1], query: new URLSearchParams(plain[2] ?? '') };
  const url = new URL(target, origin);
  return { path: url.pathname, query: url.searchParams };
}

/** Lower-case names as over HTTP/1.1, whichever protocol the request came by (HTTP/2's :authority is its host). */
export function flattenHeaders(req: { headers: IncomingHttpHeaders }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (name === ':authority') out.host ??= String(value);
    else if (!name.startsWith(':')) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** A bearer token from `Authorization: Bearer x` (or `OAuth x`, which Graph also accepts). */
export function bearerToken(req: FakeRequest): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header.trim()) : null;
  return match ? match[1].trim() : undefined;
}
