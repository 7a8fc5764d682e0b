import { check } from '../check';
import { PracticeProfile } from '../types';

const practice: PracticeProfile = {
  name: 'Maple Grove Family Medicine',
  phones: ['763-555-0190'],
  staff: ['Dr. Priya Raman'],
};

describe('review replies', () => {
  it('blocks a reply that names the reviewer and describes their care', () => {
    const result = check(
      'Thanks for the review, John! Sorry your crown came loose — we have you scheduled Thursday.',
      practice,
    );
    expect(result.verdict).toBe('block');
    expect(result.findings.map((f) => f.rule)).toEqual(
      expect.arrayContaining(['review.confirms-care', 'care.named-patient']),
    );
    expect(result.findings.find((f) => f.category === 'care_relationship')?.text).toBe('crown');
    expect(result.findings.find((f) => f.rule === 'review.confirms-care')?.suggestion).toMatch(/763-555-0190/);
  });

  it('blocks a reply that quotes the record, even without a name', () => {
    const result = check(
      'We checked our records and you were seen on March 3, and the X-rays showed no fracture.',
      practice,
    );
    expect(result.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['review_reply', 'date']));
    expect(result.verdict).toBe('block');
  });

  it("blocks care details about the reviewer's family", () => {
    expect(
      check("Thanks for the review! We're glad your son's ADHD medication is working better now.", practice).verdict,
    ).toBe('block');
  });

  it('treats any confirmation as a disclosure when the caller says it is a review reply', () => {
    expect(
      check('Glad the knee injection helped, see you in the spring!', practice, { kind: 'review_reply' }).verdict,
    ).toBe('block');
  });

  it.each([
    "Thank you for taking the time to share your feedback. Because of privacy laws we can't discuss any details here — please call our office manager at 763-555-0190.",
    "Thank you so much for the kind words! We're so glad to hear it 😊",
    "We're sorry to hear about your experience. We'd like to learn more — please call us so we can talk privately.",
    'Thank you for the 5 stars! We appreciate you taking the time to leave a review. 🌟',
    "Reviews mean the world to our small team. If you had a great visit, we'd love a Google review!",
  ])('passes a privacy-safe reply: %s', (text) => {
    expect(check(text, practice).verdict).toBe('pass');
  });
});
