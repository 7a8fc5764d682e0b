import { join, resolve } from 'node:path';
import { createChecker } from '../check';
import { compileRules } from './compile';
import { findRulesDirectory, readRulePack, rulePackVersion } from './load';
import { expandPhrase, NONE, PhraseIndex, phraseTokens } from './phrases';
import { RulePack, RulePackError } from './schema';

function clone(pack: RulePack): RulePack {
  return JSON.parse(JSON.stringify(pack)) as RulePack;
}

describe('rule packs in config/phi-rules', () => {
  it('finds config/phi-rules from the sources and from a compiled dist/ folder', () => {
    const fromSource = findRulesDirectory(__dirname);
    expect(fromSource.endsWith(join('config', 'phi-rules'))).toBe(true);
    const repo = resolve(fromSource, '..', '..');
    expect(findRulesDirectory(join(repo, 'dist', 'libs', 'compliance', 'src', 'core', 'rule-pack'))).toBe(fromSource);
    expect(() => findRulesDirectory('/')).toThrow(RulePackError);
  });

  it('has a version, descriptions and a rule for every finding the checker emits', () => {
    const pack = readRulePack();
    expect(pack.manifest.version).toMatch(/\d/);
    for (const file of pack.packs) {
      expect(file.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(file.description.length).toBeGreaterThan(20);
      for (const rule of file.rules) expect(rule.description.length).toBeGreaterThan(10);
    }
    expect(() => compileRules(pack)).not.toThrow();
    expect(rulePackVersion(pack)).toMatch(/^phi-rules@.+\+[0-9a-f]{8}$/);
  });

  it('refuses a pack that lacks a rule the checker emits, or has a bad severity', () => {
    const missing = clone(readRulePack());
    missing.packs[0].rules = missing.packs[0].rules.filter((r) => r.id !== 'id.ssn');
    expect(() => compileRules(missing)).toThrow(/rule "id.ssn" is missing/);
  });

  it('accepts an injected pack, so a compliance officer can change a severity', () => {
    const stricter = clone(readRulePack());
    const phone = stricter.packs.flatMap((p) => p.rules).find((r) => r.id === 'id.phone');
    if (!phone) throw new Error('id.phone not in pack');
    phone.severity = 'block';
    const checker = createChecker(stricter);
    const text = 'For questions about the fair, call the community center at 217-555-0199.';
    expect(checker.check(text, { name: 'Test' }).verdict).toBe('block');
    expect(createChecker().check(text, { name: 'Test' }).verdict).toBe('warn');
    expect(checker.rulesVersion).not.toBe(createChecker().rulesVersion);
  });

  it('expands {a,b} alternatives and keeps * as a wildcard', () => {
    expect(expandPhrase('{thanks,thank you} for the {,kind} review')).toEqual([
      'thanks for the review',
      'thanks for the kind review',
      'thank you for the review',
      'thank you for the kind review',
    ]);
    expect(phraseTokens('happy * birthday')).toEqual(['happy', '*', 'birthday']);
    expect(() => expandPhrase('{unclosed')).toThrow(RulePackError);
  });

  it('takes every phrase before its first use, when its trie of objects is flattened and released', () => {
    const index = new PhraseIndex();
    index.add('care_terms', '{root canal,filling}', true);
    index.add('visit_terms', 'filling', false);
    index.add('visit_terms', 'cleaning', false);
    expect(index.phraseWordOf('root').phraseStart).not.toBe(NONE);
    expect(index.phraseWordOf('crown').phraseWord).toBe(NONE);
    expect([...(index.listsOf('filling') ?? [])]).toEqual(['care_terms', 'visit_terms']);
    expect([...(index.listsOf('fillings') ?? [])]).toEqual(['care_terms']);
    expect(index.hasWord('visit_terms', 'cleaning')).toBe(true);
    expect(() => index.add('care_terms', 'crown', false)).toThrow(/after the index was first used/);
  });
});
