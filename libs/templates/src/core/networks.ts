// The networks a template renders for, and how each one counts a post's length.
import { parseTweet } from 'twitter-text';

export const NETWORKS = ['facebook', 'linkedin', 'x'] as const;
export type Network = (typeof NETWORKS)[number];

/**
 * Post length limits. X counts twitter-text's weighted length (URLs 23, emoji and CJK 2); the
 * others are checked in UTF-16 code units, which over-counts emoji and so errs on the safe side.
 * Publishing owns the authoritative limit check; these exist so templates can be checked early.
 */
export const NETWORK_LIMITS: Readonly<Record<Network, number>> = {
  facebook: 63206,
  linkedin: 3000,
  x: 280,
};

export function isNetwork(value: unknown): value is Network {
  return typeof value === 'string' && (NETWORKS as readonly string[]).includes(value);
}

/** Length of `text` as the network counts it (see NETWORK_LIMITS). */
export function postLength(text: string, network: Network): number {
  switch (network) {
    case 'x':
      return parseTweet(text).weightedLength;
    case 'facebook':
    case 'linkedin':
      return text.length;
  }
}

export function fitsNetwork(text: string, network: Network): boolean {
  return postLength(text, network) <= NETWORK_LIMITS[network];
}
