// A network fetches url-based media itself, so a localhost or private-network URL can never work
// (peer failure postiz #946): refuse it before any request is made.
import { isIP } from 'node:net';
import { isPublicAddress } from './public-address';

export function mediaUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a valid URL`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `media URL must be http(s), got ${url.protocol}`;
  // The URL parser already turns decimal, octal and hex IPv4 forms (http://2130706433/) into dotted quads.
  if (isPrivateHost(url.hostname))
    return `media URL ${url.origin} points at a private or local address the network cannot reach`;
  return undefined;
}

/** A host name or address that is local or private by its looks (fetches also check what it resolves to). */
export function isPrivateHost(hostname: string): boolean {
  // "localhost." and "printer.local." are the same names as without the dot.
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.+$/, '');
  if (!host) return true;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal'))
    return true;
  if (!host.includes('.') && isIP(host) === 0) return true; // single-label names only resolve on a LAN
  return isIP(host) !== 0 && !isPublicAddress(host);
}

/**
 * Why a network that downloads images itself (Instagram, Google) could not fetch them from this app at
 * `publicUrl` (PUBLIC_URL), or undefined: it must be https on a public host name (a proxy may terminate TLS).
 */
export function publicOriginProblem(publicUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return `PUBLIC_URL "${publicUrl}" is not a URL`;
  }
  if (url.protocol !== 'https:') return `PUBLIC_URL (${url.origin}) is not https`;
  if (isPrivateHost(url.hostname)) return `PUBLIC_URL (${url.origin}) is a local or private address`;
  return undefined;
}

let publicOrigin: string | undefined;

/** Set once at start-up from PUBLIC_URL (like the network limits), so every check in every lib agrees. */
export function applyPublicOrigin(publicUrl: string): void {
  publicOrigin = publicUrl;
}

/** publicOriginProblem for the configured PUBLIC_URL; undefined before start-up has set it (unit tests). */
export function publicOriginProblemInForce(): string | undefined {
  return publicOrigin === undefined ? undefined : publicOriginProblem(publicOrigin);
}
