// LinkedIn "little text format" for post commentary. Every reserved character must be
// backslash-escaped: LinkedIn does not reject an unescaped one, it silently cuts the published text
// there ("Open Saturday (9-12)" shows as "Open Saturday "). Hashtags stay hashtags as the
// HashtagTemplate `{hashtag|\#|tag}`.
import { extractHashtagsWithIndices } from 'twitter-text';

export const LITTLE_TEXT_RESERVED = [
  '|',
  '{',
  '}',
  '@',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '#',
  '\\',
  '*',
  '_',
  '~',
] as const;

const RESERVED_PATTERN = /[|{}@[\]()<>#\\*_~]/g;

/** Escapes every reserved character; the result publishes exactly as `text` reads. */
export function escapeLittleText(text: string): string {
  return text.replace(RESERVED_PATTERN, (c) => `\\${c}`);
}

/**
 * Plain text -> little text: hashtags (as twitter-text finds them: not inside URLs, not all
 * digits) become hashtag templates, everything else is escaped.
 */
export function toLittleText(text: string): string {
  const hashtags = extractHashtagsWithIndices(text);
  let out = '';
  let at = 0;
  for (const { hashtag, indices } of hashtags) {
    const [start, end] = indices;
    out += escapeLittleText(text.slice(at, start));
    out += `{hashtag|\\#|${escapeLittleText(hashtag)}}`;
    at = end;
  }
  return out + escapeLittleText(text.slice(at));
}

/**
 * Little text -> what readers see: escapes resolved, hashtag templates as `#tag`, mentions
 * `@[Name](urn)` as `Name`. Like LinkedIn, stops at the first unescaped reserved character.
 */
export function fromLittleText(little: string): string {
  let out = '';
  let i = 0;
  while (i < little.length) {
    const c = little[i];
    if (c === '\\') {
      if (i + 1 < little.length) out += little[i + 1];
      i += 2;
      continue;
    }
    if (c === '{') {
      const template = /^\{hashtag\|\\#\|((?:\\.|[^\\}])+)\}/.exec(little.slice(i));
      if (!template) break;
      out += `#${template[1].replace(/\\(.)/g, '$1')}`;
      i += template[0].length;
      continue;
    }
    if (c === '@') {
      const mention = /^@\[((?:\\.|[^\\\]])+)\]\((urn:li:[a-zA-Z]+:[^)\s]+)\)/.exec(little.slice(i));
      if (!mention) break;
      out += mention[1].replace(/\\(.)/g, '$1');
      i += mention[0].length;
      continue;
    }
    if ((LITTLE_TEXT_RESERVED as readonly string[]).includes(c)) break;
    out += c;
    i += 1;
  }
  return out;
}
