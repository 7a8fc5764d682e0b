// The practice's own details (profile), normalised so any formatting of its phone, address or staff names matches.
import { CompiledRules } from './rule-pack/compile';
import { tokenize } from './text/tokens';
import { PracticeProfile } from './types';

export interface StreetAddress {
  number: string;
  /** Canonical street words without direction words: "oak street", "maple avenue". */
  street: string;
}

export interface PracticeAllowlist {
  phones: ReadonlySet<string>;
  domains: readonly string[];
  emails: ReadonlySet<string>;
  handles: ReadonlySet<string>;
  addresses: readonly StreetAddress[];
  /** Canonical street names alone, for "our Oak Street office". */
  streets: ReadonlySet<string>;
  zips: ReadonlySet<string>;
  /** City words of the practice's addresses, lower case ("springfield", "maple grove"). */
  cities: ReadonlySet<string>;
  /** Lower-case words of the practice's name ("brightsmile", "family", "dentistry"). */
  nameWords: ReadonlySet<string>;
  staff: StaffDirectory;
  /** The first phone number as written in the profile, for suggestions. */
  displayPhone?: string;
}

export interface StaffDirectory {
  /** Each staff member's first name and surname (lower case). */
  members: ReadonlyArray<{ first: string; last?: string }>;
  fullNames: ReadonlySet<string>;
  firstNames: ReadonlyMap<string, number>;
  lastNames: ReadonlyMap<string, number>;
}

/** Ten digits of a North American number, whatever the formatting ("+1 (555) 123-4567" → "5551234567"). */
export function normalisePhone(text: string): string | undefined {
  const digits = text.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return digits.slice(1);
  if (digits.length === 10) return digits;
  return undefined;
}

export function hostOf(urlOrDomain: string): string | undefined {
  const trimmed = urlOrDomain.trim().toLowerCase();
  if (trimmed === '') return undefined;
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const host = withoutScheme.split(/[/?#:]/)[0];
  return host.replace(/^www\./, '') || undefined;
}

export function isOwnHost(allow: PracticeAllowlist, host: string): boolean {
  const h = host.toLowerCase().replace(/^www\./, '');
  return allow.domains.some((d) => h === d || h.endsWith(`.${d}`));
}

export function isOwnEmail(allow: PracticeAllowlist, email: string): boolean {
  const lower = email.toLowerCase();
  if (allow.emails.has(lower)) return true;
  const domain = lower.split('@')[1] ?? '';
  return isOwnHost(allow, domain);
}

export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** Lower-case canonical address words: "Ste." → "suite", "N" → "north". */
export function addressWords(text: string, rules: CompiledRules): string[] {
  return tokenize(text).tokens.map((t) => rules.addressWords.get(t.norm) ?? t.norm);
}

const TITLE_LISTS = new Set(['professional_titles', 'patient_honorifics', 'staff_roles']);
const DIRECTIONS = new Set(['north', 'south', 'east', 'west', 'northeast', 'northwest', 'southeast', 'southwest']);
const UNIT_WORDS = new Set(['suite', 'unit', 'apartment', 'building', 'floor', 'room', 'number']);

const parsedAddresses = new WeakMap<CompiledRules, Map<string, StreetAddress | undefined>>();

/** "1420 Oak St, Ste 200" → { number: "1420", street: "oak street" }. */
export function parseStreetAddress(text: string, rules: CompiledRules): StreetAddress | undefined {
  let memo = parsedAddresses.get(rules);
  if (!memo) {
    memo = new Map();
    parsedAddresses.set(rules, memo);
  }
  if (memo.has(text)) return memo.get(text);
  const parsed = parseStreetAddressUncached(text, rules);
  if (memo.size > 10_000) memo.clear();
  memo.set(text, parsed);
  return parsed;
}

function parseStreetAddressUncached(text: string, rules: CompiledRules): StreetAddress | undefined {
  const words = addressWords(text.split(',')[0] ?? '', rules);
  const numberAt = words.findIndex((w) => /^\d+[a-z]?$/.test(w));
  if (numberAt < 0) return undefined;
  const street = words.slice(numberAt + 1).filter((w) => !DIRECTIONS.has(w));
  const unitAt = street.findIndex((w) => UNIT_WORDS.has(w));
  const core = unitAt >= 0 ? street.slice(0, unitAt) : street;
  if (core.length === 0) return undefined;
  return { number: words[numberAt], street: core.join(' ') };
}

export function isOwnAddress(allow: PracticeAllowlist, found: StreetAddress): boolean {
  return allow.addresses.some(
    (a) =>
      a.number === found.number &&
      (a.street === found.street || a.street.endsWith(` ${found.street}`) || found.street.endsWith(` ${a.street}`)),
  );
}

function parseStaff(entries: readonly string[], rules: CompiledRules): StaffDirectory {
  const members: Array<{ first: string; last?: string }> = [];
  const fullNames = new Set<string>();
  const firstNames = new Map<string, number>();
  const lastNames = new Map<string, number>();
  const isTitle = (w: string): boolean =>
    rules.phrases.hasWord('professional_titles', w) ||
    rules.phrases.hasWord('patient_honorifics', w) ||
    rules.phrases.hasWord('staff_roles', w);
  for (const entry of entries) {
    // Credentials follow the first comma ("Linda Hsu, NP"); titles lead ("Dr.", "Nurse Practitioner").
    const tokens = tokenize(entry.split(',')[0] ?? '').tokens;
    const words = tokens.map((t) => t.norm);
    const titleEnds = rules.phrases.scan(tokens).filter((h) => TITLE_LISTS.has(h.list));
    let first = 0;
    for (;;) {
      const title = titleEnds
        .filter((h) => h.first === first && h.last < words.length - 1)
        .sort((x, y) => y.last - x.last)[0];
      if (title) first = title.last + 1;
      else if (first < words.length - 1 && isTitle(words[first])) first++;
      else break;
    }
    let last = words.length - 1;
    while (last > first && rules.phrases.hasWord('credentials', words[last])) last--;
    const name = words.slice(first, last + 1);
    if (name.length === 0) continue;
    fullNames.add(name.join(' '));
    members.push({ first: name[0], last: name.length > 1 ? name[name.length - 1] : undefined });
    firstNames.set(name[0], (firstNames.get(name[0]) ?? 0) + 1);
    if (name.length > 1) {
      const surname = name[name.length - 1];
      lastNames.set(surname, (lastNames.get(surname) ?? 0) + 1);
      fullNames.add(`${name[0]} ${surname}`);
    }
  }
  return { members, fullNames, firstNames, lastNames };
}

/**
 * Is this name (lower-case words, titles removed) one of the staff? A full name must match; a first
 * name or surname alone matches when only one staff member has it ("Sarah" for Dr. Sarah Lee).
 */
export function isStaffName(staff: StaffDirectory, words: readonly string[], surnameInitial?: string): boolean {
  if (words.length === 0) return false;
  // "Carlos R." is not Carlos Mendez.
  if (surnameInitial && words.length === 1)
    return staff.members.some((s) => s.first === words[0] && s.last?.startsWith(surnameInitial));
  if (staff.fullNames.has(words.join(' '))) return true;
  if (words.length >= 2) return staff.fullNames.has(`${words[0]} ${words[words.length - 1]}`);
  const only = words[0];
  return staff.firstNames.get(only) === 1 || staff.lastNames.get(only) === 1;
}

function parseCityAndZip(address: string, zips: Set<string>, cities: Set<string>): void {
  const parts = address
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  for (const m of address.matchAll(/\b(\d{5})(?:-\d{4})?\b/g)) zips.add(m[1]);
  // "…, Springfield, IL 62704": the part before the state/ZIP part is the city.
  const stateAt = parts.findIndex((p) => /^[A-Za-z]{2}\.?(\s+\d{5}(-\d{4})?)?$/.test(p) || /^\d{5}/.test(p));
  const city =
    stateAt > 0
      ? parts[stateAt - 1]
      : parts.length >= 2
        ? parts[parts.length - 1].replace(/\s+[A-Z]{2}\s+\d{5}.*$/, '')
        : undefined;
  if (city && !/\d/.test(city)) cities.add(city.toLowerCase().replace(/\./g, ''));
}

/** A site's own name written before its street ("Travis High School Clinic, Room B-112, 400 Mustang Way"). */
function siteNameOf(address: string): string | undefined {
  const first = address.split(',')[0].trim();
  return first && !/\d/.test(first) && first !== address.trim() ? first : undefined;
}

export function buildAllowlist(profile: PracticeProfile, rules: CompiledRules): PracticeAllowlist {
  const phones = new Set<string>();
  for (const p of profile.phones ?? []) {
    const n = normalisePhone(p);
    if (n) phones.add(n);
  }
  const domains: string[] = [];
  const websiteHost = profile.website ? hostOf(profile.website) : undefined;
  if (websiteHost) domains.push(websiteHost);
  const emails = new Set((profile.emails ?? []).map((e) => e.trim().toLowerCase()));
  const addresses: StreetAddress[] = [];
  const streets = new Set<string>();
  const zips = new Set<string>();
  const cities = new Set<string>();
  for (const a of profile.addresses ?? []) {
    const parsed = parseStreetAddress(a, rules);
    if (parsed) {
      addresses.push(parsed);
      streets.add(parsed.street);
    }
    parseCityAndZip(a, zips, cities);
  }
  // The practice's name and its sites' names ("Benavides Elementary Clinic, 915 Pecan St, ..."): "Benavides" alone
  // is where care happens, not a patient's surname.
  const nameWords = new Set(tokenize(profile.name ?? '').tokens.map((t) => t.norm));
  for (const site of (profile.addresses ?? []).map(siteNameOf))
    if (site) for (const t of tokenize(site).tokens) nameWords.add(t.norm);
  return {
    phones,
    domains,
    emails,
    handles: new Set((profile.handles ?? []).map(normaliseHandle)),
    addresses,
    streets,
    zips,
    cities,
    nameWords,
    staff: parseStaff(profile.staff ?? [], rules),
    displayPhone: profile.phones?.[0],
  };
}
