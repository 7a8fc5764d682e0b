// How LinkedIn reads "little text" commentary: escapes, hashtag templates and mentions are
// understood; any other unescaped reserved character silently ends the text (no error).
// Written independently of libs/publishing so a bug in the product's escaping shows up here.
const RESERVED = new Set(['|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '\\', '*', '_', '~']);

export interface ParsedCommentary {
  /** The commentary as LinkedIn keeps it: the part before the cut, still in little format. */
  stored: string;
  /** What readers see. */
  published: string;
  /** True when an unescaped reserved character cut the text. */
  truncated: boolean;
}

export function parseCommentary(commentary: string, options: { cut?: boolean } = {}): ParsedCommentary {
  const cut = options.cut ?? true;
  let published = '';
  let i = 0;
  while (i < commentary.length) {
    const c = commentary[i];
    if (c === '\\') {
      if (i + 1 >= commentary.length) break;
      published += commentary[i + 1];
      i += 2;
      continue;
    }
    if (c === '{') {
      const end = templateEnd(commentary, i);
      const inner = end === -1 ? undefined : commentary.slice(i + 1, end);
      const match = inner === undefined ? null : /^hashtag\|\\#\|(.+)$/s.exec(inner);
      if (!match && cut) break;
      if (!match) {
        published += c;
        i += 1;
        continue;
      }
      published += `#${unescape(match[1])}`;
      i = end + 1;
      continue;
    }
    if (c === '@') {
      const mention = /^@\[((?:\\.|[^\\\]])+)\]\((urn:li:(?:person|organization):[^)\s]+)\)/.exec(commentary.slice(i));
      if (!mention && cut) break;
      if (!mention) {
        published += c;
        i += 1;
        continue;
      }
      published += unescape(mention[1]);
      i += mention[0].length;
      continue;
    }
    if (RESERVED.has(c) && cut) break;
    published += c;
    i += 1;
  }
  return { stored: commentary.slice(0, i), published, truncated: i < commentary.length };
}

function templateEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '}') return i;
  }
  return -1;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/gs, '$1');
}
