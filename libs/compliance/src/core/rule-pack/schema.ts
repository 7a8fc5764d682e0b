// Shape of the JSON rule packs in config/phi-rules, and the validation that stops a broken pack from loading.
import { CATEGORIES, Category, Severity } from '../types';

export interface RuleDefinition {
  id: string;
  category: Category;
  severity: Severity;
  description: string;
  /** Template; {text}, {subject}, {generic}, {phone_suffix}, {subject_clause} are filled in. */
  message: string;
  suggestion?: string;
}

export interface PhraseList {
  description: string;
  /** Add simple English plurals of each phrase's last word. */
  plurals?: boolean;
  phrases: string[];
}

export interface WordMap {
  description: string;
  entries: Record<string, string[]>;
}

export interface RulePackFile {
  pack: string;
  version: string;
  description: string;
  rules: RuleDefinition[];
  lists: Record<string, PhraseList>;
  maps?: Record<string, WordMap>;
  /**
   * A language pack ("es"): its lists add that language's words to the lists of the same name in the
   * base packs, so every detector reads Spanish with the same structure it reads English.
   */
  language?: string;
}

export interface RuleManifest {
  ruleset: string;
  version: string;
  description: string;
  packs: string[];
}

/** A manifest with its packs, validated, as the checker consumes it. */
export interface RulePack {
  manifest: RuleManifest;
  packs: RulePackFile[];
}

export class RulePackError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid PHI rule pack:\n- ${problems.join('\n- ')}`);
    this.name = 'RulePackError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function requireString(obj: Json, key: string, where: string, problems: string[]): string {
  const value = obj[key];
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push(`${where}: "${key}" must be a non-empty string`);
    return '';
  }
  return value;
}

export function validateManifest(raw: unknown, where: string): RuleManifest {
  const problems: string[] = [];
  if (!isObject(raw)) throw new RulePackError([`${where}: must be a JSON object`]);
  const ruleset = requireString(raw, 'ruleset', where, problems);
  const version = requireString(raw, 'version', where, problems);
  const description = requireString(raw, 'description', where, problems);
  if (!isStringArray(raw.packs) || raw.packs.length === 0) problems.push(`${where}: "packs" must list the pack files`);
  if (problems.length > 0) throw new RulePackError(problems);
  return { ruleset, version, description, packs: raw.packs as string[] };
}

function validateRule(raw: unknown, where: string, problems: string[]): RuleDefinition | undefined {
  if (!isObject(raw)) {
    problems.push(`${where}: each rule must be an object`);
    return undefined;
  }
  const id = requireString(raw, 'id', where, problems);
  const at = `${where} rule "${id}"`;
  const category = raw.category;
  if (typeof category !== 'string' || !(CATEGORIES as readonly string[]).includes(category)) {
    problems.push(`${at}: "category" must be one of ${CATEGORIES.join(', ')}`);
  }
  if (raw.severity !== 'block' && raw.severity !== 'warn') problems.push(`${at}: "severity" must be "block" or "warn"`);
  const description = requireString(raw, 'description', at, problems);
  const message = requireString(raw, 'message', at, problems);
  if (raw.suggestion !== undefined && typeof raw.suggestion !== 'string')
    problems.push(`${at}: "suggestion" must be a string`);
  return {
    id,
    category: category as Category,
    severity: raw.severity as Severity,
    description,
    message,
    suggestion: raw.suggestion as string | undefined,
  };
}

export function validatePackFile(raw: unknown, where: string): RulePackFile {
  const problems: string[] = [];
  if (!isObject(raw)) throw new RulePackError([`${where}: must be a JSON object`]);
  const pack = requireString(raw, 'pack', where, problems);
  const version = requireString(raw, 'version', where, problems);
  const description = requireString(raw, 'description', where, problems);
  const rules: RuleDefinition[] = [];
  if (!Array.isArray(raw.rules)) problems.push(`${where}: "rules" must be an array`);
  else
    for (const r of raw.rules) {
      const rule = validateRule(r, where, problems);
      if (rule) rules.push(rule);
    }
  const lists: Record<string, PhraseList> = {};
  if (!isObject(raw.lists)) problems.push(`${where}: "lists" must be an object`);
  else
    for (const [name, list] of Object.entries(raw.lists)) {
      if (!isObject(list) || !isStringArray(list.phrases) || typeof list.description !== 'string') {
        problems.push(`${where} list "${name}": needs "description" and a "phrases" array of strings`);
        continue;
      }
      if (list.plurals !== undefined && typeof list.plurals !== 'boolean')
        problems.push(`${where} list "${name}": "plurals" must be true or false`);
      lists[name] = { description: list.description, plurals: list.plurals === true, phrases: list.phrases };
    }
  const maps: Record<string, WordMap> = {};
  if (raw.maps !== undefined) {
    if (!isObject(raw.maps)) problems.push(`${where}: "maps" must be an object`);
    else
      for (const [name, map] of Object.entries(raw.maps)) {
        const entries = isObject(map) ? map.entries : undefined;
        if (
          !isObject(map) ||
          typeof map.description !== 'string' ||
          !isObject(entries) ||
          !Object.values(entries).every(isStringArray)
        ) {
          problems.push(`${where} map "${name}": needs "description" and "entries" of string arrays`);
          continue;
        }
        maps[name] = { description: map.description, entries: entries as Record<string, string[]> };
      }
  }
  if (raw.language !== undefined && (typeof raw.language !== 'string' || !/^[a-z]{2}$/.test(raw.language)))
    problems.push(`${where}: "language" must be a two-letter code`);
  if (problems.length > 0) throw new RulePackError(problems);
  const language = typeof raw.language === 'string' ? raw.language : undefined;
  return { pack, version, description, rules, lists, maps, ...(language ? { language } : {}) };
}

/** Cross-pack checks: unique rule ids and list names, and everything the detectors rely on is present. */
export function validateRulePack(
  pack: RulePack,
  requiredRules: readonly string[],
  requiredLists: readonly string[],
): void {
  const problems: string[] = [];
  const ruleIds = new Set<string>();
  const listNames = new Set<string>();
  for (const file of pack.packs) {
    for (const rule of file.rules) {
      if (ruleIds.has(rule.id)) problems.push(`rule "${rule.id}" is defined twice`);
      ruleIds.add(rule.id);
    }
    if (file.language) continue;
    for (const name of Object.keys(file.lists)) {
      if (listNames.has(name)) problems.push(`list "${name}" is defined twice`);
      listNames.add(name);
    }
  }
  // A language pack only extends lists the base packs define.
  for (const file of pack.packs) {
    if (!file.language) continue;
    for (const name of Object.keys(file.lists))
      if (!listNames.has(name)) problems.push(`${file.pack}: list "${name}" extends no list of the base packs`);
  }
  for (const id of requiredRules) if (!ruleIds.has(id)) problems.push(`rule "${id}" is missing (the checker emits it)`);
  for (const name of requiredLists)
    if (!listNames.has(name)) problems.push(`list "${name}" is missing (the checker reads it)`);
  if (problems.length > 0) throw new RulePackError(problems);
}
