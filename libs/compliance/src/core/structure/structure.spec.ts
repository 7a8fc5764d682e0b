// The structural rules on their own examples: one specific person, however referred to, tied to care.
import { check } from '../check';
import { PracticeProfile } from '../types';

const profile: PracticeProfile = {
  name: 'Riverbend Family Health',
  website: 'riverbendhealth.example',
  phones: ['(555) 555-0100'],
  staff: ['Dr. Ana Ruiz', 'Tom Hale, PA-C', 'Jess Park, RN'],
  handles: ['@riverbendhealth'],
};

const verdict = (text: string, options = {}): string => check(text, profile, options).verdict;
const rules = (text: string, options = {}): string[] => check(text, profile, options).findings.map((f) => f.rule);

describe('structural PHI rules', () => {
  it.each([
    [
      'a role with an anchor',
      'So proud of the crossing guard at Lincoln Elementary: the cast finally comes off next week!',
    ],
    ['a standing appointment', 'To whoever has our Tuesday 8am slot: that new knee just carried you up Pikes Peak!'],
    ['you know who you are', 'Six months sober today. You know who you are, and we could not be prouder.'],
    ['a titled community figure', 'Prayers for Deacon Morales as he recovers from his heart surgery this week.'],
    ['a name inside a hashtag', 'Round two of chemo starts tomorrow. #TeamRosalind #RosalindStrong'],
    [
      'a name inside a story link',
      'Read how one mom beat postpartum depression: riverbendhealth.example/stories/maribel-ortega-postpartum',
    ],
    ['a name inside a photo file name', 'Stitches out and back on the court! [IMG_4410_devon_knee.jpg]'],
    ['a Spanish greeting with care', '¡Felicidades a Mariela por terminar su tratamiento de fisioterapia hoy!'],
    ['a drug the lists lack, next to a name', 'Big week for Corinne: her first dose of buprenorphine went smoothly.'],
  ])('blocks %s', (_why, text) => {
    expect(verdict(text)).toBe('block');
  });

  it.each([
    [
      'generic audiences',
      'If you have been putting off your mammogram, anyone over 40 can book one online this month.',
    ],
    [
      'a partner handle next to a weekday',
      'Balance class for seniors every Wednesday with our friends at @riverparksrec. Free and fun!',
    ],
    ['a business that looks like a name', 'Thank you to Panadería La Estrella for the conchas at our staff meeting!'],
    [
      'a made-up persona, disclaimer after the name',
      'Meet Gary. Gary skips his blood pressure checks. Gary is made up, but maybe he sounds familiar.',
    ],
    [
      'a stated signed authorization',
      '"I walk without pain now." — Ray M., shared with his signed HIPAA authorization on file.',
    ],
    [
      'a written authorization stated before a quote of several sentences, credit after it',
      "Shared with written HIPAA authorization on file ✨ 'I hid my rosacea for years. After four laser sessions I don't wear foundation anymore.' — Dana K.",
    ],
    ['plain news with care words and no one in it', 'Flu shots are in this week.'],
    ['an invitation with a date', 'Join us on January 7 for our flu clinic!'],
    [
      'a staff member in the staff list',
      'Jess Park, RN, finished her first half marathon on Sunday! 13.1 miles and a new personal best.',
    ],
    [
      'a hashtag that is not a person',
      'Weekend hours are back (9-12) [walk-ins welcome] #SmileBright #WellnessWednesday',
    ],
  ])('passes %s', (_why, text) => {
    expect(verdict(text)).not.toBe('block');
  });

  it("clears only the quote the authorization covers: unsigned consent and a relative's care still block", () => {
    expect(verdict('“After my knee surgery I thought my season was done.” — Matteo R. He said we could post it!')).toBe(
      'block',
    );
    const relative = check(
      'Shared with her signed authorization: “My knee is great now.” — Ana B. Her husband starts chemo with us Monday.',
      profile,
    );
    expect(relative.verdict).toBe('block');
    expect(relative.findings.some((f) => f.severity === 'block' && f.text.includes('husband'))).toBe(true);
  });

  it('points at the words that identify the person, with a reason and a suggestion', () => {
    const text = 'So proud of the crossing guard at Lincoln Elementary: the cast finally comes off next week!';
    const finding = check(text, profile).findings.find((f) => f.rule === 'care.described-person');
    expect(finding).toBeDefined();
    expect(text.slice(finding!.start, finding!.end)).toBe(finding!.text);
    expect(finding!.text).toContain('crossing guard');
    expect(finding!.message.length).toBeGreaterThan(20);
    expect(finding!.suggestion).toBeTruthy();
  });

  it('reads any word for a kind of person as a role, not only the listed ones', () => {
    // Neither word is in the packs' person nouns: compromise knows "roofer" and guesses "harbormaster".
    const roofer = check('The roofer at the Rusty Anchor job got her stitches out today!', profile).findings;
    expect(roofer.some((f) => f.rule === 'care.described-person' && f.text.includes('roofer'))).toBe(true);
    const harbormaster = check('Get well soon to the harbormaster at Pier 9 after his knee surgery.', profile);
    expect(harbormaster.verdict).toBe('block');
    expect(rules('The roofer at the Rusty Anchor job fixed our leak before the staff party.')).not.toContain(
      'care.described-person',
    );
  });

  it('names community figures and hashtags by their own rules', () => {
    const deacon = check(
      'Prayers for Deacon Morales as he recovers from his heart surgery this week.',
      profile,
    ).findings;
    expect(deacon.some((f) => f.severity === 'block' && f.text.includes('Morales'))).toBe(true);
    expect(rules('Thanks to Sheriff Dale Voss for donating 200 bike helmets to our kids safety fair!')).not.toContain(
      'care.community-figure',
    );
    expect(rules('Round two of chemo starts tomorrow. #TeamRosalind #RosalindStrong')).toContain('care.name-in-tag');
  });
});

it('reads care inside a hashtag as the care of the name beside it', () => {
  expect(rules('So proud of this guy! #JakeBeatsCancer')).toContain('care.name-in-tag');
  expect(rules('Walk with us Saturday! #MilesForSmiles')).not.toContain('care.name-in-tag');
  expect(rules('Happy #WellnessWednesday and #FluShotFriday!')).not.toContain('care.name-in-tag');
});

it('reads a guest or a staff member receiving care as a patient', () => {
  const mayor = 'Mayor Ortega opened our testing event and rolled up his sleeve for a rapid HIV test.';
  expect(rules(mayor)).toContain('care.community-figure');
  // At an event, the guest who only hosts is a guest.
  expect(rules('Mayor Ortega opened our testing event, where 200 neighbors got flu shots.')).not.toContain(
    'care.community-figure',
  );
  expect(rules('Our nurse Jess Park got her second mpox dose here today. If she can, so can you!')).toContain(
    'care.staff-as-patient',
  );
  expect(rules('Nuestra enfermera Jess recibió su segunda dosis de la vacuna aquí en la clínica.')).toContain(
    'care.staff-as-patient',
  );
  expect(rules('Jess Park, RN gave 300 flu shots at the health fair this weekend.')).not.toContain(
    'care.staff-as-patient',
  );
});

describe('reply mode', () => {
  const context = 'Dr. Ruiz fixed my shoulder after two years of pain. Best clinic in town! — J.R.';

  it('blocks a reply that confirms the reviewer is a patient, even though they said it first', () => {
    expect(
      verdict('So glad your shoulder is doing better, see you at your next follow-up!', { kind: 'reply', context }),
    ).toBe('block');
    expect(verdict('Thanks for trusting us with your care!', { kind: 'reply', context })).toBe('block');
  });

  it('blocks a real name where the reviewer signed with initials', () => {
    expect(verdict('Thank you, John Reyes! We loved seeing you.', { kind: 'reply', context })).toBe('block');
  });

  it('passes a generic thank-you and a privacy statement with the practice phone', () => {
    expect(verdict('Thank you for the kind words! We will share them with the team.', { kind: 'reply', context })).toBe(
      'pass',
    );
    const privacy =
      "Privacy law keeps us from discussing anyone's care online. Please call our office manager at (555) 555-0100.";
    expect(verdict(privacy, { kind: 'reply', context: 'Worst visit ever, they lost my lab results.' })).toBe('pass');
  });

  it('passes answers to people who are not patients', () => {
    const context2 = 'Do you take Medicaid? Where do I park? I am not a patient yet.';
    expect(
      verdict('Yes, we accept most Medicaid plans. Free parking is behind the building on Elm St.', {
        kind: 'reply',
        context: context2,
      }),
    ).toBe('pass');
  });

  it('accepts the older kind name review_reply', () => {
    expect(
      verdict('So glad your shoulder is doing better, see you at your next follow-up!', {
        kind: 'review_reply',
        context,
      }),
    ).toBe('block');
  });
});

describe('Spanish', () => {
  it('reads "don" as a title only in a Spanish sentence', () => {
    expect(
      check('Felicidades a don Rogelio por terminar su terapia hoy.', profile).findings.some(
        (f) => f.text === 'don Rogelio',
      ),
    ).toBe(true);
    // No rule reads the English verb as a title; whether the story model likes the words is its own matter.
    expect(
      check('Please don your mask before your visit.', profile).findings.filter((f) => f.rule !== 'care.story-model'),
    ).toEqual([]);
  });

  it('finds care told in Spanish and leaves Spanish health education alone', () => {
    expect(verdict('¡Bienvenida al mundo, Camila! Su mamá Yesenia hizo todo el trabajo.')).toBe('block');
    expect(
      verdict('¿Sabía que la vacuna contra la gripe es gratis para todos nuestros pacientes? Llame al (555) 555-0100.'),
    ).toBe('pass');
  });
});
