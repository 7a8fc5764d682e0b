import { WordTable, WordTableBuilder } from './word-table';

describe('a word table', () => {
  it('has exactly the words it was given, as a Set would', () => {
    const words = ['maria', 'mar', 'marias', '', 'josé', 'dvořák', 'šárka', 'o’neil', 'buprenorphine', 'a b', '123'];
    const table = WordTable.of(words);
    const set = new Set(words);
    const probes = [...words, 'mari', 'mariaa', 'jose', 'dvorak', 'šárk', 'ša', ' ', 'maria ', 'MARIA', 'constructor'];
    for (const w of probes) expect([w, table.has(w)]).toEqual([w, set.has(w)]);
  });

  it('gives each word its index in the order first added, a repeated word keeping its own', () => {
    const builder = new WordTableBuilder();
    expect(['one', 'two', 'one', 'ñandú', 'three', 'two'].map((w) => builder.add(w))).toEqual([0, 1, 0, 2, 3, 1]);
    expect(builder.indexOf('three')).toBe(3);
    expect(builder.indexOf('four')).toBe(-1);
    const table = builder.build();
    expect(table.size).toBe(4);
    expect(['one', 'two', 'ñandú', 'three', 'four'].map((w) => table.indexOf(w))).toEqual([0, 1, 2, 3, -1]);
  });

  it('finds every word of a large list after growing, and no word it was not given', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${(i * 7919).toString(36)}`);
    const table = WordTable.of(words);
    expect(table.size).toBe(words.length);
    words.forEach((w, i) => expect(table.indexOf(w)).toBe(i));
    for (let i = 0; i < 2_000; i++) expect(table.has(`x${i.toString(36)}`)).toBe(false);
  });
});
