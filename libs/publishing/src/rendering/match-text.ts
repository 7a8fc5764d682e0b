// Is a post found by findRecent the one we sent? Networks change the text on the way — X wraps
// every link in t.co, appends a t.co link for media and HTML-escapes & < >; LinkedIn keeps the
// little-text commentary (cut at an unescaped reserved character) — so plain equality misses.
import { extractUrlsWithIndices } from 'twitter-text';
import type { Network } from '../errors/network';
import { fromLittleText } from './little-text';

const LINK = '\u0000link\u0000';

export function isSamePostText(network: Network, sent: string, found: string): boolean {
  switch (network) {
    case 'facebook':
    case 'instagram':
    case 'google_business':
      return normalise(sent) === normalise(found);
    case 'linkedin':
      return normalise(fromLittleText(sent)) === normalise(fromLittleText(found));
    case 'x': {
      const a = normalise(linksAsMarkers(sent));
      const b = normalise(linksAsMarkers(decodeEntities(found)));
      return b === a || b === `${a} ${LINK}` || (a === '' && b === LINK);
    }
  }
}

function normalise(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function linksAsMarkers(text: string): string {
  let out = '';
  let at = 0;
  for (const { indices } of extractUrlsWithIndices(text)) {
    out += text.slice(at, indices[0]) + LINK;
    at = indices[1];
  }
  return out + text.slice(at);
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
