import { PracticeVariables } from '@app/templates';
import { Practice } from '@app/practices';

/** The {{practice.*}} values a template renders with, from the practice's own profile. */
export function practiceVariables(practice: Practice): PracticeVariables {
  const p = practice.profile;
  return {
    name: practice.name,
    phone: p.phones?.[0] ?? null,
    email: p.emails?.[0] ?? null,
    website: p.website ?? null,
    address: p.addresses?.[0] ?? null,
    city: p.city ?? null,
    bookingUrl: p.bookingUrl ?? null,
    portalUrl: p.portalUrl ?? null,
  };
}
