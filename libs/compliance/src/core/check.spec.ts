import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, RULES_VERSION, rulesVersion, verdictOf } from './check';
import { PracticeProfile } from './types';

const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'phi');
const corpus = readFileSync(join(fixtures, 'corpus.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { text: string; practice: string });
const profiles = new Map<string, PracticeProfile>();
function profile(key: string): PracticeProfile {
  let p = profiles.get(key);
  if (!p) {
    p = JSON.parse(readFileSync(join(fixtures, `practice-${key}.json`), 'utf8')) as PracticeProfile;
    profiles.set(key, p);
  }
  return p;
}

describe('check()', () => {
  it('gives offsets into the original text for every finding of the corpus (emoji, curly quotes and all)', () => {
    let findings = 0;
    for (const item of corpus) {
      for (const f of check(item.text, profile(item.practice)).findings) {
        expect(item.text.slice(f.start, f.end)).toBe(f.text);
        expect(f.start).toBeLessThan(f.end);
        expect(f.message.length).toBeGreaterThan(10);
        expect(f.message).not.toMatch(/\{\w+\}/);
        findings++;
      }
    }
    expect(findings).toBeGreaterThan(300);
  });

  it('keeps offsets right after astral characters', () => {
    const text = '🦷🦷👶 Congrats to 👩‍⚕️ Emma on her braces today!';
    const name = check(text, { name: '' }).findings.find((f) => f.category === 'name');
    expect(name && text.slice(name.start, name.end)).toBe('Emma');
  });

  it('returns findings in text order and the highest severity as the verdict', () => {
    const result = check('Congrats @jdoe on your new crown! Call 217-555-0199 with questions.', { name: '' });
    const starts = result.findings.map((f) => f.start);
    expect(starts).toEqual([...starts].sort((x, y) => x - y));
    expect(result.verdict).toBe('block');
    expect(verdictOf([])).toBe('pass');
    expect(verdictOf(result.findings.filter((f) => f.severity === 'warn'))).toBe(
      result.findings.some((f) => f.severity === 'warn') ? 'warn' : 'pass',
    );
  });

  it('reports the rules version it used', () => {
    expect(check('Floss daily!', { name: '' }).rulesVersion).toBe(RULES_VERSION);
    expect(rulesVersion()).toBe(RULES_VERSION);
  });

  it('stays linear on very large input (a pasted document with thousands of names)', () => {
    const huge = Array.from(
      { length: 2000 },
      (_, i) => `Congrats to Jordan${i} Smith on the new crown! Call 217-555-${String(1000 + i)}.`,
    ).join(' ');
    const started = Date.now();
    const result = check(huge, { name: '' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.verdict).toBe('block');
  });

  it('copes with empty, long and odd input', () => {
    expect(check('', { name: '' })).toMatchObject({ verdict: 'pass', findings: [] });
    expect(check('   \n\n  ', { name: '' }).verdict).toBe('pass');
    const long = 'Brush twice a day and floss once. '.repeat(400);
    expect(check(long, { name: '' }).verdict).toBe('pass');
    expect(check('@@@ ### ... — “ ” ’s', { name: '' }).verdict).toBe('pass');
  });
});
