// Turns the packs' readable phrases ("{thanks,thank you} for the review") into a token index matched in one pass.
import { RulePackError } from './schema';
import { Token, tokenize } from '../text/tokens';

export const WILDCARD = '*';
const MAX_EXPANSIONS = 2048;

/** Expands {a,b} alternatives (an empty alternative makes the part optional). */
export function expandPhrase(phrase: string): string[] {
  const open = phrase.indexOf('{');
  if (open < 0) return [phrase.replace(/\s+/g, ' ').trim()];
  let depth = 0;
  let close = -1;
  for (let i = open; i < phrase.length; i++) {
    if (phrase[i] === '{') depth++;
    else if (phrase[i] === '}' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) throw new RulePackError([`phrase "${phrase}": unbalanced {`]);
  const options = splitTopLevel(phrase.slice(open + 1, close));
  const head = phrase.slice(0, open);
  const tail = phrase.slice(close + 1);
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandPhrase(head + option + tail)) {
      out.push(expanded);
      if (out.length > MAX_EXPANSIONS) throw new RulePackError([`phrase "${phrase}" expands to too many variants`]);
    }
  }
  return out;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of body) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** A phrase as the tokenizer would see it in a post; '*' stays a wildcard. */
export function phraseTokens(phrase: string): string[] {
  const out: string[] = [];
  for (const piece of phrase.split(/\s+/)) {
    if (piece === WILDCARD) out.push(WILDCARD);
    else for (const t of tokenize(piece).tokens) out.push(t.norm);
  }
  return out;
}

function pluralOf(word: string): string[] {
  if (/(s|x|z|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`];
  return [`${word}s`];
}

interface Entry {
  tokens: string[];
  list: string;
}

export interface Hit {
  list: string;
  first: number;
  last: number;
  start: number;
  end: number;
  sentence: number;
}

export class PhraseIndex {
  private readonly byFirst = new Map<string, Entry[]>();
  private readonly singles = new Map<string, Set<string>>();

  add(list: string, phrase: string, plurals: boolean): void {
    for (const variant of expandPhrase(phrase)) {
      const tokens = phraseTokens(variant);
      if (tokens.length === 0) continue;
      if (tokens[0] === WILDCARD) throw new RulePackError([`list "${list}": phrase "${phrase}" cannot start with *`]);
      this.insert(list, tokens);
      if (plurals && tokens[tokens.length - 1] !== WILDCARD) {
        for (const plural of pluralOf(tokens[tokens.length - 1])) this.insert(list, [...tokens.slice(0, -1), plural]);
      }
    }
  }

  private insert(list: string, tokens: string[]): void {
    const key = tokens[0];
    const entries = this.byFirst.get(key) ?? [];
    if (!entries.some((e) => e.list === list && e.tokens.join(' ') === tokens.join(' '))) entries.push({ tokens, list });
    entries.sort((a, b) => b.tokens.length - a.tokens.length);
    this.byFirst.set(key, entries);
    if (tokens.length === 1) {
      const lists = this.singles.get(key) ?? new Set<string>();
      lists.add(list);
      this.singles.set(key, lists);
    }
  }

  /** Is this one word in the list on its own? */
  hasWord(list: string, word: string): boolean {
    return this.singles.get(word)?.has(list) ?? false;
  }

  /** Every phrase of every list, found within sentences; the longest match per list and start wins. */
  scan(tokens: readonly Token[]): Hit[] {
    const hits: Hit[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.masked) continue;
      const seen = new Set<string>();
      this.matchAt(tokens, i, this.byFirst.get(tok.norm), hits, seen);
      if (tok.base !== tok.norm) this.matchAt(tokens, i, this.byFirst.get(tok.base), hits, seen);
    }
    return hits;
  }

  private matchAt(tokens: readonly Token[], i: number, entries: Entry[] | undefined, hits: Hit[], seen: Set<string>): void {
    if (!entries) return;
    const sentence = tokens[i].sentence;
    for (const entry of entries) {
      if (seen.has(entry.list)) continue;
      const last = i + entry.tokens.length - 1;
      if (last >= tokens.length || tokens[last].sentence !== sentence) continue;
      let ok = true;
      for (let k = 1; k < entry.tokens.length && ok; k++) {
        const want = entry.tokens[k];
        const tok = tokens[i + k];
        ok = !tok.masked && (want === WILDCARD || want === tok.norm || want === tok.base);
      }
      if (!ok) continue;
      seen.add(entry.list);
      hits.push({ list: entry.list, first: i, last, start: tokens[i].start, end: tokens[last].end, sentence });
    }
  }
}
