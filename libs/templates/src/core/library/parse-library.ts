// Checks a library file's JSON and turns it into typed templates. Every problem is collected, so
// one run of the spec (or one failed start-up) shows all of them, each prefixed with the template key.
import { validateTemplate } from '../validate';
import { availableVariables, CUSTOM_VARIABLE_NAME } from '../variables';
import { isNetwork } from '../networks';
import {
  DatedTemplate,
  LibraryTemplate,
  RequiredVar,
  SPECIALTIES,
  Specialty,
  TEMPLATE_CATEGORIES,
  TemplateCategory,
} from './types';

export class TemplateLibraryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Template library is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'TemplateLibraryError';
  }
}

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HASHTAG = /^[A-Za-z][A-Za-z0-9_]*$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

type Raw = Record<string, unknown>;

/** @param source file name, for messages */
export function parseLibraryDocument(document: unknown, source: string): LibraryTemplate[] {
  const problems: string[] = [];
  const list = isObject(document) ? document['templates'] : undefined;
  if (!Array.isArray(list)) throw new TemplateLibraryError([`${source}: expected {"templates": [...]}`]);
  const templates = list.map((raw, i) => parseTemplate(raw, `${source}#${i}`, problems));
  if (problems.length > 0) throw new TemplateLibraryError(problems);
  return templates.filter((t): t is LibraryTemplate => t !== undefined);
}

function parseTemplate(raw: unknown, where: string, problems: string[]): LibraryTemplate | undefined {
  if (!isObject(raw)) {
    problems.push(`${where}: a template must be an object`);
    return undefined;
  }
  const key = typeof raw['key'] === 'string' ? raw['key'] : '';
  const at = key ? `${where} (${key})` : where;
  const fail = (message: string): void => void problems.push(`${at}: ${message}`);

  if (!KEY.test(key)) fail('key must be a kebab-case slug, e.g. "american-heart-month"');
  const title = nonEmpty(raw['title'], 'title', fail);
  const body = nonEmpty(raw['body'], 'body', fail);
  const category = raw['category'] as TemplateCategory;
  if (!TEMPLATE_CATEGORIES.includes(category)) fail(`category must be one of ${TEMPLATE_CATEGORIES.join(', ')}`);
  const specialties = parseSpecialties(raw['specialties'], fail);
  const hashtags = parseHashtags(raw['hashtags'], fail);
  const requiredVars = parseRequiredVars(raw['requiredVars'], fail);
  const variants = parseVariants(raw['variants'], fail);
  const dating = parseDating(raw, fail);

  const available = availableVariables((requiredVars ?? []).map((v) => v.name));
  const used = new Set<string>();
  for (const [label, source] of [['body', body], ...Object.entries(variants ?? {})] as const) {
    if (!source) continue;
    const result = validateTemplate(source, available);
    result.variables.forEach((v) => used.add(v));
    for (const issue of result.issues) fail(`${label} line ${issue.line}, column ${issue.column}: ${issue.message}`);
  }
  for (const v of requiredVars ?? []) {
    if (!used.has(`vars.${v.name}`)) fail(`requiredVars declares "${v.name}" but no text uses vars.${v.name}`);
  }

  const base = {
    key,
    title,
    category,
    specialties,
    body,
    hashtags,
    ...(variants ? { variants } : {}),
    ...(requiredVars ? { requiredVars } : {}),
  };
  return dating.kind === 'evergreen' ? { ...base, kind: 'evergreen' } : { ...base, ...dating };
}

type Dating = { kind: 'evergreen' } | Pick<DatedTemplate, 'kind' | 'month' | 'window'>;

function parseDating(raw: Raw, fail: (m: string) => void): Dating {
  const { kind, month, window } = raw;
  if (kind === 'evergreen') {
    if (month !== undefined || window !== undefined) fail('an evergreen template has no month or window');
    return { kind: 'evergreen' };
  }
  if (kind !== 'dated') fail('kind must be "evergreen" or "dated"');
  if ((month === undefined) === (window === undefined)) fail('a dated template needs exactly one of month or window');
  if (month !== undefined) {
    if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) fail('month must be 1-12');
    return { kind: 'dated', month: month as number };
  }
  if (!isObject(window) || !isMonthDay(window['from']) || !isMonthDay(window['to'])) {
    fail('window must be {"from": "MM-DD", "to": "MM-DD"} with real days');
    return { kind: 'dated' };
  }
  return { kind: 'dated', window: { from: window['from'] as string, to: window['to'] as string } };
}

function parseSpecialties(value: unknown, fail: (m: string) => void): Specialty[] {
  const list = Array.isArray(value) ? value : [];
  if (list.length === 0 || !list.every((s) => SPECIALTIES.includes(s as Specialty))) {
    fail(`specialties must be a non-empty list of ${SPECIALTIES.join(', ')}`);
  }
  if (list.includes('any') && list.length > 1) fail('"any" stands alone in specialties');
  return list as Specialty[];
}

function parseHashtags(value: unknown, fail: (m: string) => void): string[] {
  if (!Array.isArray(value) || !value.every((h) => typeof h === 'string' && HASHTAG.test(h))) {
    fail('hashtags must be a list of words without the leading #, e.g. ["AmericanHeartMonth"]');
    return [];
  }
  return value as string[];
}

function parseRequiredVars(value: unknown, fail: (m: string) => void): RequiredVar[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    fail('requiredVars must be a list');
    return undefined;
  }
  const names = new Set<string>();
  return value.map((raw: unknown) => {
    const v = isObject(raw) ? raw : {};
    const name = typeof v['name'] === 'string' ? v['name'] : '';
    if (!CUSTOM_VARIABLE_NAME.test(name)) fail(`requiredVars name "${name}" must be lower snake_case`);
    if (names.has(name)) fail(`requiredVars declares "${name}" twice`);
    names.add(name);
    const type = v['type'] ?? 'text';
    if (type !== 'text' && type !== 'date') fail(`requiredVars "${name}": type must be "text" or "date"`);
    const example = nonEmpty(v['example'], `requiredVars "${name}" example`, fail);
    if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(example))
      fail(`requiredVars "${name}": a date example is YYYY-MM-DD`);
    return {
      name,
      description: nonEmpty(v['description'], `requiredVars "${name}" description`, fail),
      example,
      type: type as RequiredVar['type'],
    };
  });
}

function parseVariants(value: unknown, fail: (m: string) => void): LibraryTemplate['variants'] {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    fail('variants must be an object keyed by network');
    return undefined;
  }
  const variants: NonNullable<LibraryTemplate['variants']> = {};
  for (const [network, text] of Object.entries(value)) {
    if (!isNetwork(network)) fail(`variants: unknown network "${network}"`);
    else if (typeof text !== 'string' || text.trim() === '') fail(`variants.${network} must be non-empty text`);
    else variants[network] = text;
  }
  return variants;
}

function nonEmpty(value: unknown, field: string, fail: (m: string) => void): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  fail(`${field} must be non-empty text`);
  return '';
}

function isMonthDay(value: unknown): boolean {
  const match = typeof value === 'string' ? MONTH_DAY.exec(value) : null;
  if (!match) return false;
  const month = Number(match[1]);
  const day = Number(match[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
