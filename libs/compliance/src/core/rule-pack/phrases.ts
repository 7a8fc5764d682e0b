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

interface TrieNode {
  children: Map<string, TrieNode>;
  wildcard?: TrieNode;
  /** Lists with a phrase ending here. */
  lists: string[];
}

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
    if (!at.lists.includes(list)) at.lists.push(list);
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

  /** Every phrase of every list, found within sentences; the longest match per list and start wins. */
  scan(tokens: readonly Token[]): Hit[] {
    const hits: Hit[] = [];
    const longest = new Map<string, number>();
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].masked) continue;
      longest.clear();
      this.walk(tokens, i, i, this.root, longest);
      for (const [list, last] of longest) {
        hits.push({ list, first: i, last, start: tokens[i].start, end: tokens[last].end, sentence: tokens[i].sentence });
      }
    }
    return hits;
  }

  private walk(tokens: readonly Token[], first: number, k: number, at: TrieNode, longest: Map<string, number>): void {
    const tok = tokens[k];
    if (!tok || tok.masked || tok.sentence !== tokens[first].sentence) return;
    const byNorm = at.children.get(tok.norm);
    if (byNorm) this.step(tokens, first, k, byNorm, longest);
    if (tok.base !== tok.norm) {
      const byBase = at.children.get(tok.base);
      if (byBase && byBase !== byNorm) this.step(tokens, first, k, byBase, longest);
    }
    if (at.wildcard && k > first) this.step(tokens, first, k, at.wildcard, longest);
  }

  private step(tokens: readonly Token[], first: number, k: number, next: TrieNode, longest: Map<string, number>): void {
    for (const list of next.lists) {
      const prev = longest.get(list);
      if (prev === undefined || prev < k) longest.set(list, k);
    }
    if (next.children.size > 0 || next.wildcard) this.walk(tokens, first, k + 1, next, longest);
  }
}
