// Safe Harbor identifiers with a recognisable format: phones, faxes, emails, SSNs, labelled numbers, URLs, IPs.
import { matchesOf } from '../text/matches';
import { hostOf, isOwnEmail, isOwnHost, normaliseHandle, normalisePhone, PracticeAllowlist } from '../allowlist';
import {
  Analysis,
  careHitsIn,
  establishedPatientsIn,
  HandleMention,
  hasHitIn,
  isClaimed,
  isSecondPerson,
  sentenceHas,
  sentenceOf,
} from '../analysis';
import { addFinding } from '../findings';
import { CompiledRules, LabelListName, RuleId } from '../rule-pack/compile';
import { Span } from '../text/tokens';

export interface LinkMention extends Span {
  text: string;
  kind: 'email' | 'url';
  own: boolean;
  /** For URLs: the site hosts one person's page (profile, fundraiser, memorial). */
  personal: boolean;
}

export interface Masks {
  masks: Span[];
  handles: HandleMention[];
  links: LinkMention[];
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL =
  /\b(?:https?:\/\/|www\.)[^\s<>"“”]+|\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|io|co|us|health|care|me|app|info|biz|ly|dental|clinic)\b(?:\/[^\s<>"“”]*)?/gi;
const URL_HINT = /https?:|www\.|\.(?:com|org|net|gov|edu|io|co|us|health|care|me|app|info|biz|ly|dental|clinic)\b/i;
const HANDLE = /(?<![\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)/g;
const TRAILING_PUNCTUATION = /[.,!?;:)\]'’]+$/;
const SINGULAR_PERSON = new Set(['he', 'she', 'him', 'her', 'his', "he's", "she's"]);

function overlaps(spans: readonly Span[], start: number, end: number): boolean {
  return spans.some((s) => start < s.end && end > s.start);
}

function isPersonalUrl(host: string, path: string, rules: CompiledRules): boolean {
  for (const site of rules.values.person_url_hosts) {
    const [siteHost, ...sitePath] = site.split('/');
    if (host !== siteHost && !host.endsWith(`.${siteHost}`)) continue;
    const wanted = sitePath.join('/');
    // A bare site link ("facebook.com") is the network itself; a path is somebody's page.
    if (path.replace(/^\/+/, '') === '') return false;
    return wanted === '' || path.replace(/^\/+/, '').startsWith(wanted);
  }
  return false;
}

/** Emails, URLs and @handles, found before tokenising so their words are not read as names. */
export function findLinks(text: string, rules: CompiledRules, allow: PracticeAllowlist): Masks {
  const links: LinkMention[] = [];
  const masks: Span[] = [];
  const hasAt = text.includes('@');
  if (hasAt)
    for (const m of matchesOf(EMAIL, text)) {
      const start = m.index;
      const end = start + m[0].length;
      links.push({ start, end, text: m[0], kind: 'email', own: isOwnEmail(allow, m[0]), personal: true });
      masks.push({ start, end });
    }
  if (URL_HINT.test(text))
    for (const m of matchesOf(URL, text)) {
      const raw = m[0].replace(TRAILING_PUNCTUATION, '');
      const start = m.index;
      const end = start + raw.length;
      if (overlaps(masks, start, end) || text[start - 1] === '@') continue;
      const host = hostOf(raw) ?? '';
      const path = raw.replace(/^[a-z]+:\/\//i, '').slice(raw.replace(/^[a-z]+:\/\//i, '').split(/[/?#]/)[0].length);
      links.push({
        start,
        end,
        text: raw,
        kind: 'url',
        own: isOwnHost(allow, host),
        personal: isPersonalUrl(host, path, rules),
      });
      masks.push({ start, end });
    }
  const handles: HandleMention[] = [];
  if (hasAt)
    for (const m of matchesOf(HANDLE, text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(masks, start, end)) continue;
      handles.push({ start, end, text: m[0], handle: m[1], own: allow.handles.has(normaliseHandle(m[1])) });
      masks.push({ start, end });
    }
  return { masks, handles, links };
}

/** Is a patient, their care or an account in this sentence (so an identifier here belongs to them)? */
export function patientContext(a: Analysis, sentence: number): boolean {
  if (establishedPatientsIn(a, sentence).length > 0) return true;
  if (a.handles.some((h) => !h.own && sentenceOf(a, h.start) === sentence)) return true;
  if (hasHitIn(a, 'anonymous_patient', sentence) || hasHitIn(a, 'deixis', sentence)) return true;
  // Care words alone ("rides to appointments") don't make a number personal; care said to or about someone does.
  if (
    careHitsIn(a, sentence).length > 0 &&
    sentenceHas(a, sentence, (t) => isSecondPerson(t) || SINGULAR_PERSON.has(t.norm) || t.base === 'patient')
  )
    return true;
  return a.reviewContext && sentenceHas(a, sentence, isSecondPerson);
}

export { sentenceOf };

/**
 * An organisation's number or address: the name just before it in the sentence is a business, hotline or
 * supplier ("Desert Bloom Doulas (520) 555-0163", "call Alpine Signs at ..."), or the mailbox is a role
 * (referrals@, orders@: RFC 2142's kind), not a person's. Such an identifier stays a warning: it is not a
 * patient's, whatever care words share its sentence.
 */
function organisationOwned(a: Analysis, start: number, email?: string): boolean {
  if (email !== undefined) {
    const local = email.split('@')[0].toLowerCase().replace(/\+.*$/, '').replace(/[._-]/g, '');
    if (a.rules.values.role_mailboxes.has(local)) return true;
  }
  return organisationNameBefore(a, start);
}

/**
 * "Desert Bloom Doulas (520) ...", "call Alpine Signs at ...", "Valley Medical Supply carries most brands: ...":
 * the nearest capitalised words before the identifier, in its sentence and a few small words away, name a
 * business (a word of org_words after the first, as "Rosa's Bakery").
 */
function organisationNameBefore(a: Analysis, start: number): boolean {
  let i = a.tokens.length - 1;
  while (i >= 0 && a.tokens[i].end > start) i--;
  if (i < 0) return false;
  const sentence = a.tokens[i].sentence;
  if (sentence !== sentenceOf(a, start) || start - a.tokens[i].end > ORG_REACH) return false;
  let skipped = 0;
  while (i >= 0 && a.tokens[i].sentence === sentence && (a.tokens[i].shape === 'lower' || a.tokens[i].masked)) {
    if (++skipped > ORG_GAP_WORDS) return false;
    i--;
  }
  const name: number[] = [];
  while (i >= 0 && a.tokens[i].sentence === sentence && a.tokens[i].alpha && a.tokens[i].shape !== 'lower')
    name.unshift(a.tokens[i--].index);
  return name.length >= 2 && name.slice(1).some((t) => a.words[t].inList('org_words'));
}

/** Small words allowed between a business's name and its number ("call Alpine Signs at", "carries most brands:"). */
const ORG_GAP_WORDS = 4;

/** How far (characters) an organisation's name reaches to the number after it: "X Supply carries most brands: ". */
const ORG_REACH = 40;

function nearPatient(a: Analysis, offset: number): boolean {
  const s = sentenceOf(a, offset);
  return (
    patientContext(a, s) || establishedPatientsIn(a, s - 1).length > 0 || establishedPatientsIn(a, s + 1).length > 0
  );
}

const SSN = /(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])/g;
const SSN_LABELLED = /\b(?:ssn|social security(?:\s+(?:number|no\.?|#))?)\s*[:#]?\s*(\d{3}[\s-]?\d{2}[\s-]?\d{4})\b/gi;
const PHONE = /(?<![\w+$#-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?![\w-])/g;
const IPV4 = /(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\w.])/g;
/** A USCIS alien registration number (A-number), "A-212-448-907" or "A212448907": the immigrant's own record number. */
const A_NUMBER = /(?<![\w-])A-?\d{3}-?\d{3}-?\d{2,3}(?![\w-])/g;
const VIN = /\b(?=[A-HJ-NPR-Z0-9]*\d)(?=[A-HJ-NPR-Z0-9]*[A-HJ-NPR-Z])[A-HJ-NPR-Z0-9]{17}\b/g;

const LABELLED: ReadonlyArray<[LabelListName, RuleId]> = [
  ['record_number_labels', 'id.record-number'],
  ['health_plan_labels', 'id.health-plan-number'],
  ['account_labels', 'id.account-number'],
  ['license_labels', 'id.license-number'],
  ['vehicle_labels', 'id.vehicle'],
  ['device_labels', 'id.device'],
];

function claim(a: Analysis, ruleId: RuleId, span: Span): void {
  addFinding(a, ruleId, span);
  a.claimed.push(span);
}

/** Is there a run of letters, digits and hyphens with three digits in it (the shape of every identifier here)? */
function hasIdentifierShape(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits >= 3) return true;
    } else if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45)) digits = 0;
  }
  return false;
}

function detectNumbers(a: Analysis): void {
  const { text } = a;
  // Every labelled identifier, SSN and VIN has at least three digits in one run.
  if (a.digits < 3 || !hasIdentifierShape(text)) return;
  for (const m of matchesOf(SSN_LABELLED, text)) {
    const start = m.index + m[0].indexOf(m[1]);
    claim(a, 'id.ssn', { start, end: start + m[1].length });
  }
  for (const m of matchesOf(SSN, text))
    if (!isClaimed(a, m.index, m.index + m[0].length))
      claim(a, 'id.ssn', { start: m.index, end: m.index + m[0].length });
  for (const [list, ruleId] of LABELLED) {
    if (!a.rules.labelHints[list].test(text)) continue;
    const regex = a.rules.labels[list];
    regex.lastIndex = 0;
    for (const m of matchesOf(regex, text)) {
      const start = m.index + m[0].length - m[1].length;
      const end = start + m[1].length;
      if (isClaimed(a, start, end)) continue;
      // "Card ending 4417" is four digits; anything else that short is a count, not an identifier.
      if (m[1].replace(/\D/g, '').length < 4 && list !== 'vehicle_labels') continue;
      if (list === 'vehicle_labels' && !/[A-Za-z]/.test(m[1]) && m[1].length < 6) continue;
      if (normalisePhone(m[1]) && a.allow.phones.has(normalisePhone(m[1]) ?? '')) continue;
      claim(a, ruleId, { start, end });
    }
  }
  for (const m of matchesOf(A_NUMBER, text))
    if (!isClaimed(a, m.index, m.index + m[0].length))
      claim(a, 'id.record-number', { start: m.index, end: m.index + m[0].length });
  if (a.digits >= 2)
    for (const m of matchesOf(VIN, text))
      if (!isClaimed(a, m.index, m.index + 17)) claim(a, 'id.vehicle', { start: m.index, end: m.index + 17 });
}

function detectPhones(a: Analysis): void {
  if (a.digits < 10) return;
  for (const m of matchesOf(PHONE, a.text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (isClaimed(a, start, end)) continue;
    const digits = normalisePhone(m[0]);
    if (!digits || a.allow.phones.has(digits)) continue;
    if (a.rules.values.toll_free_prefixes.has(digits.slice(0, 3))) continue;
    const isFax = a.rules.faxNearby.test(a.text.slice(Math.max(0, start - 50), start));
    const withPatient = !organisationOwned(a, start) && nearPatient(a, start);
    const ruleId: RuleId = isFax
      ? withPatient
        ? 'id.fax-patient'
        : 'id.fax'
      : withPatient
        ? 'id.phone-patient'
        : 'id.phone';
    claim(a, ruleId, { start, end });
  }
}

function detectLinks(a: Analysis, links: readonly LinkMention[]): void {
  for (const link of links) {
    if (link.own) continue;
    if (link.kind === 'email') {
      const withPatient = !organisationOwned(a, link.start, link.text) && nearPatient(a, link.start);
      addFinding(a, withPatient ? 'id.email-patient' : 'id.email', link);
    } else if (link.personal) {
      addFinding(a, nearPatient(a, link.start) ? 'id.url-person-patient' : 'id.url-person', link);
    }
  }
  if (a.digits < 4 || !a.text.includes('.')) return;
  for (const m of matchesOf(IPV4, a.text)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (isClaimed(a, span.start, span.end)) continue;
    claim(a, nearPatient(a, span.start) ? 'id.ip-patient' : 'id.ip', span);
  }
}

export function detectIdentifiers(a: Analysis, links: readonly LinkMention[]): void {
  detectNumbers(a);
  detectPhones(a);
  detectLinks(a, links);
}
