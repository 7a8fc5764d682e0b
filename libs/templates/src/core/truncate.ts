// Shortens text to a length budget without ever splitting a grapheme (an emoji with its skin tone,
// a flag, a family sequence stays whole), measuring the way the target network measures.
import { Network, postLength } from './networks';

export const ELLIPSIS = '…';

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function graphemes(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(text), (s) => s.segment);
}

/**
 * Returns `text` unchanged if it fits `max`, else the longest grapheme prefix that fits together with
 * an ellipsis, preferring to cut at a word break when one is close (a cut mid-word reads as a typo).
 */
export function truncateForNetwork(text: string, max: number, network: Network): string {
  if (postLength(text, network) <= max) return text;
  const parts = graphemes(text);
  const fits = (count: number): boolean => postLength(withEllipsis(parts, count), network) <= max;
  if (!fits(0)) return '';

  // Binary search assumes longer prefixes weigh more; X's URL weighting can break that (a URL counts
  // 23 however long), so step back afterwards until the result really fits.
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  while (low > 0 && !fits(low)) low--;

  return withEllipsis(parts, preferWordBreak(parts, low));
}

function withEllipsis(parts: readonly string[], count: number): string {
  return parts.slice(0, count).join('').trimEnd() + ELLIPSIS;
}

/** Moves the cut back to the last space if that loses at most a fifth of the kept text. */
function preferWordBreak(parts: readonly string[], count: number): number {
  const next = parts[count];
  if (next === undefined || /^\s$/u.test(next)) return count;
  for (let i = count - 1; i >= Math.floor(count * 0.8); i--) {
    if (/^\s+$/u.test(parts[i] ?? '')) return i;
  }
  return count;
}
