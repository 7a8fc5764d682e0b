// Final per-network text and the length rule each network enforces. Over the limit is a
// validation error at compose time: we never truncate a practice's words.
import { parseTweet } from 'twitter-text';
import { NETWORK_NAMES, type Network } from '../errors/network';
import { toLittleText } from './little-text';

/** Characters allowed per post (X: weighted, as twitter-text counts: URLs 23, most emoji/CJK 2). */
export const TEXT_LIMITS: Readonly<Record<Network, number>> = {
  facebook: 63_206,
  linkedin: 3_000,
  x: 280,
};

/**
 * The text to send: LinkedIn gets little text format (reserved characters escaped, hashtags as
 * templates); Facebook and X take the text as written. Line endings are normalised to \n.
 */
export function renderForNetwork(network: Network, text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  switch (network) {
    case 'linkedin':
      return toLittleText(normalised);
    case 'facebook':
    case 'x':
      return normalised;
  }
}

/** Length as the network counts it, of the text as the practice wrote it (before escaping). */
export function measureText(network: Network, text: string): number {
  const normalised = text.replace(/\r\n?/g, '\n');
  switch (network) {
    case 'x':
      return parseTweet(normalised).weightedLength;
    case 'facebook':
    case 'linkedin':
      return normalised.length;
  }
}

export class TextTooLongError extends Error {
  constructor(
    readonly network: Network,
    readonly length: number,
    readonly limit: number,
  ) {
    const name = NETWORK_NAMES[network];
    const unit = network === 'x' ? ' (X counts each link as 23 and most emoji as 2)' : '';
    super(`This ${name} post is ${length} characters long${unit}; ${name} allows ${limit}. Shorten it by ${length - limit}.`);
    this.name = 'TextTooLongError';
  }
}

export class InvalidTextError extends Error {
  constructor(
    readonly network: Network,
    reason: string,
  ) {
    super(`This ${NETWORK_NAMES[network]} post cannot be sent: ${reason}.`);
    this.name = 'InvalidTextError';
  }
}

export type LengthCheck =
  | { ok: true; network: Network; length: number; limit: number; remaining: number }
  | { ok: false; network: Network; length: number; limit: number; remaining: number; error: TextTooLongError | InvalidTextError };

/** Checks the text as the practice wrote it (pass the base text or the network variant, not the rendered text). */
export function validateLength(network: Network, text: string): LengthCheck {
  const limit = TEXT_LIMITS[network];
  const length = measureText(network, text);
  const base = { network, length, limit, remaining: limit - length };
  if (length > limit) return { ...base, ok: false, error: new TextTooLongError(network, length, limit) };
  if (network === 'x' && text.length > 0 && !parseTweet(text).valid) {
    return { ...base, ok: false, error: new InvalidTextError(network, 'it contains characters X does not accept') };
  }
  return { ...base, ok: true };
}
