// Testimonials (a patient's quote or story credited to them) and before/after photos of a patient.
import { matchesOf } from '../text/matches';
import { Analysis, hasHitIn, hitsOf, isThirdPerson, PersonMention, sentenceHas } from '../analysis';
import { addFinding } from '../findings';
import { Span } from '../text/tokens';
import { careLink } from './care-relationship';
import { sentenceOf } from './identifiers';

export interface Attribution {
  /** The quoted words. */
  quote: Span;
  /** What follows the dash: "Kevin M., implant patient". */
  credit: Span;
  anonymous: boolean;
  /** A patient's words about their care, not a famous saying ("— Benjamin Franklin"). */
  testimonial: boolean;
}

// “…” — Name   "…" – Name   '…!' – Name   (the closing quote, an optional full stop, then a dash)
const QUOTED = /(“[^”]{4,}”|"[^"\n]{4,}"|(?<=^|[\s(])'[^\n]{4,}?[.!?]')\s*[.,]?\s*[—–―-]{1,2}\s*([^\n]{1,80})/gu;
const ANONYMOUS = /^(?:a|an|one|our|anonymous|patient|happy|satisfied|verified|mom|dad|parent)\b/i;
const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll)\b|\b(?:my|me|mine|myself)\b/i;
// "Kevin M.", "Priscilla G." — a first name and an initial is how reviews are credited.
const INITIAL_CREDIT = /^\p{Lu}[\p{L}'’-]+\s+\p{Lu}\.?(?=[,\s]|$)/u;
const PATIENT_DESCRIPTOR =
  /\b(?:patient|mom|dad|mother|father|parent|grandma|grandpa|age\s*\d+|client|family|\d+\s*(?:yo|years? old))\b/i;
const ABOUT_THE_PRACTICE =
  /\b(?:dentist|doctor|dr\.?|derm|ortho|orthodontist|staff|team|office|hygienist|front desk|this practice|therapist|best)\b/i;

/** Quotes credited with a dash; found before names so the credited name is known to be the quote's author. */
export function findAttributions(text: string): Attribution[] {
  const out: Attribution[] = [];
  if (!/[“"']/.test(text) || !/[—–―-]/.test(text)) return out;
  for (const m of matchesOf(QUOTED, text)) {
    const quoteStart = m.index;
    const quoteEnd = quoteStart + m[1].length;
    const creditRaw = m[2];
    const creditStart = m.index + m[0].length - creditRaw.length;
    // The credit ends at the first sentence break or emoji after the name and its description.
    const cut = creditRaw.search(/[!?\n]|\p{Extended_Pictographic}|\.\s+\p{Lu}\p{Ll}/u);
    const credit = (cut >= 0 ? creditRaw.slice(0, cut + (creditRaw[cut] === '.' ? 1 : 0)) : creditRaw).trimEnd();
    const quote = m[1];
    const testimonial =
      FIRST_PERSON.test(quote) ||
      INITIAL_CREDIT.test(credit) ||
      PATIENT_DESCRIPTOR.test(credit) ||
      ABOUT_THE_PRACTICE.test(quote);
    out.push({
      quote: { start: quoteStart, end: quoteEnd },
      credit: { start: creditStart, end: creditStart + credit.length },
      anonymous: ANONYMOUS.test(credit),
      testimonial,
    });
  }
  return out;
}

function patientOf(a: Analysis, span: Span): PersonMention | undefined {
  return a.people.find((p) => p.role === 'patient' && p.start >= span.start && p.end <= span.end);
}

function detectQuotes(a: Analysis, attributions: readonly Attribution[]): void {
  for (const at of attributions) {
    if (!at.testimonial) continue;
    const author = patientOf(a, at.credit);
    if (author) addFinding(a, 'testimonial.named', at.quote, { subject: author.text });
    else if (at.anonymous || !a.people.some((p) => p.start >= at.credit.start && p.end <= at.credit.end))
      addFinding(a, 'testimonial.anonymous', at.quote);
  }
}

/** The patient the post is about: named, tagged, or pointed at ("this patient", "her"). */
function subjectOfPost(a: Analysis): string | undefined {
  const named = a.people.find((p) => p.role === 'patient' && p.strong);
  if (named) return named.text;
  const tagged = a.handles.find((h) => !h.own);
  if (tagged) return tagged.text;
  return undefined;
}

function pointsAtSomeone(a: Analysis, sentence: number): boolean {
  if (hasHitIn(a, 'deixis', sentence) || hasHitIn(a, 'identify_invites', sentence)) return true;
  const singular = (s: number): boolean =>
    sentenceHas(a, s, (t) => isThirdPerson(t) && !['they', 'their', 'them', "they're"].includes(t.norm));
  return singular(sentence) && careLink(a, sentence, { start: 0, end: 0 }) !== undefined;
}

function detectStories(a: Analysis): void {
  const consent = hitsOf(a, 'consent_cues').length > 0;
  const subject = subjectOfPost(a);
  for (const cue of hitsOf(a, 'testimonial_cues')) {
    if (consent || !subject) continue;
    addFinding(a, 'testimonial.named', cue, { subject });
  }
}

function detectPhotos(a: Analysis): void {
  if (hitsOf(a, 'consent_cues').length > 0) return;
  const subject = subjectOfPost(a);
  const strong = hitsOf(a, 'photo_cues');
  const hints = hitsOf(a, 'photo_hints');
  for (const cue of strong) {
    if (subject) addFinding(a, 'photo.identifiable', cue, { subject });
    else if (
      pointsAtSomeone(a, cue.sentence) ||
      hasHitIn(a, 'identify_invites', cue.sentence) ||
      hitsOf(a, 'identify_invites').length > 0
    ) {
      addFinding(a, 'photo.identifiable', cue, { subject: 'this patient' });
    } else addFinding(a, 'photo.unidentified', cue);
  }
  if (strong.length > 0 || !subject) return;
  // "look at his arms now", "before and after below": a photo of the named patient.
  for (const hint of hints) {
    if (
      careLink(a, hint.sentence, hint) ||
      a.people.some((p) => p.role === 'patient' && Math.abs(sentenceOf(a, p.start) - hint.sentence) <= 1)
    ) {
      addFinding(a, 'photo.identifiable', hint, { subject });
      return;
    }
  }
}

export function detectTestimonials(a: Analysis, attributions: readonly Attribution[]): void {
  detectQuotes(a, attributions);
  detectStories(a);
  detectPhotos(a);
}
