// The story model: features with people as roles, a score that says which words weighed most, and the two thresholds.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, createChecker } from '../check';
import { readRulePack } from '../rule-pack/load';
import { PracticeProfile } from '../types';
import { isDowngradable, readStoryModel, scoreStory, StoryModel, storyModelVersion } from './model';

const profile: PracticeProfile = { name: 'Cedar Family Clinic', staff: ['Dr. Nora Blake'], phones: ['(555) 555-0190'] };

describe('story features', () => {
  const checker = createChecker(readRulePack());

  it('replace people by their role and keep word pairs and what the rules found', () => {
    const features = checker.storyFeatures('Congrats to Priya on her last chemo session with Dr. Blake!', profile);
    expect(features).toEqual(
      expect.arrayContaining(['w:<patient>', 'w:<staff>', 'b:to <patient>', 'w:<med>', 's:bias']),
    );
    expect(features.some((f) => f.startsWith('s:rule:care.'))).toBe(true);
    expect(features).not.toContain('w:priya');
  });

  it('mark replies', () => {
    expect(checker.storyFeatures('Thank you!', profile, { kind: 'reply', context: 'Great place' })).toContain(
      's:kind:reply',
    );
  });
});

describe('story model', () => {
  const model: StoryModel = {
    version: 'test',
    threshold: 0.7,
    careOnlyThreshold: 0.7,
    noEvidenceThreshold: 2,
    warnBelow: 0.1,
    patientReadingBelow: 0.05,
    reply: {
      threshold: 0.7,
      careOnlyThreshold: 0.7,
      noEvidenceThreshold: 2,
      warnBelow: 0.1,
      patientReadingBelow: 0.05,
    },
    weights: new Map([
      ['w:swelling', 2],
      ['b:her lip', 1.5],
      ['s:bias', -1],
    ]),
  };

  it('scores features and names the strongest ones first, with where they are', () => {
    const spans = new Map([
      ['w:swelling', { start: 4, end: 12 }],
      ['b:her lip', { start: 20, end: 27 }],
      ['s:bias', { start: 0, end: 40 }],
      ['w:unknown', { start: 0, end: 1 }],
    ]);
    const score = scoreStory(model, spans);
    expect(score.probability).toBeCloseTo(1 / (1 + Math.exp(-2.5)), 6);
    expect(score.top.map((t) => t.feature)).toEqual(['w:swelling', 'b:her lip']);
    expect(scoreStory(model, new Map([['s:bias', { start: 0, end: 1 }]])).probability).toBeLessThan(0.5);
  });

  it('is read from a folder, and a malformed file is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'story-'));
    expect(readStoryModel(dir)).toBeUndefined();
    expect(storyModelVersion(dir)).toBeUndefined();
    writeFileSync(
      join(dir, 'story-model.json'),
      JSON.stringify({ threshold: 0.8, warn_below: 0.05, weights: { 'w:x': 1 } }),
    );
    expect(readStoryModel(dir)).toMatchObject({ threshold: 0.8, warnBelow: 0.05 });
    // The rules version names the model by the same hash, read without parsing the weights.
    expect(storyModelVersion(dir)).toBe(readStoryModel(dir)?.version);
    writeFileSync(join(dir, 'story-model.json'), JSON.stringify({ weights: {} }));
    expect(() => readStoryModel(dir)).toThrow(/threshold/);
  });

  it('never turns an identifier, a bill or a testimonial into a warning', () => {
    expect(isDowngradable('care.named-patient')).toBe(true);
    for (const rule of [
      'id.phone',
      'id.record-number',
      'care.billing-detail',
      'testimonial.named',
      'photo.identifiable',
      'review.records-disclosure',
      'date.person',
      'geo.place-patient',
    ])
      expect(isDowngradable(rule)).toBe(false);
  });
});

describe('a post with no sign of a person or of care', () => {
  const pack = readRulePack();
  const text = 'Good luck at the 36-week check on Monday!';
  const withThreshold = (noEvidenceThreshold: number): StoryModel => ({
    version: 'test',
    threshold: 0.7,
    careOnlyThreshold: 0.8,
    noEvidenceThreshold,
    warnBelow: 0,
    patientReadingBelow: 0,
    reply: { threshold: 0.7, careOnlyThreshold: 0.8, noEvidenceThreshold, warnBelow: 0, patientReadingBelow: 0 },
    weights: new Map([
      ['b:week check', 4],
      ['s:bias', -1],
    ]),
  });

  it('is blocked when the words alone make the model sure enough', () => {
    const result = createChecker(pack, withThreshold(0.9)).check(text, profile);
    expect(result.findings.map((f) => f.rule)).toContain('care.story-model');
    expect(result.verdict).toBe('block');
  });

  it('is left alone when the model is trained never to block on words alone', () => {
    expect(createChecker(pack, withThreshold(2)).check(text, profile).verdict).toBe('pass');
  });
});

describe('the shipped story model (config/phi-rules/story-model.json)', () => {
  it('blocks a story about one patient that no rule names, and says which words weighed most', () => {
    const text = 'Day 3 after her lip filler and the swelling is already down 😍 half a syringe, so natural!';
    const result = check(text, profile);
    const finding = result.findings.find((f) => f.rule === 'care.story-model');
    expect(result.verdict).toBe('block');
    expect(finding).toBeDefined();
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.text);
    expect(finding!.message).toMatch(/weigh most/);
  });

  it('leaves health education alone', () => {
    expect(
      check('Lip fillers can cause swelling for a few days. Ice helps, and call us with any questions!', profile)
        .verdict,
    ).not.toBe('block');
  });
});
