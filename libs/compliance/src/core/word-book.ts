// The facts of every word seen so far, for one checker: each token of a post is looked up here once.
//
// An open-addressing table of our own rather than a Map: its hash is computed from the word's characters here,
// so a post's fresh word strings are never hashed by V8, and a probe reads one slot and the facts it returns,
// where a Map of ~20,000 words costs a cache miss or two more per token. The tokens are then given the facts'
// own copy of their word, a string whose V8 hash (for the Maps and Sets the detectors still ask) was computed
// once, the first time any post used that word.
import { Lexicon } from './lexicon';
import { CompiledRules } from './rule-pack/compile';
import { WordFacts } from './word-facts';

// Distinct words kept: words repeat across posts, and the bound keeps a long-running server's memory flat
// (cleared, not evicted, when full; a post's tokens keep the facts they already point at).
const BOOK_LIMIT = 32_768;
// Twice the limit, a power of two: probes stay short (the table is at most half full).
const SLOTS = 65_536;

/** FNV-1a over the UTF-16 code units, spread so the low bits (the slot) depend on every character. */
function hashOf(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ String.prototype.charCodeAt.call(word, i), 0x01000193);
  return h ^ (h >>> 15);
}

export class WordBook {
  // By slot, the facts of the word that hashed there (or undefined). Each holds its hash, so a probe touches
  // the slot and the facts it returns (needed next anyway) and, to confirm, the word's string.
  private slots: Array<WordFacts | undefined> = new Array<WordFacts | undefined>(SLOTS).fill(undefined);
  private size = 0;

  constructor(
    private readonly rules: CompiledRules,
    private readonly lexicon: Lexicon,
  ) {}

  of(word: string): WordFacts {
    const hash = hashOf(word);
    const { slots } = this;
    let slot = hash & (SLOTS - 1);
    for (let facts = slots[slot]; facts !== undefined; facts = slots[slot]) {
      if (facts.hash === hash && facts.word === word) return facts;
      slot = (slot + 1) & (SLOTS - 1);
    }
    if (this.size >= BOOK_LIMIT) {
      this.slots = new Array<WordFacts | undefined>(SLOTS).fill(undefined);
      this.size = 0;
      return this.of(word);
    }
    const facts = new WordFacts(word, hash, this.rules, this.lexicon);
    slots[slot] = facts;
    this.size++;
    return facts;
  }
}
