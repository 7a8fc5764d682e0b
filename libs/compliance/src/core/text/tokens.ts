// Splits a post into word tokens with offsets, sentences and clauses, without changing the text.

// String methods are called through String.prototype here, the checker's per-character loop. A post's text and
// the words sliced from it come in several internal representations in V8 (one- or two-byte; flat, sliced,
// concatenated or interned), and `s.charCodeAt(i)` on that many kinds of string is a megamorphic method lookup
// that V8 does not inline: measured several times slower per character than the same call through
// String.prototype, which optimised code reads as a constant and inlines for any string. (Local helpers: an
// imported one goes through the module's export getter and was not inlined.) Semantics are unchanged.
// Callers stay within the string: an out-of-range read (NaN) makes V8 stop inlining the call everywhere, and
// checking the bounds here would read s.length, itself a megamorphic lookup on so many kinds of string.
function codeAt(s: string, i: number): number {
  return String.prototype.charCodeAt.call(s, i);
}

function sliceOf(s: string, start: number, end?: number): string {
  return String.prototype.slice.call(s, start, end);
}

function lowerCaseOf(s: string): string {
  return String.prototype.toLowerCase.call(s);
}

function upperCaseOf(s: string): string {
  return String.prototype.toUpperCase.call(s);
}

export type Shape = 'lower' | 'title' | 'upper' | 'number' | 'other';

export interface Token {
  index: number;
  start: number;
  end: number;
  text: string;
  /** Lower case, curly apostrophes straightened. */
  norm: string;
  /** `norm` without a possessive 's. */
  base: string;
  possessive: boolean;
  shape: Shape;
  /** Letters (and apostrophes) only. */
  alpha: boolean;
  sentence: number;
  sentenceStart: boolean;
  clauseStart: boolean;
  /** Raw text between the previous token and this one. */
  gapBefore: string;
  /** Inside an email, URL or @handle: not a word of the sentence. */
  masked: boolean;
}

export interface Sentence {
  index: number;
  start: number;
  end: number;
  firstToken: number;
  lastToken: number;
  /** Most letters are capitals: capitalisation tells nothing about names here. */
  shouting: boolean;
  /** Most words start with a capital (a headline): capitalisation tells little about names. */
  titleCase: boolean;
}

export interface Span {
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER_CHAR = /[\p{L}\p{M}]/u;

/** Length (1 or 2 UTF-16 units) of the word character at i (text has `length` units), or 0. ASCII is decided without a regex. */
function wordCharAt(text: string, length: number, i: number, lettersOnly: boolean): number {
  if (i >= length) return 0;
  const c = codeAt(text, i);
  if (c < 128) {
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return 1;
    return !lettersOnly && c >= 48 && c <= 57 ? 1 : 0;
  }
  const pattern = lettersOnly ? LETTER_CHAR : WORD_CHAR;
  if (c >= 0xd800 && c <= 0xdbff) return pattern.test(sliceOf(text, i, i + 2)) ? 2 : 0;
  return pattern.test(sliceOf(text, i, i + 1)) ? 1 : 0;
}

// A period after these does not end a sentence ("Dr. Lee", "Oak St. entrance").
const ABBREVIATIONS = new Set([
  'dr',
  'mr',
  'mrs',
  'ms',
  'mx',
  'st',
  'ste',
  'ave',
  'blvd',
  'jr',
  'sr',
  'vs',
  'etc',
  'no',
  'apt',
  'dept',
  'co',
  'inc',
  'bldg',
  'pkwy',
  'rd',
  'ln',
  'ct',
  'pop',
  'mt',
  'ft',
  'fr',
  'rev',
  'prof',
  'sgt',
  'capt',
  'approx',
  'e',
  'g',
  'i',
  'n',
  's',
  'w',
  'u',
  'dds',
  'dmd',
  'md',
  'np',
  'rn',
  'od',
  'pa',
  'ph',
  'lt',
  'gen',
  'hon',
  'sra',
  'srta',
  'sen',
  'rep',
  'dpt',
]);
const CONTRACTIONS = new Set([
  "it's",
  "let's",
  "that's",
  "she's",
  "he's",
  "what's",
  "here's",
  "there's",
  "who's",
  "where's",
  "how's",
  "one's",
]);

/** A character that changes when lower-cased ("É", "Ñ"). */
function isUpperCase(ch: string): boolean {
  return ch !== lowerCaseOf(ch);
}

/** `word.endsWith("'s")`. */
function endsWithApostropheS(word: string): boolean {
  const n = word.length;
  return n >= 2 && codeAt(word, n - 2) === 39 && codeAt(word, n - 1) === 115;
}

/** Shape of a word from its letter counts (first letter decides between "title" and "other"). */
function shapeFrom(
  text: string,
  start: number,
  upper: number,
  lower: number,
  digit: number,
): { shape: Shape; digits: boolean } {
  const digits = digit > 0;
  if (digits && upper + lower === 0) return NUMBER;
  if (upper === 0) return lower > 0 ? (digits ? LOWER_DIGITS : LOWER) : OTHER;
  if (lower === 0) return upper > 1 ? (digits ? UPPER_DIGITS : UPPER) : digits ? TITLE_DIGITS : TITLE;
  const first = codeAt(text, start);
  const titled = (first >= 65 && first <= 90) || (first > 127 && isUpperCase(sliceOf(text, start, start + 1)));
  if (titled) return digits ? TITLE_DIGITS : TITLE;
  return digits ? OTHER_DIGITS : OTHER;
}

// Shared results so the hot path allocates nothing.
const NUMBER = { shape: 'number', digits: true } as const;
const LOWER = { shape: 'lower', digits: false } as const;
const LOWER_DIGITS = { shape: 'lower', digits: true } as const;
const UPPER = { shape: 'upper', digits: false } as const;
const UPPER_DIGITS = { shape: 'upper', digits: true } as const;
const TITLE = { shape: 'title', digits: false } as const;
const TITLE_DIGITS = { shape: 'title', digits: true } as const;
const OTHER = { shape: 'other', digits: false } as const;
const OTHER_DIGITS = { shape: 'other', digits: true } as const;

const NEWLINE = 1;
const PERIOD = 2;
const BANG = 4;
const CLAUSE = 8;
const PICTOGRAPH = 16;

/** What separates two words, in one pass over the gap: line breaks, sentence ends, clause marks, emoji. */
function gapFlags(gap: string): number {
  let flags = 0;
  const length = gap.length;
  for (let i = 0; i < length; i++) {
    const c = codeAt(gap, i);
    if (c === 32) continue;
    if (c === 10 || c === 13) flags |= NEWLINE;
    else if (c === 46) flags |= PERIOD;
    else if (c === 33 || c === 63) flags |= BANG;
    else if (
      c === 44 ||
      c === 59 ||
      c === 58 ||
      c === 40 ||
      c === 41 ||
      c === 34 ||
      c === 0x201c ||
      c === 0x201d ||
      c === 0x2014 ||
      c === 0x2013 ||
      c === 0x2026
    )
      flags |= CLAUSE;
    else if (c === 45 && i > 0 && i + 1 < length && codeAt(gap, i - 1) === 32 && codeAt(gap, i + 1) === 32)
      flags |= CLAUSE;
    // Gaps hold no letters, so astral characters and the symbol blocks here are emoji and pictographs.
    else if ((c >= 0xd800 && c <= 0xdbff) || (c >= 0x2190 && c <= 0x2bff) || c === 0x00a9 || c === 0x00ae)
      flags |= PICTOGRAPH;
  }
  return flags;
}

function insideMask(masks: readonly Span[], start: number, end: number): boolean {
  for (const m of masks) if (start < m.end && end > m.start) return true;
  return false;
}

function endsSentence(flags: number, gap: string, prev: Token | undefined, nextText: string): boolean {
  if (flags & NEWLINE) return true;
  if (!prev) return false;
  if (flags & (PERIOD | BANG)) {
    const periodOnly = (flags & BANG) === 0;
    if (periodOnly && ABBREVIATIONS.has(prev.norm)) return false;
    if (periodOnly && prev.shape === 'title' && prev.text.length === 1) return false;
    if (gap === '.' && prev.shape === 'number') return false;
    return true;
  }
  if (flags & PICTOGRAPH) {
    const first = nextText[0] ?? '';
    return first !== first.toLowerCase();
  }
  return false;
}

export interface Tokenized {
  tokens: Token[];
  sentences: Sentence[];
  /** How many ASCII digits the text has (every one is inside a word). */
  digits: number;
}

export function tokenize(text: string, masks: readonly Span[] = []): Tokenized {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let sentence = 0;
  let sentenceStartToken = 0;
  let lastEnd = 0;
  let digits = 0;
  const length = text.length;
  for (let start = 0; start < length;) {
    const first = codeAt(text, start);
    const asciiWord = (first >= 97 && first <= 122) || (first >= 65 && first <= 90) || (first >= 48 && first <= 57);
    if (!asciiWord && (first < 128 || wordCharAt(text, length, start, false) === 0)) {
      start++;
      continue;
    }
    // One pass over the word: its end, and how many capitals, small letters and digits it has.
    let end = start;
    let upper = 0;
    let lowerCount = 0;
    let digit = 0;
    // A curly apostrophe inside the word ("Emma’s"): its norm straightens it.
    let curly = false;
    for (;;) {
      if (end >= length) break;
      const c = codeAt(text, end);
      if (c >= 97 && c <= 122) lowerCount++;
      else if (c >= 65 && c <= 90) upper++;
      else if (c >= 48 && c <= 57) digit++;
      else if ((c === 39 || c === 0x2019) && wordCharAt(text, length, end + 1, true) > 0 && end > start) {
        // An inner apostrophe ("O'Connell", "Emma’s") is part of the word.
        if (c === 0x2019) curly = true;
      } else if (c > 127) {
        const width = wordCharAt(text, length, end, false);
        if (width === 0) break;
        const ch = sliceOf(text, end, end + width);
        if (isUpperCase(ch)) upper++;
        else if (ch !== upperCaseOf(ch)) lowerCount++;
        end += width;
        continue;
      } else break;
      end++;
    }
    const raw = sliceOf(text, start, end);
    const gapBefore = start - lastEnd === 1 && codeAt(text, lastEnd) === 32 ? ' ' : sliceOf(text, lastEnd, start);
    const flags = gapBefore === ' ' ? 0 : gapFlags(gapBefore);
    const plainGap = flags === 0;
    // (Not tokens[-1]: a negative index is a property lookup, and makes this read megamorphic.)
    const prev = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
    const masked = masks.length > 0 && insideMask(masks, start, end);
    // Periods inside an email, URL or handle ("@lily.grace.22") are not sentence ends.
    const gapMasked = masked && insideMask(masks, lastEnd, start);
    const newSentence = tokens.length > 0 && !plainGap && !gapMasked && endsSentence(flags, gapBefore, prev, raw);
    if (newSentence) {
      sentences.push(closeSentence(sentence, sentenceStartToken, tokens));
      sentence++;
      sentenceStartToken = tokens.length;
    }
    digits += digit;
    const { shape, digits: hasDigits } = shapeFrom(text, start, upper, lowerCount, digit);
    const lower = shape === 'lower' || shape === 'number' ? raw : lowerCaseOf(raw);
    const norm = curly ? lower.replace(/’/g, "'") : lower;
    const possessive = endsWithApostropheS(norm) && norm.length > 2 && !CONTRACTIONS.has(norm);
    // An indexed store rather than push(): this push site was not inlined (a call per word).
    tokens[tokens.length] = {
      index: tokens.length,
      start,
      end,
      text: raw,
      norm,
      base: possessive ? sliceOf(norm, 0, -2) : norm,
      possessive,
      shape,
      alpha: !hasDigits,
      sentence,
      sentenceStart: tokens.length === sentenceStartToken,
      clauseStart: tokens.length === sentenceStartToken || (flags & (CLAUSE | PICTOGRAPH)) !== 0,
      gapBefore,
      masked,
    };
    lastEnd = end;
    start = end;
  }
  if (tokens.length > 0) sentences.push(closeSentence(sentence, sentenceStartToken, tokens));
  return { tokens, sentences, digits };
}

function closeSentence(index: number, first: number, tokens: Token[]): Sentence {
  const last = tokens.length - 1;
  let letters = 0;
  let upperWords = 0;
  let titleWords = 0;
  for (let i = first; i <= last; i++) {
    const t = tokens[i];
    if (t.shape === 'number' || t.masked) continue;
    letters++;
    if (t.shape === 'upper') upperWords++;
    if (t.shape === 'title') titleWords++;
  }
  return {
    index,
    start: tokens[first].start,
    end: tokens[last].end,
    firstToken: first,
    lastToken: last,
    shouting: letters >= 3 && upperWords / letters > 0.6,
    titleCase: letters >= 6 && titleWords / letters > 0.6,
  };
}
