// Floors for the PHI checker on the labelled corpus. Floors only rise: set them at what the checker achieves, minus a small margin.
import { check } from '@app/compliance';
import { loadCorpus, profileLoader } from '../../scripts/phi/corpus';
import { evaluate } from '../../scripts/phi/evaluate';

describe('PHI checker on the labelled corpus (npm run -s phi:eval)', () => {
  const items = loadCorpus();
  const report = evaluate(items, profileLoader(), check);

  it('has a corpus of at least 400 posts, about half block and half pass', () => {
    expect(items.length).toBeGreaterThanOrEqual(400);
    expect(report.classes.block.support / items.length).toBeGreaterThan(0.4);
    expect(report.classes.pass.support / items.length).toBeGreaterThan(0.4);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('blocks the posts that must be blocked', () => {
    expect(report.block_recall).toBeGreaterThanOrEqual(0.98);
    expect(report.classes.block.precision).toBeGreaterThanOrEqual(0.98);
  });

  it('rarely blocks a post that is fine, and rarely even warns on one', () => {
    expect(report.false_block_rate).toBeLessThanOrEqual(0.01);
    expect(report.false_warn_rate).toBeLessThanOrEqual(0.03);
    expect(report.classes.pass.recall).toBeGreaterThanOrEqual(0.97);
  });

  it('finds the expected category in most blocked posts', () => {
    for (const category of ['name', 'care_relationship', 'review_reply', 'handle', 'testimonial', 'photo'] as const) {
      expect(report.category_recall[category]?.recall ?? 0).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('reports misses with the text, so a reviewer can see what went wrong', () => {
    for (const miss of report.misses) {
      expect(miss.text.length).toBeGreaterThan(0);
      expect(miss.expected).not.toBe(miss.got);
    }
  });
});
