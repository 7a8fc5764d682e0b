// A large fixed set of words held compactly: their characters in one string, found through a hash table in a
// typed array. A Set of 100,000 words costs ~80 bytes a word in V8 (a string object each, a table entry, and
// often the whole dictionary file the words were sliced from); this costs the characters and ~12 bytes a word.
// Each word has an index (0, 1, ... in the order added), for whatever its owner keeps per word in its own arrays.

/** FNV-1a over the UTF-16 code units, spread so the low bits (the slot) depend on every character. */
export function wordHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ String.prototype.charCodeAt.call(word, i), 0x01000193);
  return h ^ (h >>> 15);
}

const EMPTY = -1;
// A word with a character above U+00FF would make the one string two bytes a character: the few such words (a
// handful of names) are kept in a Map instead, and take no characters in the string.
const LATIN1_MAX = 0xff;

function isLatin1(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > LATIN1_MAX) return false;
  return true;
}

/** A power of two at least 1.5 times the words: the table is at most two thirds full, and probes stay short. */
function slotCount(words: number): number {
  let n = 16;
  while (n * 2 < words * 3) n *= 2;
  return n;
}

function place(slots: Int32Array, hash: number, index: number): void {
  const mask = slots.length - 1;
  let slot = hash & mask;
  while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
  slots[slot] = index;
}

export class WordTable {
  private constructor(
    // The Latin-1 words' characters, one after another: word i is text[starts[i], starts[i + 1]).
    private readonly text: string,
    private readonly starts: Int32Array,
    // By slot, the index of the Latin-1 word that hashed there, or EMPTY.
    private readonly slots: Int32Array,
    // The other words, by word.
    private readonly wide: ReadonlyMap<string, number>,
  ) {}

  /** The words in the order given (a repeated word keeps its first index). */
  static of(words: Iterable<string>): WordTable {
    const builder = new WordTableBuilder();
    for (const w of words) builder.add(w);
    return builder.build();
  }

  /** @internal The builder's result: its words and their hashes (wordHash). */
  static fromParts(words: readonly string[], hashes: readonly number[]): WordTable {
    const starts = new Int32Array(words.length + 1);
    const latin1: string[] = [];
    const wide = new Map<string, number>();
    const indexes: number[] = [];
    let at = 0;
    words.forEach((w, i) => {
      starts[i] = at;
      if (isLatin1(w)) {
        latin1.push(w);
        indexes.push(i);
        at += w.length;
      } else wide.set(w, i);
    });
    starts[words.length] = at;
    const slots = new Int32Array(slotCount(indexes.length)).fill(EMPTY);
    for (const i of indexes) place(slots, hashes[i], i);
    // One byte a character: a word sliced from a two-byte text is two-byte itself, and so would be their join.
    const text = Buffer.from(latin1.join(''), 'latin1').toString('latin1');
    return new WordTable(text, starts, slots, wide);
  }

  /** How many words. */
  get size(): number {
    return this.starts.length - 1;
  }

  /** The word's index, or -1 when the table does not have it. */
  indexOf(word: string): number {
    const { slots, starts, text } = this;
    const length = word.length;
    let h = 0x811c9dc5;
    let max = 0;
    for (let i = 0; i < length; i++) {
      const c = String.prototype.charCodeAt.call(word, i);
      max |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (max > LATIN1_MAX) return this.wide.get(word) ?? -1;
    const mask = slots.length - 1;
    for (let slot = (h ^ (h >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const index = slots[slot];
      if (index === EMPTY) return -1;
      const start = starts[index];
      if (starts[index + 1] - start !== length) continue;
      let k = 0;
      while (k < length && text.charCodeAt(start + k) === String.prototype.charCodeAt.call(word, k)) k++;
      if (k === length) return index;
    }
  }

  has(word: string): boolean {
    return this.indexOf(word) >= 0;
  }
}

/** Adds words one by one, each given its index once, then freezes them into a WordTable. */
export class WordTableBuilder {
  private readonly words: string[] = [];
  private readonly hashes: number[] = [];
  private slots: Int32Array;

  /** `expected`: about how many words will be added (the table grows past it, at a cost). */
  constructor(expected = 0) {
    this.slots = new Int32Array(slotCount(expected)).fill(EMPTY);
  }

  get size(): number {
    return this.words.length;
  }

  /** The word's index: the one it was given when first added. */
  add(word: string): number {
    const hash = wordHash(word);
    const found = this.find(word, hash);
    if (found >= 0) return found;
    const index = this.words.length;
    this.words.push(word);
    this.hashes.push(hash);
    if (this.words.length * 3 > this.slots.length * 2) {
      const slots = new Int32Array(slotCount(this.words.length)).fill(EMPTY);
      this.hashes.forEach((h, i) => place(slots, h, i));
      this.slots = slots;
    } else place(this.slots, hash, index);
    return index;
  }

  /** The word's index, or -1. */
  indexOf(word: string): number {
    return this.find(word, wordHash(word));
  }

  build(): WordTable {
    return WordTable.fromParts(this.words, this.hashes);
  }

  private find(word: string, hash: number): number {
    const { slots, words } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const index = slots[slot];
      if (index === EMPTY) return -1;
      if (words[index] === word) return index;
    }
  }
}
