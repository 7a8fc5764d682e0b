// Meta webhook authenticity: the subscribe handshake and the X-Hub-Signature-256 check on the raw bytes.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type HandshakeAnswer = { ok: true; challenge: string } | { ok: false; reason: string };

/**
 * GET callback?hub.mode=subscribe&hub.challenge=N&hub.verify_token=T: answer the bare challenge when
 * the token is ours, refuse otherwise (Meta then shows the subscription as failed).
 */
export function answerHandshake(query: Record<string, unknown>, verifyToken: string | undefined): HandshakeAnswer {
  if (!verifyToken)
    return { ok: false, reason: 'webhooks are not configured (FACEBOOK_WEBHOOK_VERIFY_TOKEN is not set)' };
  if (query['hub.mode'] !== 'subscribe') return { ok: false, reason: 'hub.mode must be "subscribe"' };
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (typeof token !== 'string' || !sameText(token, verifyToken))
    return { ok: false, reason: 'verify token does not match' };
  if (typeof challenge !== 'string' || challenge === '' || challenge.length > 200)
    return { ok: false, reason: 'hub.challenge is missing' };
  return { ok: true, challenge };
}

/**
 * True only when `header` is "sha256=<hex>" of the HMAC-SHA256 of exactly these bytes with the app
 * secret. Compared in constant time; any other shape (missing, sha1=, wrong length) is false.
 */
export function signatureMatches(rawBody: Buffer, header: unknown, appSecret: string | undefined): boolean {
  if (!appSecret || typeof header !== 'string') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Signs a body the way Meta does (used by the fakes and tests; the product only verifies). */
export function metaSignature(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
