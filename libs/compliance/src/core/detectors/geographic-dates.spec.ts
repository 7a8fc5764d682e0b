import { check } from '../check';
import { Category, PracticeProfile } from '../types';

const practice: PracticeProfile = {
  name: 'VisionPoint Eye Care',
  addresses: ['915 Main Street, Hanover, NH 03755'],
  phones: ['603-555-0166'],
};

function categories(text: string): Category[] {
  return check(text, practice).findings.map((f) => f.category);
}

describe('geographic identifiers', () => {
  it('blocks a street address, town or ZIP tied to a patient', () => {
    expect(categories('If you are Mrs. Jackson at 42 Birch Lane, your new glasses are ready!')).toContain('geographic');
    expect(categories('Our 97-year-old patient from Lyme just got her new bifocals!')).toContain('geographic');
    expect(
      categories('Our home-visit optometrist saw a patient in ZIP 03605 yesterday for a diabetic eye exam.'),
    ).toContain('geographic');
    expect(check('Stan from Elm Street finally got his new glasses fitted! 🙌', practice).verdict).toBe('block');
  });

  it('passes the practice address, its town and ZIP, states and event venues', () => {
    for (const text of [
      'VisionPoint Eye Care, 915 Main St., Hanover NH 03755 — open Saturdays!',
      'Come visit our optical shop at 915 Main Street in Hanover!',
      'Join us at the health fair, 12 School Street, Saturday 9-1 for free vision screenings.',
      'Proud to serve families across New Hampshire and Vermont!',
    ])
      expect(check(text, practice).verdict).toBe('pass');
  });
});

describe('dates tied to a person', () => {
  it('blocks dates of service, birth and death', () => {
    expect(categories('Ms. Bauer, your visit on 2/14 lasted 35 minutes.')).toContain('date');
    expect(categories('Patient Maria Lopez, DOB 04/17/1962 — please call us about your results.')).toContain('date');
    expect(categories('Wei Chen came in with a toothache on Monday and left with a new crown.')).toContain('date');
    expect(categories('RIP to our dear patient Walter Brennan, who passed away on January 12.')).toContain('date');
    expect(check('DOB: 01/02/1980', practice).verdict).toBe('block');
    expect(check('Date of birth 3/14/1975', practice).verdict).toBe('block');
  });

  it('passes office dates', () => {
    expect(check('We will be closed Monday, May 26 for Memorial Day and Friday, July 4.', practice).verdict).toBe(
      'pass',
    );
    expect(check('Free screenings with Dr. Chen on Saturday, May 17, 9am–12pm!', practice).verdict).toBe('pass');
  });
});
