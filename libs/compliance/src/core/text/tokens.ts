// Splits a post into word tokens with offsets, sentences and clauses, without changing the text.

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

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;
const EMOJI = /\p{Extended_Pictographic}/u;
const SENTENCE_END = /[.!?]/;
const CLAUSE_MARK = /[,;:()"“”—–…]|\s-\s/;
// A period after these does not end a sentence ("Dr. Lee", "Oak St. entrance").
const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'mx', 'st', 'ste', 'ave', 'blvd', 'jr', 'sr', 'vs', 'etc', 'no', 'apt', 'dept', 'co', 'inc',
  'bldg', 'pkwy', 'rd', 'ln', 'ct', 'pop', 'mt', 'ft', 'fr', 'rev', 'prof', 'sgt', 'capt', 'approx', 'e', 'g', 'i', 'n',
  's', 'w', 'u', 'dds', 'dmd', 'md', 'np', 'rn', 'od', 'pa', 'ph', 'lt', 'gen', 'hon', 'sra', 'srta', 'sen', 'rep', 'dpt',
]);
const CONTRACTIONS = new Set(["it's", "let's", "that's", "she's", "he's", "what's", "here's", "there's", "who's", "where's", "how's", "one's"]);

function shapeOf(text: string): Shape {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') digit++;
    else if (ch !== ch.toLowerCase()) upper++;
    else if (ch !== ch.toUpperCase()) lower++;
  }
  if (digit > 0 && upper + lower === 0) return 'number';
  if (upper === 0 && lower > 0) return 'lower';
  if (lower === 0 && upper > 0) return upper > 1 ? 'upper' : 'title';
  const first = text[0] ?? '';
  if (first !== first.toLowerCase()) return 'title';
  return 'other';
}

function insideMask(masks: readonly Span[], start: number, end: number): boolean {
  for (const m of masks) if (start < m.end && end > m.start) return true;
  return false;
}

function endsSentence(gap: string, prev: Token | undefined, nextText: string): boolean {
  if (gap.includes('\n')) return true;
  if (!prev) return false;
  if (SENTENCE_END.test(gap)) {
    const periodOnly = !/[!?]/.test(gap);
    if (periodOnly && ABBREVIATIONS.has(prev.norm)) return false;
    if (periodOnly && prev.shape === 'title' && prev.text.length === 1) return false;
    if (gap === '.' && prev.shape === 'number') return false;
    return true;
  }
  if (EMOJI.test(gap)) {
    const first = nextText[0] ?? '';
    return first !== first.toLowerCase();
  }
  return false;
}

export interface Tokenized {
  tokens: Token[];
  sentences: Sentence[];
}

export function tokenize(text: string, masks: readonly Span[] = []): Tokenized {
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let sentence = 0;
  let sentenceStartToken = 0;
  let lastEnd = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const raw = m[0];
    const start = m.index;
    const end = start + raw.length;
    const gapBefore = text.slice(lastEnd, start);
    const prev = tokens[tokens.length - 1];
    // Periods inside an email, URL or handle ("@lily.grace.22") are not sentence ends.
    const gapMasked = insideMask(masks, lastEnd, start) && insideMask(masks, start, end);
    const newSentence = tokens.length > 0 && !gapMasked && endsSentence(gapBefore, prev, raw);
    if (newSentence) {
      sentences.push(closeSentence(sentence, sentenceStartToken, tokens));
      sentence++;
      sentenceStartToken = tokens.length;
    }
    const norm = raw.toLowerCase().replace(/’/g, "'");
    const possessive = norm.endsWith("'s") && norm.length > 2 && !CONTRACTIONS.has(norm);
    tokens.push({
      index: tokens.length,
      start,
      end,
      text: raw,
      norm,
      base: possessive ? norm.slice(0, -2) : norm,
      possessive,
      shape: shapeOf(raw),
      sentence,
      sentenceStart: tokens.length === sentenceStartToken,
      clauseStart: tokens.length === sentenceStartToken || CLAUSE_MARK.test(gapBefore) || EMOJI.test(gapBefore),
      gapBefore,
      masked: insideMask(masks, start, end),
    });
    lastEnd = end;
  }
  if (tokens.length > 0) sentences.push(closeSentence(sentence, sentenceStartToken, tokens));
  return { tokens, sentences };
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
    titleCase: letters >= 4 && titleWords / letters > 0.6,
  };
}
