import { check } from '../check';
import { PracticeProfile } from '../types';

const practice: PracticeProfile = { name: 'ClearSkin Dermatology', staff: ['Dr. Elena Petrova'] };

describe('testimonials and patient photos', () => {
  it('blocks a quote credited to a named patient', () => {
    const result = check(
      "'Dr. Petrova cleared up my skin after 10 years of trying everything!' – Samantha R., Dallas",
      practice,
    );
    expect(result.verdict).toBe('block');
    const testimonial = result.findings.find((f) => f.category === 'testimonial');
    expect(testimonial?.subject).toBe('Samantha R.');
    expect(testimonial?.severity).toBe('block');
  });

  it('warns on an anonymous quote and passes famous sayings', () => {
    expect(check('“Best derm in town!” – a happy patient ⭐⭐⭐⭐⭐', practice).verdict).toBe('warn');
    expect(check('"An ounce of prevention is worth a pound of cure." – Benjamin Franklin', practice).verdict).toBe(
      'pass',
    );
  });

  it('blocks before/after photos of a named or pointed-out patient', () => {
    for (const text of [
      "Check out this before and after of Brittany's acne treatment — 4 months of tretinoin! 👏",
      "Before & after: this patient's scar revision in 3 months! Tag yourself if you know who it is 😉",
      "Kelsey's rosacea is SO much calmer after 3 laser sessions — before and after below! ⬇️",
    ]) {
      const result = check(text, practice);
      expect(result.findings.some((f) => f.category === 'photo' && f.severity === 'block')).toBe(true);
    }
  });

  it('warns on an unnamed before/after and passes a consent disclaimer', () => {
    expect(
      check('Before & after of a recent laser resurfacing treatment ✨ Book your consult!', practice).verdict,
    ).toBe('warn');
    expect(
      check('Before and after photos on our website are shared with written permission from our patients.', practice)
        .verdict,
    ).toBe('pass');
  });
});
