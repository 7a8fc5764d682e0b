// The network vocabulary, defined once: which networks there are, what a practice calls them and how long a post
// on each may be (and how each counts it). It lives here, in the lowest lib that needs it (templates are checked
// against the limits); the libs above and the web pages take it from @app/publishing, which hands it on.
import { parseTweet } from 'twitter-text';

export const NETWORKS = ['facebook', 'linkedin', 'x'] as const;
export type Network = (typeof NETWORKS)[number];

/** How a practice names each network, in messages and on the pages. */
export const NETWORK_NAMES: Readonly<Record<Network, string>> = {
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  x: 'X',
};

/**
 * A name with its indefinite article as it is said, not spelled: "a Facebook", "a LinkedIn", "an X" (ex).
 * Takes a network's name (NETWORK_NAMES) or any word that follows the same rule.
 */
export function withArticle(name: string): string {
  const saidWithVowel = /^[aeiou]/i.test(name) || /^[fhlmnrsx]$/i.test(name) || /^[FHLMNRSX][A-Z]/.test(name);
  return `${saidWithVowel ? 'an' : 'a'} ${name}`;
}

/**
 * Post length limits. X counts twitter-text's weighted length (URLs 23, emoji and CJK 2); the
 * others are checked in UTF-16 code units, which over-counts emoji and so errs on the safe side.
 * The one limit check: templates, compose, CSV import and the render before publishing all use it.
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
