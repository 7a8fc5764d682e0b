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

/** What the phrase index knows of one word (WordFacts carries it, so a post's words are looked up once). */
export interface PhraseWord {
  /** The node where phrases that start with this word continue; NONE when none does. */
  readonly phraseStart: number;
  /** The word's id among the words of all phrases; NONE when no phrase has it. */
  readonly phraseWord: number;
}

export const NONE = -1;

/**
 * The trie flattened once the packs are read, for scanning: nodes numbered, and per node its lists, its children
 * (sorted by word id) and its wildcard child, in typed arrays. A scan step then reads a few numbers close
 * together, where the trie's objects (a node, its Map, its arrays) cost a cache miss each.
 */
interface FlatTrie {
  wordIds: Map<string, number>;
  /** Node n's list ids are lists[listStart[n]] .. lists[listStart[n + 1] - 1]. */
  listStart: Int32Array;
  lists: Int32Array;
  /** Node n's children: childWord / childNode from childStart[n] to childStart[n + 1] - 1, by word id. */
  childStart: Int32Array;
  childWord: Int32Array;
  childNode: Int32Array;
  /** Node n's wildcard child, or NONE. */
  wildcard: Int32Array;
}

const ROOT = 0;

function flatten(root: TrieNode): FlatTrie {
  const wordIds = new Map<string, number>();
  const order: TrieNode[] = [root];
  const index = new Map<TrieNode, number>([[root, ROOT]]);
  const numbered = (n: TrieNode): void => {
    if (!index.has(n)) {
      index.set(n, order.length);
      order.push(n);
    }
  };
  for (let i = 0; i < order.length; i++) {
    const n = order[i];
    for (const [word, child] of n.children) {
      if (!wordIds.has(word)) wordIds.set(word, wordIds.size);
      numbered(child);
    }
    if (n.wildcard) numbered(n.wildcard);
  }
  const count = order.length;
  const listStart = new Int32Array(count + 1);
  const childStart = new Int32Array(count + 1);
  const wildcard = new Int32Array(count).fill(NONE);
  const lists: number[] = [];
  const childWord: number[] = [];
  const childNode: number[] = [];
  order.forEach((n, i) => {
    listStart[i] = lists.length;
    lists.push(...n.lists);
    childStart[i] = childWord.length;
    const children = [...n.children].map(([word, child]) => [wordIds.get(word) ?? NONE, index.get(child) ?? NONE]);
    children.sort((x, y) => x[0] - y[0]);
    for (const [word, child] of children) {
      childWord.push(word);
      childNode.push(child);
    }
    if (n.wildcard) wildcard[i] = index.get(n.wildcard) ?? NONE;
  });
  listStart[count] = lists.length;
  childStart[count] = childWord.length;
  return {
    wordIds,
    listStart,
    lists: Int32Array.from(lists),
    childStart,
    childWord: Int32Array.from(childWord),
    childNode: Int32Array.from(childNode),
    wildcard,
  };
}

/** The child of `node` for a word id (binary search of its children), or NONE. */
function childOf(trie: FlatTrie, node: number, word: number): number {
  if (word === NONE) return NONE;
  let lo = trie.childStart[node];
  let hi = trie.childStart[node + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = trie.childWord[mid];
    if (at === word) return trie.childNode[mid];
    if (at < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return NONE;
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
  // The trie of objects the phrases are added to; released once flattened (~2.5 MB the packs' phrases).
  private root: TrieNode | undefined = node();
  private readonly singles = new Map<string, Set<string>>();
  private readonly listNames: string[] = [];
  private readonly listIds = new Map<string, number>();
  // Scratch space for scan(): the longest match per list id at the current start token.
  private longest = new Int32Array(0);
  private readonly touched: number[] = [];
  private touchedCount = 0;
  // Built on first use, after the last add().
  private flat: FlatTrie | undefined;

  private trie(): FlatTrie {
    if (!this.flat) {
      if (!this.root) throw new Error('PhraseIndex: no trie to flatten');
      this.flat = flatten(this.root);
      this.root = undefined;
      this.shareListSets();
    }
    return this.flat;
  }

  /** Words in the same lists share one Set (most single words are in one list or the same two). */
  private shareListSets(): void {
    const shared = new Map<string, Set<string>>();
    for (const [word, lists] of this.singles) {
      const key = [...lists].join('\n');
      const same = shared.get(key);
      if (same) this.singles.set(word, same);
      else shared.set(key, lists);
    }
  }

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

  /** Adds a phrase to a list; every phrase is added before the index is first used. */
  add(list: string, phrase: string, plurals: boolean): void {
    const root = this.root;
    if (!root) throw new Error(`PhraseIndex: "${phrase}" added after the index was first used`);
    for (const variant of expandPhrase(phrase)) {
      const tokens = phraseTokens(variant);
      if (tokens.length === 0) continue;
      if (tokens[0] === WILDCARD) throw new RulePackError([`list "${list}": phrase "${phrase}" cannot start with *`]);
      this.insert(root, list, tokens);
      if (plurals && tokens[tokens.length - 1] !== WILDCARD) {
        for (const plural of pluralOf(tokens[tokens.length - 1]))
          this.insert(root, list, [...tokens.slice(0, -1), plural]);
      }
    }
  }

  private insert(root: TrieNode, list: string, tokens: string[]): void {
    let at = root;
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

  /** What the index knows of this word: where phrases that start with it continue, and its id. */
  phraseWordOf(word: string): PhraseWord {
    const trie = this.trie();
    const id = trie.wordIds.get(word) ?? NONE;
    return { phraseStart: childOf(trie, ROOT, id), phraseWord: id };
  }

  /**
   * Every phrase of every list, found within sentences; the longest match per list and start wins.
   * `byNorm` and `byBase` say what the index knows of each token's norm and base forms (its words' facts);
   * without them each word is looked up here.
   */
  scan(tokens: readonly Token[], byNorm?: readonly PhraseWord[], byBase?: readonly PhraseWord[]): Hit[] {
    const trie = this.trie();
    const norms = byNorm ?? tokens.map((t) => this.phraseWordOf(t.norm));
    const bases = byBase ?? tokens.map((t) => this.phraseWordOf(t.base));
    const hits: Hit[] = [];
    const { longest, touched } = this;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      if (tok.masked) continue;
      // The walk's first step from the root (which has no wildcard: no phrase starts with one).
      const normStart = norms[i].phraseStart;
      if (normStart !== NONE) this.step(trie, tokens, norms, bases, i, i, normStart);
      if (tok.base !== tok.norm) {
        const baseStart = bases[i].phraseStart;
        if (baseStart !== NONE && baseStart !== normStart) this.step(trie, tokens, norms, bases, i, i, baseStart);
      }
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

  private walk(
    trie: FlatTrie,
    tokens: readonly Token[],
    norms: readonly PhraseWord[],
    bases: readonly PhraseWord[],
    first: number,
    k: number,
    at: number,
  ): void {
    const tok = tokens[k];
    if (!tok || tok.masked || tok.sentence !== tokens[first].sentence) return;
    const byNorm = childOf(trie, at, norms[k].phraseWord);
    if (byNorm !== NONE) this.step(trie, tokens, norms, bases, first, k, byNorm);
    if (tok.base !== tok.norm) {
      const byBase = childOf(trie, at, bases[k].phraseWord);
      if (byBase !== NONE && byBase !== byNorm) this.step(trie, tokens, norms, bases, first, k, byBase);
    }
    const wildcard = trie.wildcard[at];
    if (wildcard !== NONE && k > first) this.step(trie, tokens, norms, bases, first, k, wildcard);
  }

  private step(
    trie: FlatTrie,
    tokens: readonly Token[],
    norms: readonly PhraseWord[],
    bases: readonly PhraseWord[],
    first: number,
    k: number,
    next: number,
  ): void {
    const { longest, touched } = this;
    for (let at = trie.listStart[next]; at < trie.listStart[next + 1]; at++) {
      const id = trie.lists[at];
      if (longest[id] < 0) touched[this.touchedCount++] = id;
      if (longest[id] < k) longest[id] = k;
    }
    if (trie.childStart[next + 1] > trie.childStart[next] || trie.wildcard[next] !== NONE)
      this.walk(trie, tokens, norms, bases, first, k + 1, next);
  }
}
