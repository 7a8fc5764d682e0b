import { check } from './check';
import { Category, PracticeProfile } from './types';

const practice: PracticeProfile = {
  name: 'BrightSmile Family Dentistry',
  website: 'https://www.brightsmiledental.com',
  addresses: ['1420 Oak Street, Suite 200, Springfield, IL 62704'],
  phones: ['(217) 555-0142', '217-555-0143'],
  emails: ['hello@brightsmiledental.com'],
  staff: ['Dr. Sarah Lee, DDS'],
  handles: ['@brightsmiledental'],
};

function found(text: string, category: Category): string[] {
  return check(text, practice)
    .findings.filter((f) => f.category === category)
    .map((f) => `${f.severity}:${f.text}`);
}

describe('Safe Harbor identifiers with a recognisable format', () => {
  it("flags a phone number that is not the practice's, and blocks it next to a patient", () => {
    expect(found('Mrs. Gutierrez, please call us back at 217-555-8890 about your crown.', 'phone')).toEqual([
      'block:217-555-8890',
    ]);
    expect(found('For questions about the health fair, call the community center at 217-555-0199.', 'phone')).toEqual([
      'warn:217-555-0199',
    ]);
  });

  it("skips toll-free organisation numbers and the practice's own numbers", () => {
    expect(check('Poison Control: 1-800-222-1222. Save it today!', practice).verdict).toBe('pass');
    expect(check('Call us at (217) 555-0142 or fax 217-555-0143.', practice).verdict).toBe('pass');
  });

  it("warns, never blocks, on a business's number or a role mailbox, even beside care words", () => {
    expect(
      found(
        'Need a crown lab for your practice? Our partners at Prairie Dental Supply (217) 555-0177 can help.',
        'phone',
      ),
    ).toEqual(['warn:(217) 555-0177']);
    expect(
      found('Your referral questions go to Maple Street Pharmacy at 217-555-0166, tell them we sent you.', 'phone'),
    ).toEqual(['warn:217-555-0166']);
    expect(
      found('Families on our waitlist: write to referrals@kidsotclinic.org about your child’s evaluation.', 'email'),
    ).toEqual(['warn:referrals@kidsotclinic.org']);
    // A person's own number or mailbox beside their care still blocks.
    expect(found('Jenna Price, your implant is ready: call Jenna at 217-555-0190.', 'phone')).toEqual([
      'block:217-555-0190',
    ]);
    expect(found('Amy, your implant consult notes went to amy.w@gmail.com.', 'email')).toEqual([
      'block:amy.w@gmail.com',
    ]);
  });

  it('recognises a fax number by the word fax before it', () => {
    expect(
      found("We faxed Dorothy Kim's referral to 217-555-0144 by mistake — Dorothy, please call us.", 'fax'),
    ).toEqual(['block:217-555-0144']);
  });

  it('flags personal emails but not the practice domain', () => {
    expect(found('Amy, we sent your lab results to amy.walsh84@yahoo.com.', 'email')).toEqual([
      'block:amy.walsh84@yahoo.com',
    ]);
    expect(
      check('Questions? Email billing@brightsmiledental.com or hello@brightsmiledental.com.', practice).verdict,
    ).toBe('pass');
  });

  it('blocks SSNs, with or without a label', () => {
    expect(found('Patient SSN 123-45-6789 was entered wrong on the claim form.', 'ssn')).toEqual(['block:123-45-6789']);
    expect(found('social security number 078 05 1120 on the form', 'ssn')).toEqual(['block:078 05 1120']);
  });

  it('blocks labelled record, plan, account, licence, vehicle and device numbers', () => {
    expect(found('Patient MRN 5520187 left their glasses case in exam room 2.', 'record_number')).toEqual([
      'block:5520187',
    ]);
    expect(found('Member ID W123456789 was denied for the implant.', 'health_plan_number')).toEqual([
      'block:W123456789',
    ]);
    expect(found('Account #883920-01 has a past-due balance.', 'account_number')).toEqual(['block:883920-01']);
    expect(found('We refunded $189 to your card ending 4417.', 'account_number')).toEqual(['block:4417']);
    expect(found("Denise, your driver's license D1234567 was left at check-in!", 'license_number')).toEqual([
      'block:D1234567',
    ]);
    expect(found('It belongs to the gray Honda Pilot, plate 7XYZ123.', 'vehicle_id')).toEqual(['block:7XYZ123']);
    expect(found('A key tag showing VIN 1HGCM82633A004352 was found.', 'vehicle_id')).toEqual([
      'block:1HGCM82633A004352',
    ]);
    expect(found('Hearing aid serial SN 4C2A99817 was left in the lobby.', 'device_id')).toEqual(['block:4C2A99817']);
    expect(found('Kwame, your yellow fever cert no. YF-2025-08813 is signed.', 'license_number')).toEqual([
      'block:YF-2025-08813',
    ]);
  });

  it("blocks an immigrant's A-number, labelled or not, and passes model numbers and years", () => {
    expect(found('The A-number on her vaccine record was typed as A-212-448-907; fixed now.', 'record_number')).toEqual(
      ['block:A-212-448-907'],
    );
    expect(found('Your I-693 lists A-number 212448907.', 'record_number')).toEqual(['block:212448907']);
    expect(
      check('The new A-100 thermometers are in, and gift certificate 2025 raffle tickets too.', practice).verdict,
    ).toBe('pass');
  });

  it('does not mistake counts, prices and times for identifiers', () => {
    expect(
      check(
        'New patient special: exam, X-rays and cleaning for $99. We are open 8am-5pm, 24/7 emergency line.',
        practice,
      ).verdict,
    ).toBe('pass');
    expect(check('Our claim to fame: 10,000 happy smiles and 25 years in Springfield!', practice).verdict).toBe('pass');
  });

  it("flags links to a person's own page, not general links", () => {
    expect(
      found('Please support our patient Harper on her cancer journey: caringbridge.org/visit/harperstrong', 'url'),
    ).toEqual(['block:caringbridge.org/visit/harperstrong']);
    expect(check('Learn more at ada.org/resources and https://www.cdc.gov/oral-health.', practice).verdict).toBe(
      'pass',
    );
    expect(
      check('Book online at brightsmiledental.com/book or https://www.brightsmiledental.com/new-patients', practice)
        .verdict,
    ).toBe('pass');
  });

  it("flags IP addresses, and blocks them next to a patient's records", () => {
    expect(found("A login from 192.168.44.17 tried to view another patient's eye exam results.", 'ip_address')).toEqual(
      ['block:192.168.44.17'],
    );
    expect(found('Server maintenance for 10.0.0.12 tonight.', 'ip_address')).toEqual(['warn:10.0.0.12']);
  });
});
