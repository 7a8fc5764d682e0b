// The card a network shows under a post's first link (title, description, image, site), read server-side from the
// page's Open Graph and HTML tags. Fetched only through fetchPublicFile: no private or local address, checked at
// connect time and after each redirect, with a size cap and a timeout.
import { fetchPublicFile, PublicFetchError, type PublicFetchOptions } from '@app/publishing';
import { InvalidInputError } from '@app/core';

export interface LinkCard {
  url: string;
  /** The host shown on the card, e.g. "ada.org". */
  site: string;
  title: string | null;
  description: string | null;
  image: string | null;
}

const MAX_BYTES = 512 * 1024;
const TIMEOUT_MS = 5000;
const CACHE_SIZE = 200;
const CACHE_MS = 10 * 60_000;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", nbsp: ' ' };
function decode(text: string): string {
  return text
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[2] ?? m[3] ?? m[4] ?? null) : null;
}

/** Title, description and image from a page's <head>: og:*, then twitter:*, then <title> and the description meta. */
export function readLinkCard(html: string, pageUrl: string): LinkCard {
  const head = html.slice(0, 200_000);
  const metas = new Map<string, string>();
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const key = (attr(m[0], 'property') ?? attr(m[0], 'name'))?.toLowerCase();
    const content = attr(m[0], 'content');
    if (key && content !== null && !metas.has(key)) metas.set(key, decode(content));
  }
  const titleTag = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1];
  const pick = (...keys: string[]) => keys.map((k) => metas.get(k)).find((v) => v) ?? null;
  const rawImage = pick('og:image', 'og:image:url', 'twitter:image');
  let image: string | null = null;
  if (rawImage) {
    try {
      const resolved = new URL(rawImage, pageUrl);
      image = resolved.protocol === 'https:' || resolved.protocol === 'http:' ? resolved.toString() : null;
    } catch {
      image = null;
    }
  }
  const clip = (s: string | null, n: number) => (s && s.length > n ? `${s.slice(0, n - 1)}…` : s);
  return {
    url: pageUrl,
    site: new URL(pageUrl).hostname.replace(/^www\./, ''),
    title: clip(pick('og:title', 'twitter:title') ?? (titleTag ? decode(titleTag) : null), 200),
    description: clip(pick('og:description', 'twitter:description', 'description'), 300),
    image,
  };
}

/** Link cards by URL, cached for ten minutes so typing does not fetch the same page again. */
export class LinkCards {
  private readonly cache = new Map<string, { at: number; card: LinkCard }>();

  constructor(private readonly fetchOptions: Partial<PublicFetchOptions> = {}) {}

  async card(rawUrl: string): Promise<LinkCard> {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new InvalidInputError(`"${rawUrl}" is not a web address`, { field: 'url' });
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new InvalidInputError('Only http and https links get a preview card', { field: 'url' });
    url.hash = '';
    const key = url.toString();
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.card;
    let card: LinkCard;
    try {
      const page = await fetchPublicFile(key, {
        timeoutMs: TIMEOUT_MS,
        maxBytes: MAX_BYTES,
        accept: 'text/html,application/xhtml+xml',
        subject: 'The page',
        ...this.fetchOptions,
      });
      card = /html/i.test(page.contentType)
        ? readLinkCard(page.bytes.toString('utf8'), page.finalUrl)
        : { url: page.finalUrl, site: new URL(page.finalUrl).hostname, title: null, description: null, image: null };
    } catch (error) {
      if (error instanceof PublicFetchError) throw new InvalidInputError(error.message, { field: 'url' });
      throw error;
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at: Date.now(), card });
    return card;
  }
}
