// The examples named in the product brief and the PHI domain notes, as the checker must treat them.
import { check } from './check';
import { PracticeProfile } from './types';

const practice: PracticeProfile = {
  name: 'BrightSmile Family Dentistry',
  website: 'brightsmiledental.com',
  addresses: ['1420 Oak Street, Suite 200, Springfield, IL 62704'],
  phones: ['(217) 555-0142'],
  staff: ['Dr. Sarah Lee, DDS', 'Dr. Marcus Okafor', 'Maria Gomez, RDH'],
  handles: ['@brightsmiledental'],
};

describe('examples from the brief and the domain notes', () => {
  it.each([
    'Our patient Jordan is doing great!',
    "Jordan's root canal went well today.",
    'She finished her Invisalign! 🎉',
    'Great seeing you today, @jdoe!',
    'Look who was in the chair today! 😁',
    'Reminder about your visit on March 3 — see you then!',
    'Thanks for the review, John! Sorry your crown came off.',
    'We checked our records and you were seen on February 2.',
    'The only twins we delivered this year came in for their first checkup!',
    'Happy 95th birthday to our favorite patient!',
    'The patient in room 12 is recovering well.',
    'We diagnosed a rare condition in a patient from the small town of Bluewater.',
    'Thanks for visiting us, Maria Santos! Enjoy your new crown.',
    'Recovering from chemo and still smiling — we love you, Pat!',
    '"Best experience ever! The staff were so kind." — Jane D.',
    "Before and after of Lisa's whitening!",
    'Thanks for coming in today, Mrs. Chen! Your balance is $45.',
  ])('blocks: %s', (text) => {
    expect(check(text, practice).verdict).toBe('block');
  });

  it.each([
    'Floss daily to prevent gum disease.',
    'February is American Heart Month. Know your numbers!',
    'October is National Dental Hygiene Month! 🪥',
    'Office hours: Mon–Fri 8–5, Sat 9–12.',
    'We will be closed Thursday for Thanksgiving. Happy Thanksgiving!',
    'Welcome our new hygienist Maria!',
    'Meet Molar Mike, our mascot!',
    "Imagine a patient who hasn't been to the dentist in years...",
    "Thanks to Joe's Pizza for sponsoring our 5K!",
    'Dr. Sarah Lee is accepting new patients. Call (217) 555-0142 or visit 1420 Oak St, Suite 200.',
    'Dr. Lee and Dr. Okafor will see you soon! Call 217.555.0142.',
    'Sarah and the team are ready for you! +1 217 555 0142',
    'Have questions? Message us securely through the patient portal.',
    'Thank you for your kind words! Please call us at 2175550142 if we can help.',
  ])('passes: %s', (text) => {
    expect(check(text, practice).findings).toEqual([]);
  });
});
