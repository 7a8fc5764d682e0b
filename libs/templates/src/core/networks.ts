// The network vocabulary, defined once: which networks there are, what a practice calls them and how long a post
// on each may be (and how each counts it). It lives here, in the lowest lib that needs it (templates are checked
// against the limits); the libs above and the web pages take it from @app/publishing, which hands it on.
import { parseTweet } from 'twitter-text';

export const NETWORKS = ['facebook', 'linkedin', 'x', 'instagram', 'google_business'] as const;
export type Network = (typeof NETWORKS)[number];

/** How a practice names each network, in messages and on the pages. */
export const NETWORK_NAMES: Readonly<Record<Network, string>> = {
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  x: 'X',
  instagram: 'Instagram',
  google_business: 'Google Business Profile',
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
 * Instagram's caption limit is configuration (INSTAGRAM_CAPTION_LIMIT, see applyNetworkSettings).
 */
export const NETWORK_LIMITS: Readonly<Record<Network, number>> = {
  facebook: 63206,
  linkedin: 3000,
  x: 280,
  instagram: 2200,
  // A local post's `summary`: 1,500 characters.
  google_business: 1500,
};

/** Instagram's per-post limits besides length; they change (hashtags: 30 until December 2025, now 5). */
export interface InstagramRules {
  captionLimit: number;
  hashtagLimit: number;
  mentionLimit: number;
}

const instagramRules: InstagramRules = { captionLimit: 2200, hashtagLimit: 5, mentionLimit: 20 };

/**
 * Set once at start-up from the validated configuration (INSTAGRAM_*_LIMIT): every check in every lib reads
 * the same values, so compose, CSV import and the render before publishing agree.
 */
export function applyNetworkSettings(settings: Partial<InstagramRules>): void {
  Object.assign(instagramRules, settings);
  (NETWORK_LIMITS as Record<Network, number>).instagram = instagramRules.captionLimit;
}

export function instagramRulesInForce(): Readonly<InstagramRules> {
  return { ...instagramRules };
}

/** Networks that download a post's images and videos themselves, from this app's signed links (no byte upload). */
export const NETWORKS_FETCHING_MEDIA: readonly Network[] = ['instagram', 'google_business'];

/** Networks on which a post cannot go out without an image (Instagram has no text-only posts). */
export const NETWORKS_NEEDING_IMAGE: readonly Network[] = ['instagram'];
/**
 * The most images one post may carry on each network: Facebook attaches several photos to one post (we keep to 10),
 * LinkedIn's multiImage takes 2 to 20, X 4, an Instagram carousel 10, Google one photo.
 */
export const NETWORK_MAX_IMAGES: Readonly<Record<Network, number>> = {
  facebook: 10,
  linkedin: 20,
  x: 4,
  instagram: 10,
  google_business: 1,
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
    case 'instagram':
    case 'google_business':
      return text.length;
  }
}

export function fitsNetwork(text: string, network: Network): boolean {
  return postLength(text, network) <= NETWORK_LIMITS[network];
}

// Instagram counts a hashtag as # followed by letters, digits or underscores, and a mention as @ and a handle.
const HASHTAG = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;
const MENTION = /(^|[^\p{L}\p{N}_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/gu;
// Digit runs shaped like a phone number (7+ digits with the usual separators): Google refuses them in posts.
const PHONE = /(?:\+?\d[\s().-]*){7,}\d/;

export function hashtagsIn(text: string): string[] {
  return [...text.matchAll(HASHTAG)].map((m) => `#${m[2]}`);
}

export function mentionsIn(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => `@${m[2]}`);
}

/**
 * Everything besides length that the network would refuse (or silently drop) in this text, as sentences
 * for the author: Instagram's hashtag and mention limits, Google's refusal of phone numbers in a post.
 */
export function networkTextProblems(text: string, network: Network): string[] {
  const problems: string[] = [];
  if (network === 'instagram') {
    const tags = new Set(hashtagsIn(text).map((t) => t.toLowerCase()));
    if (tags.size > instagramRules.hashtagLimit)
      problems.push(
        `The Instagram caption has ${tags.size} hashtags; Instagram allows at most ${instagramRules.hashtagLimit}. Keep the ones that matter most.`,
      );
    const mentions = new Set(mentionsIn(text).map((m) => m.toLowerCase()));
    if (mentions.size > instagramRules.mentionLimit)
      problems.push(
        `The Instagram caption mentions ${mentions.size} accounts; Instagram allows at most ${instagramRules.mentionLimit} @mentions.`,
      );
  }
  if (network === 'google_business' && PHONE.test(text))
    problems.push(
      'Google rejects posts with a phone number in the text. Remove it and use the "Call" button instead (it dials the phone number on your Google listing).',
    );
  return problems;
}
