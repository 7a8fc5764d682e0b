// The variables a template may use: the practice's profile under `practice.*` and the post's own
// custom values under `vars.*`. Two fixed namespaces keep a variable from ever colliding with a
// helper name (`{{month}}` is always the helper) and make "unknown variable" checkable statically.

/** Practice profile fields available as `{{practice.<field>}}`. */
export const PRACTICE_FIELDS = [
  'name',
  'phone',
  'email',
  'website',
  'address',
  'city',
  'bookingUrl',
  'portalUrl',
] as const;
export type PracticeField = (typeof PRACTICE_FIELDS)[number];

/**
 * What the posts lib builds from a practice row (its rendering/practice-variables.ts). Only `name` is mandatory;
 * an empty or missing field is "not set", and a template that prints it fails to render rather than posting a blank.
 */
export type PracticeVariables = { name: string } & Partial<Record<Exclude<PracticeField, 'name'>, string | null>>;

/** Values for the `vars.*` a template declares (its `requiredVars`); dates as `YYYY-MM-DD`. */
export type CustomVariables = Readonly<Record<string, string | null | undefined>>;

export interface VariableDoc {
  description: string;
  example: string;
}

export const PRACTICE_VARIABLE_DOCS: Readonly<Record<PracticeField, VariableDoc>> = {
  name: { description: 'Practice name as patients know it', example: 'Riverside Family Health & Dental Care' },
  phone: { description: 'Main phone number', example: '(555) 010-2040' },
  email: { description: 'Public contact email', example: 'hello@riversidefamilyhealth.example' },
  website: { description: 'Public website', example: 'https://www.riversidefamilyhealth.example' },
  address: { description: 'Street address of the office', example: '120 Main Street, Suite 4' },
  city: { description: 'City or neighbourhood the practice serves', example: 'Springfield' },
  bookingUrl: { description: 'Online appointment booking page', example: 'https://book.riversidefamilyhealth.example' },
  portalUrl: { description: 'Patient portal sign-in page', example: 'https://portal.riversidefamilyhealth.example' },
};

/** Custom variable names: lower snake_case, so `vars.flu_clinic_date`, never `vars.FluDate` or `vars.a.b`. */
export const CUSTOM_VARIABLE_NAME = /^[a-z][a-z0-9_]{0,47}$/;

export const PRACTICE_NAMESPACE = 'practice';
export const CUSTOM_NAMESPACE = 'vars';

const PRACTICE_PATHS: ReadonlySet<string> = new Set(PRACTICE_FIELDS.map((f) => `${PRACTICE_NAMESPACE}.${f}`));

export function practiceVariablePaths(): string[] {
  return [...PRACTICE_PATHS];
}

export function customVariablePath(name: string): string {
  return `${CUSTOM_NAMESPACE}.${name}`;
}

/** The full set a template may use: every practice field plus the custom variables it declares. */
export function availableVariables(customNames: Iterable<string> = []): ReadonlySet<string> {
  const paths = new Set(PRACTICE_PATHS);
  for (const name of customNames) paths.add(customVariablePath(name));
  return paths;
}

/** True for any path that could ever be rendered; used at render time, when declarations are not at hand. */
export function isWellFormedVariablePath(path: string): boolean {
  if (PRACTICE_PATHS.has(path)) return true;
  const [namespace, name, ...rest] = path.split('.');
  return namespace === CUSTOM_NAMESPACE && name !== undefined && rest.length === 0 && CUSTOM_VARIABLE_NAME.test(name);
}
