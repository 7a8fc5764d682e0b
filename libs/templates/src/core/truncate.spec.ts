import { postLength } from './networks';
import { renderTemplate } from './render';
import { SAMPLE_PRACTICE } from './sample-practice';
import { ELLIPSIS, graphemes, truncateForNetwork } from './truncate';

/** The kept text (before the ellipsis) must be a whole-grapheme prefix of the original. */
function expectWholeGraphemes(original: string, result: string): void {
  const kept = result.endsWith(ELLIPSIS) ? result.slice(0, -ELLIPSIS.length) : result;
  const originalGraphemes = graphemes(original);
  const keptGraphemes = graphemes(kept);
  expect(keptGraphemes).toEqual(originalGraphemes.slice(0, keptGraphemes.length));
}

describe('truncateForNetwork', () => {
  const emojiText = 'Smile 😁 family 👨‍👩‍👧‍👦 flag 🇺🇸 thumbs 👍🏽 keycap 1️⃣ heart ❤️ done';

  it('returns text that already fits unchanged', () => {
    expect(truncateForNetwork('Short and sweet', 20, 'facebook')).toBe('Short and sweet');
  });

  it('never splits an emoji, flag, skin tone or ZWJ sequence, at any length, on any network', () => {
    for (const network of ['facebook', 'linkedin', 'x'] as const) {
      for (let max = 5; max <= postLength(emojiText, network) + 1; max++) {
        const result = truncateForNetwork(emojiText, max, network);
        expect(postLength(result, network)).toBeLessThanOrEqual(max);
        expectWholeGraphemes(emojiText, result);
      }
    }
  });

  it('counts X weighted length: an emoji weighs 2, a URL 23, the ellipsis 2', () => {
    const text = '🦷'.repeat(20);
    const cut = truncateForNetwork(text, 11, 'x');
    expect(cut).toBe('🦷🦷🦷🦷' + ELLIPSIS); // 4 × 2 + 2 = 10; a fifth tooth would make 12
    const withUrl = `Book at https://book.example.com/a/very/long/path/that/is/much/longer/than/twenty/three and see you soon`;
    expect(postLength(truncateForNetwork(withUrl, 40, 'x'), 'x')).toBeLessThanOrEqual(40);
    expect(truncateForNetwork(withUrl, 40, 'x')).toContain('https://book.example.com/a/very/long/path');
  });

  it('prefers a word break close to the cut', () => {
    expect(truncateForNetwork('Brush twice a day for two minutes with fluoride toothpaste', 30, 'linkedin')).toBe(
      'Brush twice a day for two…',
    );
  });

  it('works inside a template, per network', () => {
    const vars = { blurb: 'Our new hygienist loves 🦷 and 🏃‍♀️ and will make your cleaning a breeze' };
    const source = '{{truncate vars.blurb 30}}';
    const x = renderTemplate(source, { practice: SAMPLE_PRACTICE, vars, network: 'x', timezone: 'UTC' });
    const fb = renderTemplate(source, { practice: SAMPLE_PRACTICE, vars, network: 'facebook', timezone: 'UTC' });
    expect(postLength(x, 'x')).toBeLessThanOrEqual(30);
    expect(fb.length).toBeLessThanOrEqual(30);
    expectWholeGraphemes(vars.blurb, x);
    expectWholeGraphemes(vars.blurb, fb);
  });
});
