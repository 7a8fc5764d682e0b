// The final per-network text. Length is checked once, at compose time and again when the post is rendered
// before publishing (postLength / fitsNetwork): we never truncate a practice's words.
import type { Network } from '../errors/network';
import { toLittleText } from './little-text';

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
    case 'instagram':
    case 'google_business':
      return normalised;
  }
}
