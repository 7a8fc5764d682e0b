// Geographic identifiers: street addresses, towns and ZIP codes tied to a patient (never the practice's own).
import { matchesOf } from '../text/matches';
import { isOwnAddress, parseStreetAddress } from '../allowlist';
import { Analysis, careHitsIn, hasHitIn, isClaimed, isThirdPerson, patientsIn, sentenceHas } from '../analysis';
import { addFinding } from '../findings';
import { Span } from '../text/tokens';
import { WordSet } from '../word-facts';
import { patientContext, sentenceOf } from './identifiers';
import { wordInfo } from './words';

const SUFFIX =
  'Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Court|Ct|Boulevard|Blvd|Way|Place|Pl|Parkway|Pkwy|Circle|Cir|Terrace|Ter|Highway|Hwy|Trail|Trl|Square|Sq|Loop|Plaza';
const STREET_ADDRESS = new RegExp(
  `\\b\\d{1,6}\\s+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?\\s+)?(?:[A-Z][\\p{L}'’-]*\\.?\\s+){1,3}?(?:${SUFFIX})\\b\\.?(?:,?\\s+(?:Apt|Apartment|Suite|Ste|Unit|Bldg|Building|#)\\.?\\s*#?\\s*[\\p{L}\\p{N}-]+)?`,
  'gu',
);
const STREET_NAME = new RegExp(`\\b(?:from|on|of|off)\\s+((?:[A-Z][\\p{L}'’-]+\\s+){1,3}(?:${SUFFIX}))\\b`, 'gu');
// Cheap tests (no Unicode classes) that must pass before the address expressions run.
const STREET_SUFFIX_HINT = new RegExp(`\\b(?:${SUFFIX})\\b`);
const NUMBER_THEN_CAPITAL = /\d\s+(?:[NSEW]\.?\s+)?[A-Z]/;
const ZIP = /(?<![\d-])(\d{5})(?:-\d{4})?(?![\d-])/g;
const ZIP_CONTEXT = /(?:\b[A-Z]{2}\.?|\bzip(?:\s*code)?:?|,)\s*$/i;
const PLACE_WORDS = new WordSet(['from', 'of', 'in', 'near']);

function personNearby(a: Analysis, sentence: number): boolean {
  return (
    patientsIn(a, sentence).length > 0 ||
    hasHitIn(a, 'anonymous_patient', sentence) ||
    hasHitIn(a, 'deixis', sentence) ||
    (a.reviewContext && patientContext(a, sentence)) ||
    (sentenceHas(a, sentence, isThirdPerson) && hasHitIn(a, 'care_terms', sentence)) ||
    sentenceHas(a, sentence, (t) => t.base === 'patient')
  );
}

function streetAddresses(a: Analysis): void {
  const suffix = STREET_SUFFIX_HINT.test(a.text);
  if (!suffix) return;
  if (a.digits > 0 && NUMBER_THEN_CAPITAL.test(a.text))
    for (const m of matchesOf(STREET_ADDRESS, a.text)) {
      const span: Span = { start: m.index, end: m.index + m[0].length };
      if (isClaimed(a, span.start, span.end)) continue;
      const parsed = parseStreetAddress(m[0], a.rules);
      if (parsed && isOwnAddress(a.allow, parsed)) continue;
      const sentence = sentenceOf(a, span.start);
      a.claimed.push(span);
      if (personNearby(a, sentence)) addFinding(a, 'geo.street-address-patient', span);
      else if (!hasHitIn(a, 'event_cues', sentence)) addFinding(a, 'geo.street-address', span);
    }
  for (const m of matchesOf(STREET_NAME, a.text)) {
    const start = m.index + m[0].length - m[1].length;
    const span: Span = { start, end: start + m[1].length };
    if (isClaimed(a, span.start, span.end)) continue;
    const words = parseStreetAddress(`1 ${m[1]}`, a.rules);
    if (words && a.allow.streets.has(words.street)) continue;
    if (personNearby(a, sentenceOf(a, start))) addFinding(a, 'geo.place-patient', span);
  }
}

const LARGE_AREAS: ReadonlySet<string | undefined> = new Set(['state', 'country']);

/** Safe Harbor allows states and countries; the practice's own town says nothing about the patient. */
function allowedArea(a: Analysis, words: string): boolean {
  return (
    a.allow.cities.has(words) ||
    LARGE_AREAS.has(a.lexicon.classOf(words)) ||
    LARGE_AREAS.has(a.lexicon.phraseClassOf(words))
  );
}

/** "Rosa from Dripping Springs", "a patient from Orford (pop. 1,200)": a town tied to a patient's care. */
function towns(a: Analysis): void {
  const { tokens } = a;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (!PLACE_WORDS.hasWordOf(a, tokens[i]) || tokens[i].masked) continue;
    const first = i + 1;
    let last = first - 1;
    while (
      last + 1 < tokens.length &&
      last - first < 2 &&
      tokens[last + 1].sentence === tokens[i].sentence &&
      tokens[last + 1].shape === 'title' &&
      tokens[last + 1].gapBefore === ' ' &&
      !tokens[last + 1].masked
    )
      last++;
    if (last < first) continue;
    const run = tokens.slice(first, last + 1);
    const words = run.map((t) => t.base).join(' ');
    if (allowedArea(a, words) || (tokens[i].norm === 'of' && !hasHitIn(a, 'small_place_cues', tokens[i].sentence)))
      continue;
    // A person, practice, staff member or business in that spot is not a town.
    const someone = a.people.find((p) => p.firstToken <= last && p.lastToken >= first);
    if (someone && someone.role !== 'place') continue;
    const townName = run.length > 1 && a.lexicon.isPlaceWord(run[run.length - 1].base);
    if (
      !townName &&
      (run.some((t) => a.words[t.index].inList('org_words') || a.allow.nameWords.has(t.base)) ||
        run.every((t) => wordInfo(a, t).known && !wordInfo(a, t).place))
    )
      continue;
    if (patientWithCare(a, tokens[i].sentence))
      addFinding(a, 'geo.place-patient', { start: run[0].start, end: run[run.length - 1].end });
    i = last;
  }
}

/** A town is identifying when the sentence is about a patient's care, not just any name ("frames from Ray-Ban and Oakley"). */
function patientWithCare(a: Analysis, sentence: number): boolean {
  const care = careHitsIn(a, sentence).length > 0;
  return (
    (care && personNearby(a, sentence)) ||
    hasHitIn(a, 'anonymous_patient', sentence) ||
    sentenceHas(a, sentence, (t) => t.base === 'patient')
  );
}

function zipCodes(a: Analysis): void {
  if (a.digits < 5) return;
  for (const m of matchesOf(ZIP, a.text)) {
    const span: Span = { start: m.index, end: m.index + m[0].length };
    if (isClaimed(a, span.start, span.end) || a.allow.zips.has(m[1])) continue;
    const before = a.text.slice(Math.max(0, span.start - 12), span.start);
    if (!ZIP_CONTEXT.test(before)) continue;
    const restricted = a.rules.values.restricted_zip3.has(m[1].slice(0, 3));
    const patient = personNearby(a, sentenceOf(a, span.start));
    if (patient) addFinding(a, 'geo.zip-patient', span);
    else if (restricted) addFinding(a, 'geo.zip', span);
  }
}

export function detectGeographic(a: Analysis): void {
  streetAddresses(a);
  towns(a);
  zipCodes(a);
}
