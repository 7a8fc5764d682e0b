import { compromiseLexicon, compromiseModelParts, taggerCallCount, taggerSaysPerson } from './lexicon';

interface ModelParts {
  one: { lexicon: Record<string, unknown> };
  two: { suffixPatterns: unknown; placeWords: unknown };
}

describe('the compromise lexicon', () => {
  it('classes every single word compromise knows, and no multi-word key', () => {
    const lexicon = compromiseLexicon();
    const expected: Array<[string, string | undefined]> = [
      ['maria', 'first'],
      ['smith', 'last'],
      ['january', 'month'],
      ['monday', 'weekday'],
      ['texas', 'state'],
      ['canada', 'country'],
      ['paris', 'place'],
      ['google', 'org'],
      ['dr', 'honorific'],
      ['running', 'word'],
      ['new hampshire', undefined],
      ['qqzx', undefined],
    ];
    expect(expected.map(([w]) => [w, lexicon.classOf(w)])).toEqual(expected);
    expect(lexicon.phraseClassOf('new hampshire')).toBe('state');
    expect([lexicon.isPlainNoun('jasmine'), lexicon.isPlainNoun('maria')]).toEqual([true, false]);
    expect([lexicon.isVerb('is'), lexicon.isVerb('running'), lexicon.isVerb("couldn't")]).toEqual([true, false, true]);
    expect([lexicon.isActor('plumber'), lexicon.isActor('maria'), lexicon.isActor('harbormaster')]).toEqual([
      true,
      false,
      true,
    ]);
    const keys = Object.keys((compromiseModelParts() as ModelParts).one.lexicon);
    const unclassed = keys.filter((k) => !k.includes(' ') && lexicon.classOf(k) === undefined);
    expect(unclassed).toEqual([]);
  });

  it('runs the tagger on demand', () => {
    const before = taggerCallCount();
    expect(taggerSaysPerson('Grace Miller finished her braces today.', 'Grace')).toBe(true);
    expect(taggerCallCount()).toBe(before + 1);
  });
});
