// Downloads an image from the public internet for publishing, and nothing else: every address a name resolves to
// is checked at connect time (no DNS-rebinding gap between check and use), each redirect is checked again, and
// the body is streamed with a cap instead of read whole before the size check.
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { mediaUrlProblem } from './media-url';
import { isPublicAddress } from './public-address';

export interface PublicFetchOptions {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Which resolved addresses may be reached (tests widen it to their loopback server). */
  allowAddress?: (address: string) => boolean;
  /** Name resolution (tests map names to addresses). */
  lookup?: typeof dnsLookup;
  /** What is fetched, for the Accept header and messages (default: an image). */
  accept?: string;
  subject?: string;
}

export interface FetchedFile {
  bytes: Buffer;
  contentType: string;
  finalUrl: string;
}

/** Why a fetch was refused or failed; `permanent` problems (a private address, too big, a 4xx) are not worth retrying. */
export class PublicFetchError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly refusedAddress = false,
  ) {
    super(message);
  }
}

let testOrigins: ReadonlyMap<string, string> = new Map();

/**
 * Tests only (code, never configuration): where a public origin is really served, e.g. https://cdn.example.com
 * -> http://127.0.0.1:40123. It stands in for DNS and for the TLS proxy in front of a public server; every check
 * still runs on the public URL. Pass nothing to forget them.
 */
export function serveOriginsLocallyForTests(origins: Record<string, string> = {}): void {
  testOrigins = new Map(Object.entries(origins));
}

export async function fetchPublicFile(rawUrl: string, options: PublicFetchOptions): Promise<FetchedFile> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  let url = rawUrl;
  for (let hop = 0; hop <= (options.maxRedirects ?? 3); hop++) {
    const problem = options.allowAddress ? undefined : mediaUrlProblem(url);
    if (problem) throw new PublicFetchError(problem, true, true);
    const local = testOrigins.get(new URL(url).origin);
    // An address written in the URL is connected to without a lookup, so it is checked here.
    const literal = new URL(url).hostname.replace(/^\[|\]$/g, '');
    if (!local && isIP(literal) && !(options.allowAddress ?? isPublicAddress)(literal))
      throw new PublicFetchError(`${literal} is a private or local address; refused`, true, true);
    const response = local
      ? await get(local + url.slice(new URL(url).origin.length), { ...options, allowAddress: () => true }, deadline)
      : await get(url, options, deadline);
    const location = response.headers.location;
    if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
      response.resume();
      url = new URL(location, url).toString();
      if (!/^https?:$/.test(new URL(url).protocol))
        throw new PublicFetchError(
          `${options.subject ?? 'The image'} redirects to ${new URL(url).protocol}, which is not allowed`,
          true,
        );
      continue;
    }
    if (!response.statusCode || response.statusCode >= 400) {
      response.resume();
      throw new PublicFetchError(
        `${options.subject ?? 'The image'} at ${url} answered ${response.statusCode}`,
        (response.statusCode ?? 500) < 500,
      );
    }
    return {
      bytes: await readCapped(response, options.maxBytes, options.subject ?? 'The image'),
      contentType: String(response.headers['content-type'] ?? ''),
      finalUrl: url,
    };
  }
  throw new PublicFetchError(
    `${options.subject ?? 'The image'} at ${rawUrl} redirects more than ${options.maxRedirects ?? 3} times`,
    true,
  );
}

function get(url: string, options: PublicFetchOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const request = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', lookup: checkedLookup(options), signal, headers: { accept: options.accept ?? 'image/*' } },
      resolve,
    );
    req.on('error', (error) =>
      reject(
        error instanceof PublicFetchError
          ? error
          : new PublicFetchError(
              `${options.subject ?? 'The image'} at ${url} could not be downloaded (${error.message})`,
              false,
            ),
      ),
    );
    req.end();
  });
}

/** Resolves as usual, then refuses the connection if any address is not public. */
function checkedLookup(options: PublicFetchOptions): LookupFunction {
  const allowed = options.allowAddress ?? isPublicAddress;
  const lookup = options.lookup ?? dnsLookup;
  return (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as LookupAddress[];
      const refused = list.find((a) => !allowed(a.address));
      if (refused || list.length === 0) {
        return callback(
          new PublicFetchError(
            `${hostname} resolves to ${refused?.address ?? 'nothing'}, a private or local address; refused`,
            true,
            true,
          ),
          '',
          4,
        );
      }
      if (lookupOptions.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

async function readCapped(response: IncomingMessage, maxBytes: number, subject: string): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const size = maxBytes >= 1048576 ? `${(maxBytes / 1048576).toFixed(0)} MB` : `${Math.round(maxBytes / 1024)} KB`;
  const tooBig = () => new PublicFetchError(`${subject} is larger than ${size}`, true);
  if (declared > maxBytes) {
    response.destroy();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      response.destroy();
      throw tooBig();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
