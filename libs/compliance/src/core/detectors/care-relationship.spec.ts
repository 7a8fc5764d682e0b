import { check } from '../check';
import { Category, PracticeProfile } from '../types';

const practice: PracticeProfile = {
  name: 'BrightSmile Family Dentistry',
  phones: ['(217) 555-0142'],
  addresses: ['1420 Oak Street, Suite 200, Springfield, IL 62704'],
  staff: ['Dr. Sarah Lee, DDS', 'Dr. Marcus Okafor', 'Maria Gomez, RDH', 'Jenna Park'],
  handles: ['@brightsmiledental'],
};

function categories(text: string): Category[] {
  return [...new Set(check(text, practice).findings.map((f) => f.category))].sort();
}

describe('care relationship: a person tied to a visit, treatment, result or bill', () => {
  it.each([
    'Congrats to Emma Rodriguez on finishing her Invisalign treatment today! 🎉',
    "Priya's root canal went perfectly this morning!",
    'Our patient Tyler lost a bracket at football practice AGAIN 😂',
    'Welcome back, Dmitri! So glad you are finally getting that cracked molar taken care of.',
    'thanks karen for being such a trooper during your deep cleaning yesterday!!',
    'congrats to xiomara on her LAST adjustment 🥹',
    'Shoutout to Oluwaseun Bello for crushing his first cleaning! 🦷',
    'Nguyen Thi Lan beat her fear of the dentist today! 💙',
    'Kwabena just got his braces and chose Chargers colors 💙',
    'Sending get-well wishes to Mrs. Adeyemi after her extraction yesterday.',
    'Feel better soon, Maya! 🤧 Lots of rest and popsicles after that nasty flu.',
    'Reminder, Kalani: your annual physical is Friday 6/7 at 10:30.',
    'CONGRATS EMMA ON GETTING YOUR BRACES OFF TODAY!!!',
    'Congrats to Savannah on getting her braces off!',
    'Guadalupe finished her braces today!',
    'braces off today for our girl sophia!!',
  ])('blocks a named patient: %s', (text) => {
    const result = check(text, practice);
    expect(result.verdict).toBe('block');
    expect(result.findings.some((f) => f.category === 'name' && f.severity === 'block')).toBe(true);
    expect(result.findings.some((f) => f.category === 'care_relationship')).toBe(true);
  });

  it('reads "X is one of our patients" and "X was a wonderful patient" as the relationship itself', () => {
    const rules = (text: string) => check(text, practice).findings.map((f) => `${f.rule}:${f.text}`);
    expect(rules('Mrs. Lopez was a wonderful patient!')).toContain('care.patient-relationship:was a wonderful patient');
    expect(rules('Pastor Okafor is one of our patients.')).toContain(
      'care.patient-relationship:is one of our patients',
    );
    expect(rules('Doña Rosa es una de nuestras pacientes más queridas.')).toContain(
      'care.patient-relationship:es una de nuestras pacientes',
    );
    // The adjective, not the noun.
    expect(rules('Dr. Kim is a patient teacher and our residents love her.').join()).not.toContain(
      'care.patient-relationship',
    );
  });

  it('names the care detail it tied to the person, with a rewrite', () => {
    const text = 'Congrats to Emma Rodriguez on finishing her Invisalign treatment today!';
    const care = check(text, practice).findings.find((f) => f.rule === 'care.named-patient-treatment');
    expect(care?.text).toBe('Invisalign treatment');
    expect(care?.subject).toBe('Emma Rodriguez');
    expect(care?.suggestion).toMatch(/all our patients/);
  });

  it('blocks a tagged person in a post about a visit', () => {
    expect(categories("Great seeing you today, @jdoe_runs! Don't forget your night guard 😉")).toEqual([
      'care_relationship',
      'handle',
    ]);
    expect(categories('@lily.grace.22 your aligners are ready for pickup 😊')).toEqual(['care_relationship', 'handle']);
  });

  it("blocks one specific unnamed person's care", () => {
    for (const text of [
      "She finished her Invisalign today and couldn't stop smiling! 😁",
      'Look who was in the chair today! So brave for a very first cleaning 🦷',
      "This little guy just got his first filling and didn't even cry! 🦸",
    ])
      expect(check(text, practice).verdict).toBe('block');
  });

  it('warns on an anonymous story and a message written to one patient', () => {
    expect(
      check(
        'A patient came in today with a knocked-out tooth after a bike crash. Put the tooth in milk and call us!',
        practice,
      ).verdict,
    ).toBe('warn');
    expect(check('Thanks for trusting us with your wisdom teeth removal today!', practice).verdict).not.toBe('pass'); // the story model may block it: written to one patient, posted to everyone
  });

  it('blocks billing details tied to a person or an account', () => {
    expect(categories('Mr. Goldberg, we sent your account to collections after 3 unpaid notices.')).toContain(
      'billing',
    );
    expect(categories('Account #883920-01 has a past-due balance.')).toEqual(['account_number', 'billing']);
  });

  it.each([
    'Floss once a day to keep gum disease away! Your gums will thank you. #TipTuesday',
    'Root canals have a bad reputation, but today they are about as comfortable as a filling.',
    'Please welcome our newest hygienist, Maria Gomez! Maria loves helping nervous patients feel at ease.',
    'Welcome our new receptionist, Tiffany! You will hear her friendly voice when you call.',
    'Dr. Lee just returned from a course on implant planning. Ask her about it at your next visit!',
    'Meet Molar Mike, our mascot! He will visit Lincoln Elementary to teach kids to brush.',
    "Imagine Sam, a 50-year-old who hasn't had a checkup in years. Sam's blood pressure could be high.",
    "Picture a toddler named Leo who won't eat anything green. Here are 5 sneaky veggie tips 🥦",
    "Thanks to Joe's Pizza for sponsoring our Smile Run 5K! 🍕",
    'Thank you to the Springfield Lions Club for hosting our free screening day!',
    'If your child chips a tooth, rinse his or her mouth and call us the same day.',
    'Have a question about your bill or insurance? Send us a secure message through the patient portal.',
    'New patients: fill out your forms before your visit through our secure patient portal.',
    'Martin Luther King Jr. Day: our office is closed Monday, January 20.',
    "“Take care of your body. It's the only place you have to live.” — Jim Rohn 💙",
    'Like Helen Keller said, "The only thing worse than being blind is having sight but no vision."',
    "February is National Children's Dental Health Month! Stop by for a free toothbrush 🪥",
    "HAPPY FRIDAY!!! 🎉 Reminder: we're open until 2pm today. See you next week!",
    'Happy National Dental Hygiene Month to our amazing hygienists Maria and Jenna! 🪥',
    'We had patients travel from Houston for treatment this year.',
    "Thank you to Mrs. Garcia's kindergarten class for visiting our office on a field trip today! 🍎",
    'Julia Roberts has one of the most famous smiles in Hollywood — and yes, she had braces as a teen!',
    'Shoutout to Becky at the front desk for always having a smile ready! 😊',
  ])('passes generic, staff, hypothetical and sponsor copy: %s', (text) => {
    expect(check(text, practice).findings).toEqual([]);
  });

  it('warns, without blocking, on a congratulated name with no care mentioned', () => {
    const result = check('Congrats to Emma on her high school graduation! 🎓', practice);
    expect(result.verdict).toBe('warn');
    expect(result.findings.map((f) => f.rule)).toEqual(['name.mentioned']);
  });
});
