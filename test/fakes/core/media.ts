// Media checks the real networks make: they fetch url-based media themselves (so a private
// address can never work) and only accept real image (or, for a video, real MP4/MOV) bytes.
import { isIP } from 'node:net';
import { sniffVideo } from './video';

/** Why the network could not fetch this URL, or undefined when it is a public http(s) URL. */
export function unreachableMediaUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `unsupported scheme ${url.protocol}`;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
    return `${host} is a local name`;
  if (isIP(host) === 4) {
    const [a, b] = host.split('.').map(Number);
    const privateV4 =
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127);
    if (privateV4) return `${host} is a private address`;
  }
  // (IPv4-mapped addresses count as private whatever they map to: the fake stays strict.)
  if (
    isIP(host) === 6 &&
    (host === '::1' || host === '::' || /^(fc|fd|fe8|fe9|fea|feb)/.test(host) || host.startsWith('::ffff:'))
  )
    return `${host} is a private address`;
  if (!host.includes('.') && isIP(host) === 0) return `${host} is not a public host name`;
  return undefined;
}

export type ImageType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/bmp' | 'image/tiff';
export type VideoType = 'video/mp4' | 'video/quicktime';

/** The image type from its magic bytes, or undefined when the bytes are not an image. */
export function sniffImage(bytes: Buffer): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  if (bytes.length >= 2 && bytes.subarray(0, 2).toString('latin1') === 'BM') return 'image/bmp';
  if (
    bytes.length >= 4 &&
    (bytes.subarray(0, 4).toString('latin1') === 'II*\u0000' || bytes.subarray(0, 4).toString('latin1') === 'MM\u0000*')
  )
    return 'image/tiff';
  return undefined;
}

/** One download a fake made, as a test inspects it (the network really fetched these bytes). */
export interface MediaFetch {
  url: string;
  at: number;
  /** HTTP status, or the failure before one (unreachable, refused, timeout). */
  outcome: number | string;
  type?: ImageType | VideoType;
  bytes?: Buffer;
}

export type Downloaded = { ok: true; bytes: Buffer; type: ImageType } | { ok: false; reason: string };
export type DownloadedVideo = { ok: true; bytes: Buffer; type: VideoType } | { ok: false; reason: string };

const MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024;
/** Instagram takes reels of up to 300 MB (a fake holds what it downloads in memory; tests send a few MB). */
const MAX_VIDEO_DOWNLOAD_BYTES = 300 * 1024 * 1024;
const MAX_REDIRECTS = 3;

/**
 * Downloads media as the networks do: from the public URL itself, following a few redirects, and only image bytes
 * count. A fake reaches only origins it was told how to reach (`origins`: public origin -> where it is really
 * served, standing in for DNS and the TLS proxy in front of the app); any other public host is unreachable,
 * so no fake ever calls the internet.
 */
export async function downloadMedia(
  raw: string,
  origins: ReadonlyMap<string, string>,
  log: MediaFetch[],
  timeoutMs = 10_000,
): Promise<Downloaded> {
  const fetched = await fetchMedia(raw, origins, log, timeoutMs, 'image/*', MAX_DOWNLOAD_BYTES);
  if (!fetched.ok) return fetched;
  const { bytes, entry } = fetched;
  entry.type = sniffImage(bytes);
  if (!entry.type) return { ok: false, reason: 'the file is not an image' };
  return { ok: true, bytes, type: entry.type };
}

/** A video downloaded as Instagram downloads a reel's video_url: the bytes must be an MP4 or MOV. */
export async function downloadVideo(
  raw: string,
  origins: ReadonlyMap<string, string>,
  log: MediaFetch[],
  timeoutMs = 30_000,
): Promise<DownloadedVideo> {
  const fetched = await fetchMedia(raw, origins, log, timeoutMs, 'video/*', MAX_VIDEO_DOWNLOAD_BYTES);
  if (!fetched.ok) return fetched;
  const video = sniffVideo(fetched.bytes);
  if (!video) return { ok: false, reason: 'the file is not a video' };
  const type: VideoType = video.container === 'mov' ? 'video/quicktime' : 'video/mp4';
  fetched.entry.type = type;
  return { ok: true, bytes: fetched.bytes, type };
}

async function fetchMedia(
  raw: string,
  origins: ReadonlyMap<string, string>,
  log: MediaFetch[],
  timeoutMs: number,
  accept: string,
  maxBytes: number,
): Promise<{ ok: true; bytes: Buffer; entry: MediaFetch } | { ok: false; reason: string }> {
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const entry: MediaFetch = { url, at: Date.now(), outcome: 'unreachable' };
    log.push(entry);
    const unreachable = unreachableMediaUrl(url);
    if (unreachable) return { ok: false, reason: (entry.outcome = unreachable) };
    const parsed = new URL(url);
    const local = origins.get(parsed.origin);
    if (!local) return { ok: false, reason: (entry.outcome = `${parsed.hostname} could not be resolved`) };
    let response: Response;
    try {
      response = await fetch(local + url.slice(parsed.origin.length), {
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'user-agent': 'facebookexternalhit/1.1', accept },
      });
    } catch (error) {
      return { ok: false, reason: (entry.outcome = `${parsed.host} did not answer (${(error as Error).message})`) };
    }
    entry.outcome = response.status;
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).toString();
      continue;
    }
    if (response.status !== 200) return { ok: false, reason: `the server answered HTTP ${response.status}` };
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > maxBytes)
      return { ok: false, reason: `the file is larger than ${Math.round(maxBytes / 1048576)} MB` };
    entry.bytes = bytes;
    return { ok: true, bytes, entry };
  }
  return { ok: false, reason: `more than ${MAX_REDIRECTS} redirects` };
}

/** A real 1 x 1 PNG (a browser draws it): the pictures the fakes serve for accounts (logos, profile photos). */
export const PROFILE_PICTURE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
