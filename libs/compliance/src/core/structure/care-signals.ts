// Care in the wide sense, for the structural rules: our care words, events of care (births, recovery
// milestones, programs, being seen), medical terms from the dictionary, and measured outcomes.
import { Analysis, careHitsIn, hitsIn } from '../analysis';
import { Span } from '../text/tokens';
import { Vocabulary } from './vocabulary';

export interface CareSignal extends Span {
  sentence: number;
  /** Weak: a milestone, a program, a group, a graduation: care only when the person is clearly a patient. */
  strong: boolean;
}

// Events that are care for a patient but ordinary life for anyone else ("graduated", "12 weeks", "our group").
const WEAK_EVENTS = new Set([
  'graduation',
  'graduated from',
  'program',
  'our program',
  'the program',
  'group',
  'our group',
  'in group',
  'session',
  'sessions',
  'numbers',
  'results',
  'our care',
  'practice family',
  'been with us',
  'back to work',
  'shot',
  'shots',
  'fitting',
  'fitted',
  'new glasses',
  'contacts',
  'pt',
  'therapy',
  'newborn',
  'baby girl',
  'baby boy',
  "it's a girl",
  "it's a boy",
  'was born',
  'were born',
  'born on',
  'born this',
  'born at',
  'arrived at',
  'welcome to the world',
  'delivered',
  'programa',
  'el programa',
  'nuestro programa',
  'grupo',
  'el grupo',
  'graduación',
  'se graduó',
  'terapia',
  'sesiones',
  'recovery',
  'recovering',
  'recovers',
  'came in',
  'comes in',
  'walked in',
  'treated',
  'treating',
  'flying colors',
  'back on the field',
  'back on the court',
  'back on the ice',
  'back in the saddle',
]);

const MILESTONE =
  /\b\d{1,4}\s*(?:days?|weeks?|months?|years?|días|dias|semanas|meses|años)\b|\b\d{1,2}\s*(?:lbs?|oz|kg)\b|\bbaby\s*#\s*\d\b/iu;

function hasDigitToken(a: Analysis, first: number, last: number): boolean {
  for (let i = first; i <= last; i++) {
    const c = a.tokens[i].text.charCodeAt(0);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function specialisedMedical(a: Analysis, sentence: number, vocab: Vocabulary): CareSignal | undefined {
  const s = a.sentences[sentence];
  for (let i = s.firstToken; i <= s.lastToken; i++) {
    const t = a.tokens[i];
    if (t.masked || !t.alpha || t.norm.length < 4) continue;
    // A medical word compromise does not know as everyday English: "buprenorphine", "Clomid", "endometrioma".
    const facts = a.normWords[i];
    if (facts.specialisedIn(vocab) && facts.cls === undefined && !facts.endsLikeEnglishWord) {
      return { start: t.start, end: t.end, sentence, strong: true };
    }
  }
  return undefined;
}

/** The per-post cache of care signals, shared by every caller. */
export function careCache(a: Analysis): Map<number, CareSignal | null> {
  a.structure ??= { care: new Map(), references: undefined };
  return a.structure.care as Map<number, CareSignal | null>;
}

/** The first sign of care in a sentence, or undefined. Cached per sentence. */
export function careSignalIn(
  a: Analysis,
  sentence: number,
  vocab: Vocabulary,
  cache: Map<number, CareSignal | null> = careCache(a),
): CareSignal | undefined {
  if (sentence < 0 || sentence >= a.sentences.length) return undefined;
  const cached = cache.get(sentence);
  if (cached !== undefined) return cached ?? undefined;
  const care = careHitsIn(a, sentence).find((h) => h.list !== 'body_parts');
  const events = hitsIn(a, 'care_events', sentence);
  const strongEvent = events.find((h) => !WEAK_EVENTS.has(a.text.slice(h.start, h.end).toLowerCase()));
  const signal = care ?? strongEvent;
  let found: CareSignal | undefined = signal
    ? { start: signal.start, end: signal.end, sentence, strong: true }
    : specialisedMedical(a, sentence, vocab);
  if (!found && events.length > 0) found = { start: events[0].start, end: events[0].end, sentence, strong: false };
  const s = a.sentences[sentence];
  if (!found && a.digits > 0 && hasDigitToken(a, s.firstToken, s.lastToken)) {
    const m = MILESTONE.exec(a.text.slice(s.start, s.end));
    if (m) found = { start: s.start + m.index, end: s.start + m.index + m[0].length, sentence, strong: false };
  }
  cache.set(sentence, found ?? null);
  return found;
}

/** Care in the reference's sentence, or in the sentences around it when the post is short or keeps talking about them. */
export function careNear(
  a: Analysis,
  sentence: number,
  vocab: Vocabulary,
  cache: Map<number, CareSignal | null>,
): CareSignal | undefined {
  const same = careSignalIn(a, sentence, vocab, cache);
  if (same) return same;
  const radius = a.sentences.length <= 4 ? 3 : 1;
  for (let d = 1; d <= radius; d++) {
    const found = careSignalIn(a, sentence + d, vocab, cache) ?? careSignalIn(a, sentence - d, vocab, cache);
    if (found) return found;
  }
  return undefined;
}
