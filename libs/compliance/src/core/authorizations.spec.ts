import { samePerson } from './authorizations';
import { check } from './check';
import { PracticeProfile } from './types';

const practice: PracticeProfile = { name: 'BrightSmile Family Dentistry', staff: ['Dr. Sarah Lee'] };
const now = new Date('2025-06-01T12:00:00Z');
const testimonial = "“I used to hide my smile. Now I can't stop showing it!” — Kevin M., implant patient";
const beforeAfter = "Before and after: Tasha's 6 porcelain veneers 😍 Swipe to see the transformation!";
const story = 'Congrats to Emma Rodriguez on finishing her Invisalign today! 🎉';

describe('authorizations on file', () => {
  it('clears a testimonial with a valid, unexpired authorization and records which one', () => {
    const result = check(testimonial, practice, {
      now,
      authorizations: [
        { patientName: 'Kevin Martinez', uses: ['testimonial'], expiresAt: '2026-01-01', reference: 'auth-42' },
      ],
    });
    expect(result.verdict).toBe('pass');
    expect(result.findings).toEqual([]);
    expect(result.authorized.length).toBeGreaterThan(0);
    for (const f of result.authorized) {
      expect(f.authorizedBy).toEqual({
        patientName: 'Kevin Martinez',
        use: 'testimonial',
        expiresAt: '2026-01-01',
        reference: 'auth-42',
      });
    }
  });

  it('keeps the block when the authorization has expired, and says so', () => {
    const result = check(testimonial, practice, {
      now,
      authorizations: [{ patientName: 'Kevin Martinez', uses: ['testimonial'], expiresAt: '2025-05-31' }],
    });
    expect(result.verdict).toBe('block');
    expect(result.authorized).toEqual([]);
    expect(result.findings.find((f) => f.category === 'testimonial')?.message).toMatch(/expired on 2025-05-31/);
  });

  it('keeps the block when the authorization covers another use', () => {
    const result = check(beforeAfter, practice, {
      now,
      authorizations: [{ patientName: 'Tasha Brown', uses: ['testimonial'] }],
    });
    expect(result.verdict).toBe('block');
    expect(result.findings.find((f) => f.category === 'photo')?.message).toMatch(/does not cover use as a photo/);
  });

  it('clears a before/after with a photo authorization, and a story with a story authorization', () => {
    expect(
      check(beforeAfter, practice, { now, authorizations: [{ patientName: 'Tasha Brown', uses: ['photo'] }] }).verdict,
    ).toBe('pass');
    expect(
      check(story, practice, { now, authorizations: [{ patientName: 'Emma Rodriguez', uses: ['story'] }] }).verdict,
    ).toBe('pass');
  });

  it('does not clear someone else, or identifiers and review replies', () => {
    expect(
      check(story, practice, { now, authorizations: [{ patientName: 'Emma Stone', uses: ['story'] }] }).verdict,
    ).toBe('block');
    const reply = check('Thanks for the review, Emma Rodriguez! Glad your braces came off.', practice, {
      now,
      authorizations: [{ patientName: 'Emma Rodriguez', uses: ['story', 'testimonial', 'photo'] }],
    });
    expect(reply.verdict).toBe('block');
    expect(reply.findings.some((f) => f.category === 'review_reply')).toBe(true);
  });

  it('matches initials and titles to full names', () => {
    expect(samePerson('Kevin Martinez', 'Kevin M.')).toBe(true);
    expect(samePerson('Funmi Adeyemi', 'Mrs. Adeyemi')).toBe(true);
    expect(samePerson('@jdoe', '@jdoe')).toBe(true);
    expect(samePerson('Kevin Martinez', 'Kevin L.')).toBe(false);
    expect(samePerson('Emma Stone', 'Emma Rodriguez')).toBe(false);
  });
});
