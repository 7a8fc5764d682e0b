// Re-identification by detail: ages over 89, "the only twins...", a rare condition in a small town, room numbers.
import { matchesOf } from '../text/matches';
import {
  Analysis,
  careHitsIn,
  hasHitIn,
  hitsIn,
  hitsOf,
  isThirdPerson,
  patientsIn,
  sentenceHas,
  sentencesWithFindings,
} from '../analysis';
import { addFinding } from '../findings';
import { Span } from '../text/tokens';
import { sentenceOf } from './identifiers';

const AGE = '(?:9\\d|1[0-2]\\d)';
const NOT_AN_AGE =
  '(?![.,]\\d)(?!\\s*(?:%|percent|minutes?|mins?|seconds?|hours?|days?|weeks?|months?|lbs?|pounds?|kg|mg|degrees?|°|units?|people|patients|pairs|bottles|books|dollars|\\$|x|times|mph|miles?|feet|ft|steps|reps|cases))';
const AGE_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b${AGE}[-\\s]?(?:years?|yrs?|yo)[-\\s]?(?:old|young)\\b`, 'gi'),
  new RegExp(`\\b${AGE}\\s?(?:st|nd|rd|th)\\s+birthday\\b`, 'gi'),
  new RegExp(`\\b(?:turn(?:s|ed|ing)?|aged?|is|was|he's|she's|at|age)\\s+${AGE}\\b${NOT_AN_AGE}`, 'gi'),
  new RegExp(`(?<=\\p{L}\\.?,\\s)${AGE}(?=,)`, 'gu'),
  // Spanish: "92 años", "cumple 95"; not "hace 90 años" (ago), "90 años de servicio" (an anniversary) nor a group
  // ("más de 90 años", "de 90 años en adelante").
  new RegExp(
    `(?<!\\bhace\\s)(?<!(?:más|mayores|menores|menos)\\s+de\\s+(?:los\\s+)?)(?<!partir\\s+de\\s+los\\s+)\\b${AGE}\\s+años\\b(?!\\s+(?:de\\s+(?:servicio|experiencia|historia|trayectoria)|atrás|o\\s+más|y\\s+más|en\\s+adelante))|\\bcumpl(?:e|ió|irá|iendo)\\s+(?:sus\\s+)?${AGE}\\b${NOT_AN_AGE}`,
    'giu',
  ),
];

/** An age of 90+ stated about someone; "adults over 90" or "95% of" are not. */
function detectAges(a: Analysis): boolean {
  let found = false;
  if (!/9\d|1[0-2]\d/.test(a.text)) return false;
  for (const pattern of AGE_PATTERNS) {
    for (const m of matchesOf(pattern, a.text)) {
      const span: Span = { start: m.index, end: m.index + m[0].length };
      const sentence = sentenceOf(a, span.start);
      const personal =
        patientsIn(a, sentence).length > 0 ||
        sentenceHas(a, sentence, (t) => isThirdPerson(t) || t.base === 'patient') ||
        hasHitIn(a, 'deixis', sentence) ||
        /birthday|years?|yrs?|yo|años|cumpl/i.test(m[0]);
      if (!personal) continue;
      addFinding(a, 'age.over-89', span);
      found = true;
    }
  }
  return found;
}

/** "The only set of triplets we see", "the only bull rider in Emmett". */
function detectUniqueness(a: Analysis): void {
  for (const cue of hitsOf(a, 'uniqueness_cues')) {
    const noun = hitsIn(a, 'unique_person_nouns', cue.sentence).find(
      (n) => n.first > cue.last && n.first - cue.last <= 5,
    );
    if (!noun) continue;
    const s = cue.sentence;
    if (
      careHitsIn(a, s).length === 0 &&
      !hasHitIn(a, 'time_markers', s) &&
      patientsIn(a, s).length === 0 &&
      !sentenceHas(
        a,
        s,
        (t) => t.base === 'patient' || t.norm === 'born' || t.norm === 'delivered' || t.norm === 'treated',
      )
    )
      continue;
    addFinding(a, 'reid.unique-person', { start: cue.start, end: noun.end });
  }
}

function aboutAPatient(a: Analysis, sentence: number): boolean {
  return (
    patientsIn(a, sentence).length > 0 ||
    sentenceHas(a, sentence, (t) => t.base === 'patient' || t.base === 'patients' || isThirdPerson(t)) ||
    hasHitIn(a, 'anonymous_patient', sentence)
  );
}

/** A rare condition about a patient; with a town or "tiny town" it identifies them. */
function detectRareConditions(a: Analysis): void {
  const cues = hitsOf(a, 'rare_condition_cues');
  const withPlace = cues.length > 0 ? sentencesWithFindings(a, (f) => f.category === 'geographic') : new Set<number>();
  if (cues.length > 0) for (const p of a.people) if (p.role === 'place') withPlace.add(p.sentence);
  for (const cue of cues) {
    const s = cue.sentence;
    if (!aboutAPatient(a, s)) continue;
    const place = hasHitIn(a, 'small_place_cues', s) || withPlace.has(s);
    addFinding(a, place ? 'reid.rare-condition-place' : 'reid.rare-condition', cue);
  }
  // "from the tiny town of Marfa" / "(pop. 1,200)" with a diagnosis but no "rare": still a small place + condition.
  for (const cue of hitsOf(a, 'small_place_cues')) {
    const s = cue.sentence;
    if (hitsIn(a, 'rare_condition_cues', s).length > 0 || !aboutAPatient(a, s) || careHitsIn(a, s).length === 0)
      continue;
    addFinding(a, 'reid.rare-condition-place', cue);
  }
}

const ROOM =
  /\b(?:(?:the\s+)?patient\s+in\s+(?:room|rm\.?|bed|bay)\s*#?\s*\d+[a-z]?|(?:room|rm\.?|bed|bay)\s*#?\s*\d+[a-z]?\s+patient)\b/gi;

function detectRooms(a: Analysis): void {
  if (a.digits === 0) return;
  for (const m of matchesOf(ROOM, a.text))
    addFinding(a, 'reid.room-number', { start: m.index, end: m.index + m[0].length });
}

export function detectReidentification(a: Analysis): void {
  const ages = detectAges(a);
  detectUniqueness(a);
  detectRareConditions(a);
  detectRooms(a);
  if (!ages) for (const h of hitsOf(a, 'superlative_patient')) addFinding(a, 'reid.superlative-patient', h);
}
