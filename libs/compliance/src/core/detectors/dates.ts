// Dates tied to a person: birth, death, and dates of service ("your visit on 2/14", "came in on Monday").
import { matchesOf } from '../text/matches';
import {
  Analysis,
  establishedPatientsIn,
  hasHitIn,
  hitsOf,
  isClaimed,
  isSecondPerson,
  isThirdPerson,
  patientsIn,
  sentenceHas,
} from '../analysis';
import { addFinding } from '../findings';
import { Span } from '../text/tokens';
import { sentenceOf } from './identifiers';

const MONTHS =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?';
// Each pattern with a cheap test that must pass before the pattern runs.
const DATE_PATTERNS: ReadonlyArray<[RegExp, RegExp]> = [
  [
    /(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d/,
    new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'g'),
  ],
  [/\d\s+of\s/, new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+of\\s+(?:${MONTHS})\\b`, 'g')],
  [/\d\//, /(?<![\d/.])(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])(?:\/(?:\d{4}|\d{2}))?(?![\d/])/g],
  [/\d-\d/, /(?<![\d-])(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-(?:\d{4}|\d{2})(?![\d-])/g],
  [/\d-\d/, /\b\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b/g],
  [/(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day/, /\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b/g],
];

function findDates(text: string): Span[] {
  const spans: Span[] = [];
  for (const [hint, pattern] of DATE_PATTERNS) {
    if (!hint.test(text)) continue;
    for (const m of matchesOf(pattern, text)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (!spans.some((s) => span.start < s.end && span.end > s.start)) spans.push(span);
    }
  }
  return spans;
}

/** Whose date is it? A patient, a tagged person, or "you" in a reply or a personal message. */
function personalSentence(a: Analysis, sentence: number, span: Span): boolean {
  if (establishedPatientsIn(a, sentence).length > 0) return true;
  if (a.handles.some((h) => !h.own && sentenceOf(a, h.start) === sentence)) return true;
  const pointed = hasHitIn(a, 'person_date_cues', sentence) || hasHitIn(a, 'records_cues', sentence);
  if (a.reviewContext && sentenceHas(a, sentence, isSecondPerson)) return true;
  if (!pointed) return false;
  // "your visit on March 3": a date of service written to one patient (not "book your visit by March 31").
  const yours = hitsOf(a, 'person_date_cues').some(
    (h) => h.sentence === sentence && a.tokens[h.first - 1]?.norm === 'your',
  );
  const deadline = /\b(?:by|before|until|through|after)\s+$/i.test(
    a.text.slice(Math.max(0, span.start - 12), span.start),
  );
  if (yours && !deadline && !hasHitIn(a, 'future_invitation', sentence) && !hasHitIn(a, 'generic_markers', sentence))
    return true;
  const addressed = a.people.some((p) => p.role === 'patient');
  return (
    (sentenceHas(a, sentence, isSecondPerson) && addressed) ||
    sentenceHas(a, sentence, isThirdPerson) ||
    hasHitIn(a, 'anonymous_patient', sentence)
  );
}

const LIFE_EVENT_HINT = /dob|d\.o\.b|birth|born|passed away|died|death|admitted|discharged/i;
// A date right after one of these is always somebody's birth, death, admission or discharge.
const LIFE_EVENT_LABEL =
  /\b(?:dob|d\.o\.b\.?|date of birth|birth\s?date|born(?:\s+on)?|birthday(?:\s+is)?|passed away(?:\s+on)?|died(?:\s+on)?|date of death|admitted(?:\s+on)?|discharged(?:\s+on)?)\s*[:#-]?\s*$/i;

export function detectDates(a: Analysis): void {
  if (a.digits > 0 && LIFE_EVENT_HINT.test(a.text))
    for (const span of findDates(a.text)) {
      if (
        !isClaimed(a, span.start, span.end) &&
        LIFE_EVENT_LABEL.test(a.text.slice(Math.max(0, span.start - 30), span.start))
      ) {
        addFinding(a, 'date.person', span);
        a.claimed.push(span);
      }
    }
  // Dates only matter next to someone: skip the patterns when nobody is in the post.
  const someone =
    a.reviewContext ||
    a.people.some((p) => p.role === 'patient') ||
    a.handles.some((h) => !h.own) ||
    hitsOf(a, 'person_date_cues').length > 0;
  if (!someone) return;
  for (const span of findDates(a.text)) {
    if (isClaimed(a, span.start, span.end)) continue;
    const sentence = sentenceOf(a, span.start);
    if (!personalSentence(a, sentence, span)) continue;
    const patient = patientsIn(a, sentence)[0];
    addFinding(a, 'date.person', span, patient ? { subject: patient.text } : {});
  }
}
