// Builds the object a template renders against. Only text values are copied (a function value
// would be called by Handlebars), empty values are left out so strict mode reports them as
// missing, and the records have no prototype, so even `constructor` is "not defined" rather
// than a blank.
import { CUSTOM_VARIABLE_NAME, CustomVariables, PRACTICE_FIELDS, PracticeVariables } from './variables';

export interface TemplateRoot {
  readonly practice: Readonly<Record<string, string>>;
  readonly vars: Readonly<Record<string, string>>;
}

export function templateRoot(practice: PracticeVariables, vars: CustomVariables): TemplateRoot {
  const practiceValues = PRACTICE_FIELDS.map((field) => [field, practice[field]] as const);
  const customValues = Object.entries(vars).filter(([name]) => CUSTOM_VARIABLE_NAME.test(name));
  const root: TemplateRoot = {
    practice: textRecord('practice', practiceValues),
    vars: textRecord('vars', customValues),
  };
  return bare('the template context', Object.entries(root));
}

function textRecord(label: string, entries: Iterable<readonly [string, unknown]>): Readonly<Record<string, string>> {
  const kept: Array<readonly [string, string]> = [];
  for (const [key, value] of entries) {
    if (typeof value === 'string' && value.trim() !== '') kept.push([key, value]);
    else if (typeof value === 'number' && Number.isFinite(value)) kept.push([key, String(value)]);
  }
  return bare(label, kept);
}

/**
 * A frozen, prototype-free record. Handlebars' strict-mode error message concatenates the object
 * into a string, which throws on a prototype-free object; a Symbol.toPrimitive (not reachable
 * from a template path, which is always a string) gives it a readable name instead.
 */
function bare<T>(label: string, entries: Iterable<readonly [string, unknown]>): T {
  const record = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of entries) record[key] = value;
  Object.defineProperty(record, Symbol.toPrimitive, { value: () => label });
  return Object.freeze(record) as T;
}
