// The story model as the hot path runs it (numeric word ids) against the feature strings it was trained on.
import { createChecker, hasStoryEvidence, readRulePack, scoreStory, storyModelOnDisk } from '@app/compliance';
import { loadTunedPart } from '../../scripts/phi/corpus';

describe('the compiled story model', () => {
  it('scores every post of the corpus exactly as the feature strings do', () => {
    const model = storyModelOnDisk();
    expect(model).toBeDefined();
    const rules = createChecker(readRulePack());
    const withModel = createChecker(readRulePack(), model);
    const part = loadTunedPart();
    let compared = 0;
    for (const item of part.items.slice(0, 400)) {
      const profileOf = part.profileOf(item.practice);
      const options = { kind: item.kind, context: item.context };
      const slow = scoreStory(
        model!,
        new Map(rules.storyFeatures(item.text, profileOf, options).map((f) => [f, { start: 0, end: 0 }])),
      );
      const result = withModel.check(item.text, profileOf, options);
      const story = result.findings.some((f) => f.rule === 'care.story-model');
      const rulesBlock = rules.check(item.text, profileOf, options).verdict === 'block';
      if (!rulesBlock) {
        const expected =
          slow.probability >= model!.threshold && hasStoryEvidence(rules.storyFeatures(item.text, profileOf, options));
        expect(story).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
