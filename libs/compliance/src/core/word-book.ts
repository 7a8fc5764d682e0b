// The facts of every word seen so far, for one checker: each token of a post is looked up here once.
//
// An open-addressing table of our own rather than a Map: its hash is computed from the word's characters here,
// so a post's fresh word strings are never hashed by V8, and a probe reads one slot (hash and entry side by side)
// before the facts it returns, where a Map of ~20,000 words costs a cache miss or two more per token. The
// tokens are then given the facts' own copy of their word, a string whose V8 hash (for the Maps and Sets the
// detectors still ask) was computed once, the first time any post used that word.
import { Lexicon } from './lexicon';
import { CompiledRules } from './rule-pack/compile';
import { WordFacts } from './word-facts';

// Distinct words kept: words repeat across posts, and the bound keeps a long-running server's memory flat
// (cleared, not evicted, when full; a post's tokens keep the facts they already point at).
const BOOK_LIMIT = 32_768;
// Twice the limit, a power of two: probes stay short.
const SLOTS = 65_536;

/** FNV-1a over the UTF-16 code units, spread so the low bits (the slot) depend on every character. */
function hashOf(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ String.prototype.charCodeAt.call(word, i), 0x01000193);
  return h ^ (h >>> 15);
}

export class WordBook {
  // Per slot: the word's hash, then 1 + its index in `entries` (0: empty).
  private readonly slots = new Int32Array(SLOTS * 2);
  private entries: WordFacts[] = [];

  constructor(
    private readonly rules: CompiledRules,
    private readonly lexicon: Lexicon,
  ) {}

  of(word: string): WordFacts {
    const hash = hashOf(word);
    const { slots } = this;
    let slot = (hash & (SLOTS - 1)) * 2;
    for (let entry = slots[slot + 1]; entry !== 0; entry = slots[slot + 1]) {
      if (slots[slot] === hash) {
        const facts = this.entries[entry - 1];
        if (facts.word === word) return facts;
      }
      slot = (slot + 2) & (SLOTS * 2 - 1);
    }
    if (this.entries.length >= BOOK_LIMIT) {
      slots.fill(0);
      this.entries = [];
      return this.of(word);
    }
    const facts = new WordFacts(word, this.rules, this.lexicon);
    this.entries.push(facts);
    slots[slot] = hash;
    slots[slot + 1] = this.entries.length;
    return facts;
  }
}
