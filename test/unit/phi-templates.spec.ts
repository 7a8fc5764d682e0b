// Our own template library is the plainest office news there is: the checker must never block any of it, rendered
// for a practice with the examples its variables document (a checker that blocks "we're thankful for you" is a
// checker staff switch off). The library is also training data that must pass (scripts/phi/templates.ts).
import { createChecker, readRulePack, storyModelOnDisk } from '@app/compliance';
import { TEMPLATE_PROFILE, templateItems } from '../../scripts/phi/templates';

describe('the seeded template library and the PHI checker', () => {
  const checker = createChecker(readRulePack(), storyModelOnDisk());
  const items = templateItems();

  it('renders every template and network variant (200+ posts)', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(items.every((i) => !i.text.includes('{{'))).toBe(true);
  });

  it('blocks none of them', () => {
    const blocked = items
      .map((i) => ({ id: i.id, result: checker.check(i.text, TEMPLATE_PROFILE) }))
      .filter((r) => r.result.verdict === 'block')
      .map((r) => `${r.id}: ${r.result.findings.map((f) => f.rule).join(', ')}`);
    expect(blocked).toEqual([]);
  });
});
