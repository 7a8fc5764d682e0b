// Reading the labelled corpus and practice profiles used by phi:eval, bench:phi and their specs.
//
// test/fixtures/phi/ holds two parts:
//   corpus.jsonl + tuned/*.jsonl  the part rule authors read and tune on (profiles: practice-<key>.json next to them);
//   blind/*.jsonl                 written by people who never saw the rules, and read by no rule author:
//                                 phi:eval prints only its aggregate figures, never its texts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CATEGORIES, Category, PracticeProfile, Verdict } from '@app/compliance';

export const FIXTURES_DIR = resolve(__dirname, '..', '..', 'test', 'fixtures', 'phi');
export const CORPUS_FILE = join(FIXTURES_DIR, 'corpus.jsonl');
export const TUNED_DIR = join(FIXTURES_DIR, 'tuned');
export const BLIND_DIR = join(FIXTURES_DIR, 'blind');

export type Split = 'tuned' | 'blind';
export type ItemKind = 'post' | 'reply';

export interface CorpusItem {
  id: string;
  text: string;
  label: Verdict;
  categories: Category[];
  practice: string;
  kind: ItemKind;
  /** The review or comment a reply answers. */
  context?: string;
  lang: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const VERDICTS: readonly string[] = ['pass', 'warn', 'block'];

export function parseCorpus(content: string, source: string): CorpusItem[] {
  const items: CorpusItem[] = [];
  content.split('\n').forEach((line, n) => {
    if (line.trim() === '') return;
    const raw: unknown = JSON.parse(line);
    const where = `${source}:${n + 1}`;
    if (!isObject(raw)) throw new Error(`${where}: not a JSON object`);
    const { id, text, label, categories, practice, kind, context, lang } = raw;
    if (typeof id !== 'string' || typeof text !== 'string' || typeof practice !== 'string')
      throw new Error(`${where}: id, text and practice must be strings`);
    if (typeof label !== 'string' || !VERDICTS.includes(label))
      throw new Error(`${where}: label must be pass, warn or block`);
    if (
      !Array.isArray(categories) ||
      !categories.every((c) => typeof c === 'string' && (CATEGORIES as readonly string[]).includes(c))
    ) {
      throw new Error(`${where}: categories must be known category names`);
    }
    if (context !== undefined && typeof context !== 'string') throw new Error(`${where}: context must be a string`);
    // Replies to reviews in the first corpus are marked by their category only.
    const isReply = kind === 'reply' || kind === 'review_reply' || context !== undefined;
    items.push({
      id,
      text,
      label: label as Verdict,
      categories: categories as Category[],
      practice,
      kind: isReply ? 'reply' : 'post',
      context: typeof context === 'string' ? context : undefined,
      lang: typeof lang === 'string' ? lang : 'en',
    });
  });
  return items;
}

function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => join(dir, f));
}

export interface CorpusPart {
  split: Split;
  items: CorpusItem[];
  profileOf: (key: string) => PracticeProfile;
}

/** The tuned part: the first corpus and tuned/*.jsonl, profiles looked up in both folders. */
export function loadTunedPart(): CorpusPart {
  const items = [...loadCorpus(CORPUS_FILE), ...jsonlFiles(TUNED_DIR).flatMap((f) => loadCorpus(f))];
  const top = profileLoader(FIXTURES_DIR);
  const tuned = profileLoader(TUNED_DIR);
  return {
    split: 'tuned',
    items,
    profileOf: (key) => (existsSync(join(TUNED_DIR, `practice-${key}.json`)) ? tuned(key) : top(key)),
  };
}

/** The blind part. Callers must print only aggregate figures from it. */
export function loadBlindPart(): CorpusPart {
  return {
    split: 'blind',
    items: jsonlFiles(BLIND_DIR).flatMap((f) => loadCorpus(f)),
    profileOf: profileLoader(BLIND_DIR),
  };
}

export function loadCorpus(file: string = CORPUS_FILE): CorpusItem[] {
  return parseCorpus(readFileSync(file, 'utf8'), file);
}

function stringArray(v: unknown, field: string, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new Error(`${where}: "${field}" must be an array of strings`);
  return v as string[];
}

/** Validates a practice profile read from JSON. */
export function parseProfile(raw: unknown, where: string): PracticeProfile {
  if (!isObject(raw)) throw new Error(`${where}: a practice profile must be a JSON object`);
  const name = raw.name;
  if (typeof name !== 'string') throw new Error(`${where}: "name" must be a string`);
  const optionalString = (field: string): string | undefined => {
    const v = raw[field];
    if (v !== undefined && typeof v !== 'string') throw new Error(`${where}: "${field}" must be a string`);
    return v as string | undefined;
  };
  return {
    name,
    website: optionalString('website'),
    timezone: optionalString('timezone'),
    addresses: stringArray(raw.addresses, 'addresses', where),
    phones: stringArray(raw.phones, 'phones', where),
    emails: stringArray(raw.emails, 'emails', where),
    staff: stringArray(raw.staff, 'staff', where),
    handles: stringArray(raw.handles, 'handles', where),
  };
}

export function loadProfileFile(file: string): PracticeProfile {
  return parseProfile(JSON.parse(readFileSync(file, 'utf8')) as unknown, file);
}

/** Profiles by corpus key: test/fixtures/phi/practice-<key>.json. */
export function profileLoader(dir: string = FIXTURES_DIR): (key: string) => PracticeProfile {
  const cache = new Map<string, PracticeProfile>();
  return (key) => {
    let profile = cache.get(key);
    if (!profile) {
      profile = loadProfileFile(join(dir, `practice-${key}.json`));
      cache.set(key, profile);
    }
    return profile;
  };
}
