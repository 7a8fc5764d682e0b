// The reviewed helper set, as data the validator checks calls against. Adding a helper means adding
// a rule here and an implementation in helpers.ts, and both get reviewed.

/** value: a variable, quoted text or a helper call; format: quoted Luxon format; length: whole number. */
export type ParamKind = 'value' | 'format' | 'length';

export interface HelperRule {
  block: boolean;
  params: readonly ParamKind[];
  usage: string;
}

/** A Map, not an object literal: `rules['constructor']` on an object would find Object.prototype's. */
export const HELPER_RULES: ReadonlyMap<string, HelperRule> = new Map<string, HelperRule>([
  ['if', { block: true, params: ['value'], usage: '{{#if practice.bookingUrl}}…{{else}}…{{/if}}' }],
  ['unless', { block: true, params: ['value'], usage: '{{#unless practice.portalUrl}}…{{/unless}}' }],
  ['date', { block: false, params: ['value', 'format'], usage: '{{date vars.flu_clinic_date "cccc, MMMM d"}}' }],
  ['scheduled', { block: false, params: ['format'], usage: '{{scheduled "cccc, MMMM d"}}' }],
  ['month', { block: false, params: [], usage: '{{month}}' }],
  ['year', { block: false, params: [], usage: '{{year}}' }],
  ['truncate', { block: false, params: ['value', 'length'], usage: '{{truncate vars.service_description 100}}' }],
]);

/** Handlebars built-ins we switch off, with the reason shown to the template author. */
export const DISALLOWED_HELPERS: ReadonlyMap<string, string> = new Map([
  ['each', 'no template variable is a list, and a loop changes what names mean inside it'],
  ['with', 'it changes what names mean inside it; write the full name, e.g. practice.name'],
  ['lookup', 'it reads properties by computed name, which would bypass the variable check'],
  ['log', 'templates do not write to server logs'],
  ['helperMissing', 'it is internal to Handlebars'],
  ['blockHelperMissing', 'it is internal to Handlebars'],
]);

export const TRUNCATE_MIN = 5;
export const TRUNCATE_MAX = 5000;
export const FORMAT_MAX_LENGTH = 64;

export function allowedHelperList(): string {
  return [...HELPER_RULES.keys()].join(', ');
}
