// Signed, expiring links to a post's stored image, for the networks that download images themselves
// (Instagram, Google Business Profile). A link names one image of one target, ends after a few minutes, and
// is worth nothing without the HMAC the server made with MEDIA_LINK_SECRET: no cookie, no guessable path.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const PUBLIC_MEDIA_PATH = '/api/media/public';

export interface PublicMediaLinkSettings {
  /** PUBLIC_URL: the origin the networks reach this app at. */
  publicUrl: string;
  /** MEDIA_LINK_SECRET (at least 32 characters, checked at start-up). */
  secret: string;
  /** How long a link works (MEDIA_LINK_TTL_SECONDS). */
  ttlMs: number;
  now?: () => number;
}

export interface PublicMediaRef {
  targetId: string;
  mediaId: string;
}

export type LinkVerdict = { ok: true; ref: PublicMediaRef } | { ok: false; reason: 'bad_signature' | 'expired' };

export class PublicMediaLinks {
  private readonly origin: string;
  private readonly now: () => number;

  constructor(private readonly settings: PublicMediaLinkSettings) {
    this.origin = settings.publicUrl.replace(/\/+$/, '');
    this.now = settings.now ?? Date.now;
  }

  /** The link a network fetches: /api/media/public/<media>.<ext>?target=&exp=&sig= (exp in unix seconds). */
  url(ref: PublicMediaRef, ext: string): string {
    const exp = Math.ceil((this.now() + this.settings.ttlMs) / 1000);
    const query = new URLSearchParams({ target: ref.targetId, exp: String(exp), sig: this.sign(ref, exp) });
    return `${this.origin}${PUBLIC_MEDIA_PATH}/${ref.mediaId}.${ext}?${query.toString()}`;
  }

  /** Signature first (constant time), then expiry: an expired link is told apart only when it was ours. */
  verify(ref: PublicMediaRef, exp: string, sig: string): LinkVerdict {
    const expiry = /^\d{1,12}$/.test(exp) ? Number(exp) : NaN;
    if (!Number.isFinite(expiry) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'bad_signature' };
    const expected = Buffer.from(this.sign(ref, expiry), 'utf8');
    const given = Buffer.from(sig, 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { ok: false, reason: 'bad_signature' };
    if (expiry * 1000 <= this.now()) return { ok: false, reason: 'expired' };
    return { ok: true, ref };
  }

  private sign(ref: PublicMediaRef, exp: number): string {
    return createHmac('sha256', this.settings.secret)
      .update(`public-media\n${ref.targetId}\n${ref.mediaId}\n${exp}`)
      .digest('base64url');
  }
}
