// Finds people's names: capitalised word runs and lower-case names after "thanks", with the slot each one sits in.
import {
  Analysis,
  careHitsIn,
  hasHitIn,
  hitEndingAt,
  hitsOf,
  hitStartingAt,
  indexPatients,
  PersonSlot,
  sentenceHas,
  tokenAt,
} from '../analysis';
import { taggerSaysPerson } from '../lexicon';
import { languageOf } from '../structure/language';
import { Span, Token } from '../text/tokens';
import { WordSet } from '../word-facts';
import { classifyRoles } from './person-roles';
import {
  FILLERS,
  isAlphabetic,
  isCapitalised,
  OBJECT_PRECEDERS,
  PAST_TENSE_CARE_VERBS,
  VOCATIVE_FOLLOWERS,
  wordInfo,
} from './words';

type Prefix = 'patient' | 'professional' | 'kinship' | undefined;

interface Candidate {
  first: number;
  last: number;
  /** Index of the first name word (after any title). */
  nameStart: number;
  prefix: Prefix;
  /** Any word is a name compromise knows. */
  knownName: boolean;
  /** Any word is both a name and an everyday word. */
  ambiguous: boolean;
  /** Every word is only a plain noun to compromise ("Maya"): kept only where a name is expected. */
  commonOnly: boolean;
}

const MAX_NAME_WORDS = 4;
const ADDRESS_WORDS = new Set([
  'you',
  'thanks',
  'thank',
  'sorry',
  'hi',
  'hello',
  'hey',
  'congrats',
  'congratulations',
  'welcome',
  'yes',
  'no',
  'ok',
  'okay',
  'well',
  'again',
  'friend',
]);
const PLACE_PREPOSITIONS = new Set(['from', 'in', 'at', 'near', 'around']);
const SINGULAR_PERSON = new Set(['he', 'she', 'him', 'her', 'his', "he's", "she's"]);

const SPANISH_ONLY_TITLES = new Set(['don', 'dona', 'doña']);

function prefixOf(a: Analysis, t: Token): Prefix {
  if (t.masked || !t.alpha) return undefined;
  const lists = a.normWords[t.index].lists;
  if (!lists) return undefined;
  // "Don" and "Sr" are titles in a Spanish sentence; "don your mask" is English.
  if (lists.has('patient_honorifics'))
    return SPANISH_ONLY_TITLES.has(t.norm) && languageOf(a, t.sentence) !== 'es' ? undefined : 'patient';
  if (!isCapitalised(a, t)) return undefined;
  if (lists.has('professional_titles')) return 'professional';
  if (lists.has('kinship_titles')) return 'kinship';
  return undefined;
}

/** Can token i continue (or start, after a title) a name? */
function nameWord(a: Analysis, i: number, afterTitle: boolean): boolean {
  const t = a.tokens[i];
  // A hashtag is read whole by the structural rules (#TeamLiam), never as a name in the sentence (#SmileBright).
  // (Most gaps are one space: asking that first spares a call to endsWith per word.)
  if (!t || t.masked || !isAlphabetic(t) || (t.gapBefore !== ' ' && t.gapBefore.endsWith('#'))) return false;
  // "mrs. hughes" in a lower-case post; but "we'll miss you" is not a title.
  if (t.shape === 'lower') {
    const title = tokenAt(a, i - 1);
    return (
      afterTitle &&
      title !== undefined &&
      title.norm !== 'miss' &&
      a.normWords[title.index].inList('patient_honorifics') &&
      !wordInfo(a, t).known
    );
  }
  if (!isCapitalised(a, t)) return t.shape === 'upper' && wordInfo(a, t).name;
  if (afterTitle) return true;
  // "Major props to...", "Happy birthday...": the opening word of a greeting is not a name.
  if (hitStartingAt(a, 'salutations', i)) return false;
  const info = wordInfo(a, t);
  // In a shouted sentence every word is in capitals: only names compromise knows count.
  if (t.shape === 'upper') return info.name;
  // Towns that are also first names ("Savannah", "Guadalupe"); their role is settled later by where they sit.
  const facts = a.words[i];
  const town = facts.cls === 'place' && !a.allow.cities.has(t.base) && !facts.addressWord;
  return info.name || info.ambiguous || !info.known || info.plainNoun || town;
}

function openerWord(a: Analysis, t: Token): boolean {
  const info = wordInfo(a, t);
  return !info.name && (info.plainNoun || info.known || a.words[t.index].cls === 'word');
}

/** Only spaces between two name words, or a hyphen ("Al-Sayed"), or the period of an initial. */
function joinable(a: Analysis, i: number): boolean {
  const gap = a.tokens[i].gapBefore;
  if (gap === ' ' || gap === '-' || gap === '‑') return true;
  const prev = a.tokens[i - 1];
  return /^\.\s$/.test(gap) && prev.end - prev.start === 1 && prev.shape === 'title';
}

function buildCandidates(a: Analysis): Candidate[] {
  const out: Candidate[] = [];
  const { tokens } = a;
  for (let i = 0; i < tokens.length; i++) {
    const prefix = prefixOf(a, tokens[i]);
    const afterTitle =
      prefix !== undefined &&
      i + 1 < tokens.length &&
      tokens[i + 1].sentence === tokens[i].sentence &&
      /^\.?\s+$/.test(tokens[i + 1].gapBefore);
    const nameStart = afterTitle ? i + 1 : i;
    if (!nameWord(a, nameStart, afterTitle)) continue;
    let last = nameStart;
    while (last - nameStart + 1 < MAX_NAME_WORDS && !tokens[last].possessive) {
      const next = last + 1;
      if (next >= tokens.length || tokens[next].sentence !== tokens[last].sentence) break;
      if (
        a.normWords[next].inList('name_particles') &&
        tokens[next].shape === 'lower' &&
        nameWord(a, next + 1, false) &&
        joinable(a, next) &&
        joinable(a, next + 1)
      ) {
        last = next + 1;
        continue;
      }
      const hyphenated = tokens[next].gapBefore === '-' && isAlphabetic(tokens[next]);
      const initial = tokens[next].end - tokens[next].start === 1 && tokens[next].shape === 'title';
      if (!joinable(a, next) || !(hyphenated || initial || nameWord(a, next, false))) break;
      last = next;
    }
    // "Ask Ashley", "Call Maria": a capitalised opener that is also an everyday word is not part of the name.
    let start = nameStart;
    while (
      !afterTitle &&
      start < last &&
      (tokens[start].sentenceStart || tokens[start].clauseStart) &&
      openerWord(a, tokens[start])
    )
      start++;
    if (start !== nameStart) {
      i = start - 1;
      continue;
    }
    let knownName = false;
    let ambiguous = false;
    let commonOnly = true;
    for (let k = nameStart; k <= last; k++) {
      const info = wordInfo(a, tokens[k]);
      knownName ||= info.name;
      ambiguous ||= info.ambiguous;
      commonOnly &&= info.plainNoun;
    }
    out.push({
      first: i,
      last,
      nameStart,
      prefix: afterTitle ? prefix : undefined,
      knownName,
      ambiguous,
      commonOnly: commonOnly && !afterTitle,
    });
    i = last;
  }
  return out;
}

const IS = new Set(['is', 'was', "'s", 'been', 'became', 'es', 'era', 'fue', 'sigue', 'siendo']);
const ONE_OF = new Set(['one', 'of', 'uno', 'una', 'de']);
const DETERMINERS = new Set(['our', 'a', 'an', 'my', 'nuestra', 'nuestro', 'nuestras', 'nuestros', 'un', 'una']);
const PATIENT_NOUNS = new Set(['patient', 'patients', 'paciente', 'pacientes']);
/** What may follow "a patient" when it is the noun ("a patient here", "a patient of Dr. Kim"), not "a patient teacher". */
const AFTER_PATIENT = new Set(['here', 'at', 'of', 'with', 'since', 'for', 'and', 'who', 'in']);

/**
 * "is one of our patients", "was a wonderful patient", "es nuestra paciente" right after a name: the span from the
 * verb to the noun. A few adjectives may come between; "a patient teacher" (the adjective) is not it.
 */
function patientPredicate(tokens: readonly Token[], from: number): Span | undefined {
  const verb = tokens[from];
  if (!verb || !IS.has(verb.norm)) return undefined;
  let k = from + 1;
  while (k < from + 4 && tokens[k] && ONE_OF.has(tokens[k].norm)) k++;
  if (!tokens[k] || !DETERMINERS.has(tokens[k].norm)) return undefined;
  const limit = k + 4;
  for (k++; k < limit && tokens[k] && tokens[k].sentence === verb.sentence; k++) {
    const t = tokens[k];
    if (PATIENT_NOUNS.has(t.norm)) {
      const next = tokens[k + 1];
      // Spanish puts the adjective after the noun ("paciente favorita"); "paciente" is never the adjective there.
      const nounEnds =
        t.norm.startsWith('pacient') ||
        !next ||
        next.sentence !== t.sentence ||
        /[^\s]/.test(next.gapBefore) ||
        AFTER_PATIENT.has(next.norm);
      return nounEnds ? { start: verb.start, end: t.end } : undefined;
    }
    if (t.shape !== 'lower' || /[^\s]/.test(t.gapBefore)) return undefined;
  }
  return undefined;
}

function slotOf(a: Analysis, c: Candidate): { slot: PersonSlot; marker?: Span } {
  const { tokens } = a;
  const firstTok = tokens[c.first];
  const lastTok = tokens[c.last];
  const after = tokens[c.last + 1];
  const sameSentenceAfter = after !== undefined && after.sentence === lastTok.sentence;
  // "our patient Tyler", "Patient of the month: Aaliyah".
  for (let back = 1; back <= 2; back++) {
    const h = hitEndingAt(a, 'patient_markers', c.first - back);
    if (!h || h.sentence !== firstTok.sentence) continue;
    if (back === 2 && !FILLERS.hasWordOf(a, tokens[c.first - 1])) continue;
    return {
      slot: tokens.slice(h.first, h.last + 1).some((t) => t.base === 'patient') ? 'patient-marker' : 'honorific',
      marker: { start: h.start, end: h.end },
    };
  }
  // "Olivia, our youngest patient", "Priyanka, our youngest contact lens wearer".
  if (sameSentenceAfter && /,/.test(after.gapBefore)) {
    for (let k = c.last + 1; k <= c.last + 3; k++) {
      const h = hitStartingAt(a, 'patient_markers', k);
      if (h && tokens.slice(h.first, h.last + 1).some((t) => t.base === 'patient' || t.norm === 'our'))
        return { slot: 'patient-marker', marker: { start: h.start, end: h.end } };
    }
  }
  // "Pastor Okafor is one of our patients", "Mrs. Lopez was a wonderful patient", "Doña Rosa es nuestra paciente".
  const predicate = patientPredicate(tokens, c.last + 1);
  if (predicate) return { slot: 'patient-marker', marker: predicate };
  if (c.prefix === 'patient') return { slot: 'honorific' };
  // "Dr. Kim's daughter Lily", "Mateo's mom Ana": someone introduced through a relative.
  const kin = tokenAt(a, c.first - 1);
  if (
    kin &&
    kin.sentence === firstTok.sentence &&
    tokenAt(a, c.first - 2)?.possessive &&
    a.normWords[kin.index].inList('kin_words')
  )
    return { slot: 'kinship' };
  // "our marathon runner Keisha": a description of a person right before the name.
  for (
    let k = c.first - 1;
    k >= Math.max(0, c.first - 4) && tokens[k].sentence === firstTok.sentence && tokens[k + 1].gapBefore === ' ';
    k--
  ) {
    if (tokens[k].norm === 'our' || tokens[k].norm === 'my') {
      if (k < c.first - 1) return { slot: 'honorific' };
      break;
    }
    if (tokens[k].shape !== 'lower') break;
  }
  if (c.prefix === 'kinship') return { slot: 'kinship' };
  // "the Hoang twins", "the Nguyen family" — but not "Harbor Family Dental".
  const beforeName = tokenAt(a, c.first - 1);
  const afterFamily = tokens[c.last + 2];
  const familyIsName =
    afterFamily !== undefined &&
    afterFamily.sentence === lastTok.sentence &&
    afterFamily.shape === 'title' &&
    afterFamily.gapBefore === ' ';
  if (
    sameSentenceAfter &&
    a.normWords[after.index].inList('family_suffixes') &&
    after.gapBefore === ' ' &&
    ['the', 'our'].includes(beforeName?.norm ?? '') &&
    !familyIsName
  ) {
    return { slot: 'family' };
  }
  if (salutationBefore(a, c.first)) return { slot: 'salutation' };
  if (isVocative(a, c)) return { slot: 'vocative' };
  if (lastTok.possessive) return { slot: 'possessive' };
  const before = tokenAt(a, c.first - 1);
  // "from Lyme just got...": after "from", "in" or "at" the word is a place or an object, never the subject.
  if (before && before.sentence === firstTok.sentence && PLACE_PREPOSITIONS.has(before.norm)) return { slot: 'object' };
  if (
    sameSentenceAfter &&
    !/[,;:]/.test(after.gapBefore) &&
    (hitStartingAt(a, 'care_verbs', c.last + 1) || a.words[after.index].verb)
  )
    return { slot: 'subject' };
  if (before && before.sentence === firstTok.sentence && OBJECT_PRECEDERS.hasWordOf(a, before))
    return { slot: 'object' };
  return { slot: 'none' };
}

export function salutationBefore(a: Analysis, first: number): boolean {
  const { tokens } = a;
  for (let k = first - 1; k >= Math.max(0, first - 5); k--) {
    if (tokens[k].sentence !== tokens[first].sentence) return false;
    if (hitEndingAt(a, 'salutations', k)) return true;
    if (!FILLERS.hasWordOf(a, tokens[k])) return false;
  }
  return false;
}

function isVocative(a: Analysis, c: Candidate): boolean {
  const { tokens } = a;
  const firstTok = tokens[c.first];
  const after = tokens[c.last + 1];
  const endsSentence = !after || after.sentence !== firstTok.sentence;
  const gapAfter = after ? after.gapBefore : a.text.slice(tokens[c.last].end);
  if (
    /,/.test(firstTok.gapBefore) &&
    !firstTok.sentenceStart &&
    (endsSentence || /^[!?.…:;]|^\s*[—–-]\s/.test(gapAfter))
  )
    return true;
  if (
    (firstTok.sentenceStart || firstTok.clauseStart) &&
    /^\s*,/.test(gapAfter) &&
    after &&
    VOCATIVE_FOLLOWERS.hasWordOf(a, after)
  )
    return true;
  // "We hear you, Mike, but...", "Thanks, Tanya, for...": a name set off by commas after a word of address.
  const before = tokenAt(a, c.first - 1);
  return (
    /,/.test(firstTok.gapBefore) && /^\s*,/.test(gapAfter) && before !== undefined && ADDRESS_WORDS.has(before.norm)
  );
}

/** A care word in the sentence makes an unknown capitalised word worth a closer look. */
function sentenceHasCare(a: Analysis, sentence: number): boolean {
  return careHitsIn(a, sentence).length > 0 || hasHitIn(a, 'care_verbs', sentence);
}

function keep(a: Analysis, c: Candidate, slot: PersonSlot): boolean {
  const t = a.tokens[c.nameStart];
  const sentence = a.sentences[t.sentence];
  const next = a.tokens[c.last + 1];
  const nextIsEvent = next !== undefined && next.sentence === t.sentence && PAST_TENSE_CARE_VERBS.hasWordOf(a, next);
  const strongSlot = slot !== 'none' && slot !== 'object' && slot !== 'subject';
  const care = sentenceHasCare(a, t.sentence);
  // Capitalised in the middle of ordinary prose: a proper name ("Braces off for Jasmine today").
  const midSentenceCapital = !t.sentenceStart && !t.clauseStart && !sentence.titleCase && t.shape === 'title';
  if (c.prefix) return true;
  if (c.commonOnly) return slot === 'salutation' || slot === 'vocative' || slot === 'patient-marker';
  // Two or more unknown capitalised words in a row in ordinary prose: a full name ("Zanele Dlamini"),
  // unless they are part of a longer capitalised phrase ("Medicare Annual Wellness Visits").
  const before = tokenAt(a, c.first - 1);
  const titledNeighbour = (x: Token | undefined): boolean =>
    x !== undefined &&
    x.sentence === t.sentence &&
    x.shape === 'title' &&
    !/[,;:!?.]/.test(x === before ? a.tokens[c.first].gapBefore : x.gapBefore);
  const fullName =
    c.last > c.nameStart &&
    !sentence.titleCase &&
    !sentence.shouting &&
    !c.commonOnly &&
    !titledNeighbour(before) &&
    !titledNeighbour(a.tokens[c.last + 1]);
  if (c.ambiguous && !c.knownName && !strongSlot) {
    const cls = a.words[t.index].cls;
    const calendarOrPlace =
      cls === 'month' || cls === 'weekday' || cls === 'place' || cls === 'state' || cls === 'country' || cls === 'org';
    if (nextIsEvent) return true;
    if (!care || calendarOrPlace) return false;
    if (midSentenceCapital || fullName) return true;
    // "May is...", "Will you...": an opener followed by a plain verb or pronoun is the everyday word;
    // "Summer skin check": followed by a lower-case noun it is a modifier, not a name.
    if (
      t.sentenceStart &&
      next !== undefined &&
      (a.words[next.index].verb || ['you', 'i', 'we', 'they', 'it'].includes(next.norm))
    )
      return false;
    if (
      next !== undefined &&
      next.shape === 'lower' &&
      !a.words[next.index].verb &&
      !hitStartingAt(a, 'care_verbs', next.index)
    )
      return false;
    return taggerSaysPerson(a.text.slice(sentence.start, sentence.end), t.text);
  }
  if (c.knownName || strongSlot) return true;
  // A full name is kept even without care: a licence or account number next to it may still tie it to the person.
  const englishEnding = a.words[t.index].endsLikeEnglishWord;
  if (fullName && !englishEnding) return true;
  if (!care || englishEnding) return false;
  // An unknown capitalised sentence opener is a name only if the sentence is about a person ("Kwabena just got his braces").
  if (slot === 'subject')
    return !t.sentenceStart || nextIsEvent || sentenceHas(a, t.sentence, (x) => SINGULAR_PERSON.has(x.norm));
  if (slot === 'object') return midSentenceCapital;
  // "...our runner Keisha: the pain is gone and she's cleared": a capitalised word in a sentence about "she".
  return midSentenceCapital && sentenceHas(a, t.sentence, (x) => SINGULAR_PERSON.has(x.norm));
}

function strength(c: Candidate, slot: PersonSlot): boolean {
  return c.knownName || c.prefix !== undefined || (slot !== 'none' && slot !== 'object');
}

const PERSON_NOUNS = new WordSet([
  'girl',
  'boy',
  'guy',
  'friend',
  'buddy',
  'pal',
  'kiddo',
  'champ',
  'man',
  'lady',
  'gal',
  'dude',
  'bestie',
  'sister',
  'brother',
  'son',
  'daughter',
]);

/** Lower-case names next to care: "braces off today for our girl sophia", "our friend jack got his cast off". */
function lowercaseNearCare(a: Analysis, taken: Uint8Array): Candidate[] {
  const out: Candidate[] = [];
  for (let k = 1; k < a.tokens.length; k++) {
    const t = a.tokens[k];
    if (taken[k] === 1 || t.shape !== 'lower' || t.masked || !t.alpha || t.end - t.start < 3) continue;
    const prev = a.tokens[k - 1];
    // Cheap tests first: this runs over every lower-case word, and few are names.
    if (!PERSON_NOUNS.hasWordOf(a, prev) && !OBJECT_PRECEDERS.hasWordOf(a, prev)) continue;
    const info = wordInfo(a, t);
    if (!info.name && !info.ambiguous) continue;
    if (!sentenceHasCare(a, t.sentence)) continue;
    const next = a.tokens[k + 1];
    const described = prev.sentence === t.sentence && PERSON_NOUNS.hasWordOf(a, prev);
    const nextIsEvent = next !== undefined && next.sentence === t.sentence && PAST_TENSE_CARE_VERBS.hasWordOf(a, next);
    if (!described && !(info.name && OBJECT_PRECEDERS.hasWordOf(a, prev))) continue;
    if (!sentenceHasCare(a, t.sentence) || (info.ambiguous && !nextIsEvent)) continue;
    out.push({
      first: k,
      last: k,
      nameStart: k,
      prefix: undefined,
      knownName: info.name,
      ambiguous: info.ambiguous,
      commonOnly: false,
    });
  }
  return out;
}

/** Lower-case names right after a greeting: "thanks karen for...", "congrats to xiomara on...". */
function lowercaseGreetings(a: Analysis, taken: Uint8Array): Candidate[] {
  const out: Candidate[] = [];
  for (const h of hitsOf(a, 'salutations')) {
    let k = h.last + 1;
    while (k < a.tokens.length && FILLERS.hasWordOf(a, a.tokens[k]) && a.tokens[k].sentence === h.sentence) k++;
    const t = a.tokens[k];
    if (
      !t ||
      taken[k] === 1 ||
      t.sentence !== h.sentence ||
      t.shape !== 'lower' ||
      t.masked ||
      !isAlphabetic(t) ||
      t.end - t.start < 3
    )
      continue;
    const info = wordInfo(a, t);
    if (info.known && !info.name && !info.ambiguous) continue;
    const next = a.tokens[k + 1];
    const closes =
      !next ||
      next.sentence !== t.sentence ||
      /[!,.?]/.test(next.gapBefore) ||
      ['on', 'for', 'and'].includes(next.norm);
    if (!closes) continue;
    out.push({
      first: k,
      last: k,
      nameStart: k,
      prefix: undefined,
      knownName: info.name,
      ambiguous: info.ambiguous,
      commonOnly: false,
    });
  }
  return out;
}

export function detectPeople(a: Analysis, attributions: readonly Span[]): void {
  const candidates = buildCandidates(a);
  // Tokens already part of a candidate (1), by index.
  const taken = new Uint8Array(a.tokens.length);
  for (const c of candidates) for (let k = c.first; k <= c.last; k++) taken[k] = 1;
  const greeted = lowercaseGreetings(a, taken);
  for (const c of greeted) taken[c.first] = 1;
  candidates.push(...greeted, ...lowercaseNearCare(a, taken));
  for (const c of candidates) {
    const attributed = attributions.some(
      (s) => s.start <= a.tokens[c.nameStart].start && a.tokens[c.last].end <= s.end,
    );
    const { slot, marker } = attributed ? { slot: 'attribution' as PersonSlot, marker: undefined } : slotOf(a, c);
    if (!attributed && !keep(a, c, slot)) continue;
    const words = a.tokens.slice(c.nameStart, c.last + 1);
    const start = a.tokens[c.first].start;
    const lastTok = a.tokens[c.last];
    // "Samantha R." keeps the period of the initial.
    const initialDot = lastTok.text.length === 1 && lastTok.shape === 'title' && a.text[lastTok.end] === '.';
    const end = lastTok.possessive ? lastTok.end - 2 : initialDot ? lastTok.end + 1 : lastTok.end;
    a.people.push({
      start,
      end,
      text: a.text.slice(start, end),
      firstToken: c.first,
      lastToken: c.last,
      sentence: a.tokens[c.first].sentence,
      role: c.prefix === 'professional' ? 'professional' : 'patient',
      slot,
      strong: attributed || strength(c, slot),
      key: words
        .map((t) => t.base)
        .filter((w) => w.length > 1)
        .join(' '),
      marker,
    });
  }
  classifyRoles(a);
  indexPatients(a);
}
