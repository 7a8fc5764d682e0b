import { buildAllowlist, isStaffName, normalisePhone, parseStreetAddress } from './allowlist';
import { check } from './check';
import { compileRules } from './rule-pack/compile';
import { readRulePack } from './rule-pack/load';
import { PracticeProfile } from './types';

const rules = compileRules(readRulePack());
const practice: PracticeProfile = {
  name: 'ClearSkin Dermatology & Laser',
  website: 'https://clearskinderm.com/',
  addresses: ['500 W. Lakeview Blvd., Ste. 12, Austin, TX 78704'],
  phones: ['+1 512 555 0175'],
  emails: ['care@clearskinderm.com'],
  staff: ['Dr. Elena Petrova', 'Dr. Kwame Mensah', 'Ashley Nguyen, PA-C', 'Nurse Practitioner Linda Hsu'],
  handles: ['clearskinatx'],
};

describe('the practice profile allowlist', () => {
  it.each([
    '(512) 555-0175',
    '512-555-0175',
    '512.555.0175',
    '+1 512 555 0175',
    '5125550175',
    '1-512-555-0175',
    '512 555 0175',
  ])('treats %s as the practice phone', (phone) => {
    expect(normalisePhone(phone)).toBe('5125550175');
    expect(check(`Call us at ${phone} to book your skin check!`, practice).findings).toEqual([]);
  });

  it.each([
    '500 W. Lakeview Blvd., Ste. 12',
    '500 West Lakeview Boulevard, Suite 12',
    '500 W Lakeview Blvd Suite 12',
    '500 Lakeview Blvd',
  ])('treats %s as the practice address', (address) => {
    expect(check(`Visit us at ${address} — free parking behind the building.`, practice).findings).toEqual([]);
  });

  it('parses addresses into number and canonical street words', () => {
    expect(parseStreetAddress('88 N. Maple Ave., Bldg B', rules)).toEqual({ number: '88', street: 'maple avenue' });
    expect(parseStreetAddress('2100 Commerce Pkwy, Unit 4', rules)).toEqual({
      number: '2100',
      street: 'commerce parkway',
    });
  });

  it("still flags an address that is not the practice's", () => {
    expect(
      check('Mrs. Jackson at 42 Birch Lane, your dentures are ready!', practice).findings.some(
        (f) => f.category === 'geographic',
      ),
    ).toBe(true);
  });

  it('knows staff by full name, "Dr." + surname and an unambiguous first name', () => {
    const allow = buildAllowlist(practice, rules);
    expect(isStaffName(allow.staff, ['elena', 'petrova'])).toBe(true);
    expect(isStaffName(allow.staff, ['petrova'])).toBe(true);
    expect(isStaffName(allow.staff, ['ashley'])).toBe(true);
    expect(isStaffName(allow.staff, ['linda', 'hsu'])).toBe(true);
    expect(isStaffName(allow.staff, ['ashley', 'johnson'])).toBe(false);
    expect(isStaffName(allow.staff, ['ashley'], 'j')).toBe(false);
    for (const post of [
      'Dr. Petrova will be speaking at the Texas Dermatological Society this weekend on melasma.',
      'Please welcome Ashley Nguyen, PA-C! Ashley specializes in acne and rosacea and is now booking.',
      'Dr. Elena Petrova and Dr. Mensah are accepting new patients for Mohs surgery consults.',
      "Ashley's favorite acne tip: don't pick! 🙅",
    ])
      expect(check(post, practice).verdict).toBe('pass');
  });

  it('does not let a staff first name hide a patient with another surname', () => {
    expect(check('Congrats to Ashley Johnson on finishing her acne treatment today!', practice).verdict).toBe('block');
  });

  it('allows the practice website, emails and handles in any case', () => {
    for (const post of [
      'Shop at CLEARSKINDERM.COM/shop',
      'Follow @ClearSkinATX for tips!',
      'Email Care@ClearSkinDerm.com with questions.',
    ]) {
      expect(check(post, practice).findings).toEqual([]);
    }
  });

  it("reads a site's own name before its street as the practice's, not a person", () => {
    const sites: PracticeProfile = {
      ...practice,
      addresses: ['Benavides Elementary Clinic, 915 Pecan St, Las Palomas, TX 78532', ...practice.addresses!],
    };
    expect(buildAllowlist(sites, rules).nameWords.has('benavides')).toBe(true);
    expect(buildAllowlist(practice, rules).nameWords.has('lakeview')).toBe(false);
    const post = 'Benavides had 40 sports physicals this week! Thanks for getting them done early.';
    const namesIn = (profile: PracticeProfile) =>
      check(post, profile)
        .findings.filter((f) => f.category === 'name')
        .map((f) => f.text);
    expect(namesIn(sites)).toEqual([]);
    expect(namesIn(practice)).toEqual(['Benavides']);
  });

  it('treats a missing or empty profile as "nothing is ours"', () => {
    expect(check('Call 512-555-0175 about your biopsy results, Maria.', { name: '' }).verdict).toBe('block');
  });
});
