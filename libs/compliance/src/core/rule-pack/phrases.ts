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
  // Spanish: "extracción" → "extracciones", "implante" → "implantes", "control" → "controles".
  const accented = /([aeiou])([áéíóú])n$/.exec(word) ?? /()([áéíóú])[ns]$/.exec(word);
  if (accented) return [`${word.slice(0, -2)}${accented[2].normalize('NFD')[0]}${word.slice(-1)}es`];
  if (/[lrdj]$/.test(word)) return [`${word}s`, `${word}es`];
  if (/(s|x|z|ch|sh)$/.test(word)) return [`${word}es`];
  if (/[^aeiou]y$/.test(word)) return [`${word.slice(0, -1)}ies`];
  return [`${word}s`];
}

interface TrieNode {
  children: Map<string, TrieNode>;
  wildcard?: TrieNode;
  /** Ids of the lists with a phrase ending here. */
  lists: number[];
}

/** A place in the phrase index: where the phrases that start with some words continue. */
export type PhraseNode = TrieNode;

/** Per token, where its phrases start in the index (read from the word's facts instead of a lookup per token). */
export type PhraseStarts = ReadonlyArray<{ readonly phraseStart: PhraseNode | undefined }>;

function node(): TrieNode {
  return { children: new Map(), lists: [] };
}

export interface Hit {
  list: string;
  first: number;
  last: number;
  start: number;
  end: number;
  sentence: number;
}

/** Every phrase of every list in one trie of words, so a post is scanned once whatever the number of lists. */
export class PhraseIndex {
  private readonly root = node();
  private readonly singles = new Map<string, Set<string>>();
  private readonly listNames: string[] = [];
  private readonly listIds = new Map<string, number>();
  // Scratch space for scan(): the longest match per list id at the current start token.
  private longest = new Int32Array(0);
  private readonly touched: number[] = [];
  private touchedCount = 0;

  private idOf(list: string): number {
    let id = this.listIds.get(list);
    if (id === undefined) {
      id = this.listNames.length;
      this.listNames.push(list);
      this.listIds.set(list, id);
      this.longest = new Int32Array(this.listNames.length).fill(-1);
    }
    return id;
  }

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
    let at = this.root;
    for (const t of tokens) {
      if (t === WILDCARD) {
        at.wildcard ??= node();
        at = at.wildcard;
      } else {
        let next = at.children.get(t);
        if (!next) {
          next = node();
          at.children.set(t, next);
        }
        at = next;
      }
    }
    const id = this.idOf(list);
    if (!at.lists.includes(id)) at.lists.push(id);
    if (tokens.length === 1) {
      const lists = this.singles.get(tokens[0]) ?? new Set<string>();
      lists.add(list);
      this.singles.set(tokens[0], lists);
    }
  }

  /** Is this one word in the list on its own? */
  hasWord(list: string, word: string): boolean {
    return this.singles.get(word)?.has(list) ?? false;
  }

  /** Every list that has this one word on its own. */
  listsOf(word: string): ReadonlySet<string> | undefined {
    return this.singles.get(word);
  }

  /** Where the phrases that start with this word continue (undefined: no phrase starts with it). */
  startOf(word: string): PhraseNode | undefined {
    return this.root.children.get(word);
  }

  /**
   * Every phrase of every list, found within sentences; the longest match per list and start wins.
   * `byNorm` and `byBase` give each token's start in the index for its norm and base forms (the first step of
   * the walk from the root, without hashing the word into the root's large map again).
   */
  scan(tokens: readonly Token[], byNorm?: PhraseStarts, byBase?: PhraseStarts): Hit[] {
    const hits: Hit[] = [];
    const { longest, touched } = this;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.masked) continue;
      if (byNorm && byBase) {
        // The walk's first step from the root (which has no wildcard: no phrase starts with one).
        const normStart = byNorm[i].phraseStart;
        if (normStart) this.step(tokens, i, i, normStart);
        if (tok.base !== tok.norm) {
          const baseStart = byBase[i].phraseStart;
          if (baseStart && baseStart !== normStart) this.step(tokens, i, i, baseStart);
        }
      } else this.walk(tokens, i, i, this.root);
      for (let t = 0; t < this.touchedCount; t++) {
        const id = touched[t];
        const last = longest[id];
        hits.push({
          list: this.listNames[id],
          first: i,
          last,
          start: tokens[i].start,
          end: tokens[last].end,
          sentence: tokens[i].sentence,
        });
        longest[id] = -1;
      }
      this.touchedCount = 0;
    }
    return hits;
  }

  private walk(tokens: readonly Token[], first: number, k: number, at: TrieNode): void {
    const tok = tokens[k];
    if (!tok || tok.masked || tok.sentence !== tokens[first].sentence) return;
    const byNorm = at.children.get(tok.norm);
    if (byNorm) this.step(tokens, first, k, byNorm);
    if (tok.base !== tok.norm) {
      const byBase = at.children.get(tok.base);
      if (byBase && byBase !== byNorm) this.step(tokens, first, k, byBase);
    }
    if (at.wildcard && k > first) this.step(tokens, first, k, at.wildcard);
  }

  private step(tokens: readonly Token[], first: number, k: number, next: TrieNode): void {
    const { longest, touched } = this;
    for (const id of next.lists) {
      if (longest[id] < 0) touched[this.touchedCount++] = id;
      if (longest[id] < k) longest[id] = k;
    }
    if (next.children.size > 0 || next.wildcard) this.walk(tokens, first, k + 1, next);
  }
}
