// A sample practice for previews in the template editor and for specs. Values are long-ish on
// purpose, so length checks are not flattered by a short name.
import { PracticeVariables } from './variables';

export const SAMPLE_PRACTICE: PracticeVariables = {
  name: 'Riverside Family Health & Dental Care',
  phone: '(555) 010-2040',
  email: 'frontdesk@riversidefamilyhealth.example',
  website: 'https://www.riversidefamilyhealth.example',
  address: '1200 Riverside Parkway, Suite 210',
  city: 'Springfield',
  bookingUrl: 'https://book.riversidefamilyhealth.example/appointments/new',
  portalUrl: 'https://portal.riversidefamilyhealth.example/sign-in',
};
