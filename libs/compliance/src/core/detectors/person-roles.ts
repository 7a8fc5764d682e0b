// Decides who a named person is: staff, another professional, a business, a place, a mascot, made up, or a possible patient.
import { isStaffName } from '../allowlist';
import {
  Analysis,
  careHitsIn,
  hitAt,
  hitEndingAt,
  hitsOf,
  hitStartingAt,
  PersonMention,
  PersonRole,
  tokenAt,
} from '../analysis';
import { Token } from '../text/tokens';
import { FILLERS, wordInfo } from './words';

const PATIENT_SLOTS: ReadonlySet<string> = new Set(['patient-marker', 'honorific', 'kinship', 'family']);
const APPOSITIVE_OPENERS = new Set(['our', 'the', 'a', 'an', 'my', 'his', 'her', 'their']);
const PLACE_PRECEDERS = new Set(['in', 'from', 'at', 'near', 'of', 'around', 'across']);
const STAFF_INTRO_PRONOUNS = new Set(["he's", "she's", 'he', 'she', "they're", 'they']);

function tokensOf(a: Analysis, m: PersonMention): Token[] {
  return a.tokens.slice(m.firstToken, m.lastToken + 1);
}

const nameTokenCache = new WeakMap<PersonMention, Token[]>();

/** The mention's words without titles ("Dr.", "Mrs.", "Abuela"), computed once per mention. */
function nameTokens(a: Analysis, m: PersonMention): Token[] {
  const cached = nameTokenCache.get(m);
  if (cached) return cached;
  const words = nameTokensUncached(a, m);
  nameTokenCache.set(m, words);
  return words;
}

function nameTokensUncached(a: Analysis, m: PersonMention): Token[] {
  return tokensOf(a, m).filter(
    (t) =>
      !a.normWords[t.index].inList('professional_titles') &&
      !a.normWords[t.index].inList('patient_honorifics') &&
      !a.normWords[t.index].inList('kinship_titles'),
  );
}

/** Characters, observances and famous people ("Like Helen Keller said..."): not patients. */
function isFictionalOrPublic(a: Analysis, m: PersonMention): boolean {
  for (let k = m.firstToken; k <= m.lastToken; k++)
    if (hitAt(a, 'fictional_names', k) || hitAt(a, 'public_figures', k)) return true;
  if (a.lexicon.phraseClassOf(m.key) === 'person') return true;
  if (m.slot !== 'patient-marker' && hitsOf(a, 'celebrity_cues').some((h) => h.sentence === m.sentence)) return true;
  return hitsOf(a, 'quote_cues').some((h) => h.sentence === m.sentence && Math.abs(h.first - m.firstToken) <= 3);
}

function isPracticeName(a: Analysis, m: PersonMention): boolean {
  const words = nameTokens(a, m);
  return words.length > 0 && words.every((t) => a.allow.nameWords.has(t.base));
}

function isOrg(a: Analysis, m: PersonMention): boolean {
  // "Our patient Jae Park": a person the post calls a patient is not a business, whatever the surname.
  if (m.slot === 'patient-marker') return false;
  const words = nameTokens(a, m);
  if (words.slice(1).some((t) => a.words[t.index].inList('org_words'))) return true;
  if (words.every((t) => a.words[t.index].cls === 'org')) return true;
  const next = a.tokens[m.lastToken + 1];
  if (!next || next.sentence !== m.sentence || /[,;:!?.]/.test(next.gapBefore)) return false;
  // "Joe's Pizza", "Hanover Lions Club" — capitalised, unlike "Mateo's insurance card".
  if (next.shape !== 'lower' && hitStartingAt(a, 'org_words', m.lastToken + 1) !== undefined) return true;
  const last = a.tokens[m.lastToken];
  // "Mrs. Garcia's kindergarten class": the one who leads a group.
  if (
    last.possessive &&
    (hitStartingAt(a, 'group_nouns', m.lastToken + 1) || hitStartingAt(a, 'group_nouns', m.lastToken + 2))
  )
    return true;
  // "Rosie's Boutique", "Kelly's Deli": a possessive before a capitalised everyday word names a business.
  if (!last.possessive || next.shape !== 'title' || a.sentences[m.sentence].titleCase) return false;
  const info = wordInfo(a, next);
  return info.known && !info.name && careHitsIn(a, m.sentence).every((h) => h.first !== next.index);
}

function isMascot(a: Analysis, m: PersonMention): boolean {
  const { tokens } = a;
  // "Molar Mike": a mascot word inside a multi-word name.
  if (m.lastToken > m.firstToken)
    for (let k = m.firstToken; k <= m.lastToken; k++) if (a.words[k].inList('mascot_words')) return true;
  // "Sprout the Bear"; an appositive after a comma may run longer: "Coco, Dr. Petrova's rescue pup".
  // An appositive describes the name: ", our office dog", ", Dr. Petrova's rescue pup" — not ", but your tooth".
  const opener = tokens[m.lastToken + 1];
  const appositive =
    opener !== undefined &&
    /,/.test(opener.gapBefore) &&
    (APPOSITIVE_OPENERS.has(opener.norm) ||
      opener.possessive ||
      a.normWords[opener.index].inList('professional_titles'));
  for (let k = m.lastToken + 1; k <= m.lastToken + 6 && k < tokens.length && tokens[k].sentence === m.sentence; k++) {
    if (hitStartingAt(a, 'mascot_words', k)) return true;
    if (k > m.lastToken + 1 && /[,;:!?]/.test(tokens[k].gapBefore)) break;
    if (
      !appositive &&
      !['the', 'our', 'office', 'new', 'lobby', 'is', 'a', 'your', 'friendly'].includes(tokens[k].norm)
    )
      break;
  }
  // "therapy dog, Biscuit".
  const before = hitEndingAt(a, 'mascot_words', m.firstToken - 1) ?? hitEndingAt(a, 'mascot_words', m.firstToken - 2);
  return before !== undefined && before.sentence === m.sentence;
}

const PERSON_SLOTS: ReadonlySet<string> = new Set([
  'salutation',
  'vocative',
  'possessive',
  'honorific',
  'kinship',
  'patient-marker',
  'family',
  'attribution',
]);

function isPlace(a: Analysis, m: PersonMention): boolean {
  const words = nameTokens(a, m);
  const joined = words.map((t) => t.base).join(' ');
  if (a.allow.cities.has(joined) || a.lexicon.phraseClassOf(joined) !== undefined) return true;
  const areaOnly = words.every((t) => {
    const cls = a.words[t.index].cls;
    return cls === 'state' || cls === 'country' || a.allow.cities.has(t.base) || a.words[t.index].addressWord;
  });
  // "Lakeview Blvd", "Elm Street": a street.
  const lastWord = words[words.length - 1]?.base ?? '';
  if (areaOnly || (lastWord.length > 1 && words.length > 1 && a.rules.addressWords.has(lastWord))) return true;
  // "Congrats to Savannah on her braces": where a person sits, a town name is a person's name.
  if (PERSON_SLOTS.has(m.slot)) return false;
  if (words.every((t) => wordInfo(a, t).place)) return !(m.slot === 'subject' && careHitsIn(a, m.sentence).length > 0);
  if (m.slot !== 'none' && m.slot !== 'object') return false;
  const before = tokenAt(a, m.firstToken - 1);
  // "from Houston" is a place even though Houston is also a surname; "a card from Emma" is a person.
  const firstName = words.some((t) => a.words[t.index].cls === 'first' && !a.words[t.index].inList('ambiguous_names'));
  return before !== undefined && before.sentence === m.sentence && PLACE_PRECEDERS.has(before.norm) && !firstName;
}

function isHypothetical(a: Analysis, m: PersonMention): boolean {
  return hitsOf(a, 'hypothetical_markers').some(
    (h) => (h.sentence === m.sentence && h.first < m.firstToken) || h.sentence === m.sentence - 1,
  );
}

function staffByContext(a: Analysis, m: PersonMention): boolean {
  const { tokens } = a;
  // "our newest hygienist, Maria Gomez", "our own Alyssa".
  for (let k = m.firstToken - 1; k >= Math.max(0, m.firstToken - 4) && tokens[k].sentence === m.sentence; k--) {
    if (hitEndingAt(a, 'staff_roles', k) || hitEndingAt(a, 'staff_markers', k)) return true;
    if (!FILLERS.hasWordOf(a, tokens[k])) break;
  }
  // "Grace Miller, our optician", "Carlos Mendez, RN", "Dr. O'Connell joins us".
  for (let k = m.lastToken + 1; k <= m.lastToken + 4 && k < tokens.length && tokens[k].sentence === m.sentence; k++) {
    if (
      hitStartingAt(a, 'credentials', k) &&
      k === m.lastToken + 1 &&
      /,/.test(tokens[k].gapBefore) &&
      tokens[k].shape !== 'lower'
    )
      return true;
    if (hitStartingAt(a, 'staff_roles', k) || hitStartingAt(a, 'staff_markers', k)) return true;
    if (
      !['our', 'the', 'is', 'has', 'was', 'a', 'new', 'newest', 'at', 'will', 'be', 'been', 'now', 'just'].includes(
        tokens[k].norm,
      )
    )
      break;
  }
  // "Meet Hiroshi! He's our newest physical therapist."
  const nextSentence = a.sentences[m.sentence + 1];
  if (nextSentence && STAFF_INTRO_PRONOUNS.has(tokens[nextSentence.firstToken].norm)) {
    const roles = hitsOf(a, 'staff_roles').concat(hitsOf(a, 'staff_markers'));
    if (roles.some((h) => h.sentence === m.sentence + 1 && h.first - nextSentence.firstToken <= 6)) return true;
  }
  return false;
}

/**
 * A sponsor, donor, business or team ("Thank you to Hy-Vee for donating...", "congrats to the Crimson on
 * their championship"), unless the sentence mentions care or calls them a patient.
 */
function isSponsor(a: Analysis, m: PersonMention): boolean {
  if (careHitsIn(a, m.sentence).length > 0 || PATIENT_SLOTS.has(m.slot)) return false;
  return hitsOf(a, 'sponsor_cues').some((h) => h.sentence === m.sentence);
}

/** "Dr. Kim's daughter Lily": family of a staff member or another professional. */
function isStaffFamily(a: Analysis, m: PersonMention): boolean {
  // Staff families are patients too when the post is about their care.
  if (careHitsIn(a, m.sentence).length > 0) return false;
  const kin = tokenAt(a, m.firstToken - 1);
  const owner = tokenAt(a, m.firstToken - 2);
  if (!kin || !owner || kin.sentence !== m.sentence || !a.normWords[kin.index].inList('kin_words') || !owner.possessive)
    return false;
  return a.people.some((p) => p.lastToken === m.firstToken - 2 && (p.role === 'staff' || p.role === 'professional'));
}

/** "Welcome back, Coach Martinez! Your shoulder rehab starts Monday": a titled person addressed about their own care. */
function addressedAboutCare(a: Analysis, m: PersonMention): boolean {
  if (m.slot !== 'salutation' && m.slot !== 'vocative') return false;
  for (const s of [m.sentence, m.sentence + 1]) {
    if (careHitsIn(a, s).some((h) => tokenAt(a, h.first - 1)?.norm === 'your')) return true;
  }
  return false;
}

/** "Thank you Chula Vista and San Diego": a name joined by "and" to a place or business is one too. */
function coordinatedRole(a: Analysis, m: PersonMention): PersonRole | undefined {
  for (const p of a.people) {
    if (p === m || p.sentence !== m.sentence || (p.role !== 'place' && p.role !== 'org')) continue;
    const between =
      p.firstToken > m.lastToken
        ? a.tokens.slice(m.lastToken + 1, p.firstToken)
        : a.tokens.slice(p.lastToken + 1, m.firstToken);
    if (between.length === 1 && ['and', 'or'].includes(between[0].norm)) return p.role;
  }
  return undefined;
}

function roleOf(a: Analysis, m: PersonMention): PersonRole {
  if (isFictionalOrPublic(a, m)) return 'fictional';
  if (isPracticeName(a, m)) return 'org';
  const words = nameTokens(a, m);
  const full = words.map((t) => t.base).filter((w) => w.length > 1);
  const initial = words.find((t) => t.text.length === 1)?.norm;
  // "our patient Carlos" is a patient even if a staff member is also called Carlos.
  const explicitPatient = m.slot === 'patient-marker' && full.length === 1;
  if (!explicitPatient && isStaffName(a.allow.staff, full, initial)) return 'staff';
  if (isOrg(a, m)) return 'org';
  if (isMascot(a, m)) return 'mascot';
  if (m.role !== 'professional' && isPlace(a, m)) return 'place';
  if (isHypothetical(a, m)) return 'hypothetical';
  if (m.role === 'professional')
    return m.slot === 'patient-marker' || addressedAboutCare(a, m) ? 'patient' : 'professional';
  if (staffByContext(a, m) || isStaffFamily(a, m)) return 'staff';
  if (isSponsor(a, m)) return 'org';
  return 'patient';
}

/** The same person is the same role everywhere in the post ("Imagine Sam..." then "Sam's blood pressure"). */
function propagate(a: Analysis): void {
  const settled = new Map<string, PersonRole>();
  for (const m of a.people) {
    if (m.role === 'patient' || m.key === '') continue;
    for (const word of m.key.split(' ')) if (!settled.has(word)) settled.set(word, m.role);
    settled.set(m.key, m.role);
  }
  const multiWordPatients = a.people.filter((m) => m.role === 'patient' && m.key.includes(' '));
  for (const m of a.people) {
    if (m.role === 'patient') {
      const role = settled.get(m.key) ?? (m.key.includes(' ') ? undefined : settled.get(m.key));
      // A patient explicitly called one ("our patient Dr. Russo") stays one.
      if (role && m.slot !== 'patient-marker') m.role = role;
    } else if (m.role === 'staff' && !m.key.includes(' ')) {
      // "Sarah" matched staff by first name, but "Sarah Johnson" elsewhere in the post is not staff.
      if (multiWordPatients.some((p) => p.key.split(' ')[0] === m.key)) m.role = 'patient';
    }
  }
}

export function classifyRoles(a: Analysis): void {
  if (a.people.length === 0) return;
  for (const m of a.people) m.role = roleOf(a, m);
  if (a.people.length > 1) {
    for (const m of a.people) if (m.role === 'patient') m.role = coordinatedRole(a, m) ?? m.role;
    propagate(a);
  }
}
