// Structural rules: one specific person (named, titled, described, addressed, or hidden in a tag) tied
// to care in the wide sense is a patient, whatever words the post uses for either.
import { isStaffName } from '../allowlist';
import { Analysis, careHitsIn, hasHitIn, hitsOf, isReply, PersonMention } from '../analysis';
import { addFinding } from '../findings';
import { genericRewrite } from '../suggestions';
import { CareSignal, careCache, careNear, careSignalIn } from './care-signals';
import { findNamesInTags, NameTest } from './names-in-tags';
import { findReferences, PersonReference } from './references';
import { Vocabulary } from './vocabulary';

// Words that make the whole post about made-up people.
const MADE_UP =
  /\b(composite|not a real (?:patient|client|person)|isn't a real|is not a real|fictional|hypothetical|made[- ]up|no es (?:un|una) (?:paciente|persona) real|personaje)\b/i;

function blockedAt(a: Analysis, start: number, end: number): boolean {
  return a.findings.some((f) => f.severity === 'block' && f.start < end && f.end > start);
}

function anyBlock(a: Analysis): boolean {
  return a.findings.some((f) => f.severity === 'block');
}

/** A sentence about sponsors, events or hiring: the people in it are guests, not patients. */
function guestContext(a: Analysis, sentence: number): boolean {
  return (
    hasHitIn(a, 'sponsor_cues', sentence) ||
    hasHitIn(a, 'event_cues', sentence) ||
    hasHitIn(a, 'staff_markers', sentence)
  );
}

// Someone receiving care themselves, in the sentence that names them: "rolled up his sleeve", "got her second dose",
// "recibió su vacuna". A guest at an event who does this is a patient, and so is a staff member.
const RECEIVES_CARE =
  /\b(?:rolled up (?:his|her|their) sleeves?|(?:got|gets|getting|received|receives|had|has had) (?:his|her|their) (?:[\p{L}-]+ ){0,2}(?:shots?|vaccines?|vaccinations?|boosters?|doses?|tests?|screenings?|mammograms?|colonoscopy|physicals?|check-?ups?|cleanings?|biops(?:y|ies)|infusions?|stitches|casts?)|(?:recibió|recibe|se puso|se hizo|le pusieron|le hicieron) (?:su |sus |la |el )?(?:[\p{L}-]+ ){0,2}(?:dosis|vacunas?|pruebas?|examen|mamografía|limpieza|refuerzo))\b/iu;

function receivesCare(a: Analysis, sentence: number): boolean {
  const s = a.sentences[sentence];
  return RECEIVES_CARE.test(a.text.slice(s.start, s.end));
}

function staffNearby(a: Analysis, sentence: number): boolean {
  return a.people.some((p) => p.role === 'staff' && (p.sentence === sentence || p.sentence === sentence - 1));
}

function referenceFindings(
  a: Analysis,
  refs: readonly PersonReference[],
  care: (s: number) => CareSignal | undefined,
): void {
  for (const r of refs) {
    if (blockedAt(a, r.start, r.end)) continue;
    const signal = care(r.sentence);
    if (!signal) continue;
    if (r.kind === 'community-figure') {
      const words = a.tokens.slice(r.first + 1, r.last + 1).map((t) => t.base);
      if (!signal.strong || isStaffName(a.allow.staff, words)) continue;
      if (guestContext(a, r.sentence) && !receivesCare(a, r.sentence)) continue;
      addFinding(a, 'care.community-figure', r, { subject: r.subject, generic: genericRewrite(a) });
      continue;
    }
    if (r.kind === 'described' && guestContext(a, r.sentence)) continue;
    // A staff member's own family news ("his wife just had a baby") is theirs to share; their clinical care is not.
    if (r.kind === 'relative' && (!signal.strong || staffNearby(a, r.sentence))) {
      if (!signal.strong || !careHitsIn(a, signal.sentence).some((h) => h.list === 'care_terms')) continue;
    }
    addFinding(a, 'care.described-person', r, { subject: r.subject, generic: genericRewrite(a) });
  }
}

function namedPeopleFindings(a: Analysis, care: (s: number) => CareSignal | undefined): void {
  for (const p of a.people) {
    if (p.role !== 'patient' || blockedAt(a, p.start, p.end)) continue;
    if (guestContext(a, p.sentence) && !receivesCare(a, p.sentence)) continue;
    // Only care in the person's own sentence, and care that is clearly clinical: names are everywhere in a post.
    const signal = p.strong ? care(p.sentence) : undefined;
    if (!signal || !signal.strong || signal.sentence !== p.sentence) continue;
    if (signal) addFinding(a, 'care.named-patient-event', signal, { subject: p.text, generic: genericRewrite(a) });
    if (signal) addFinding(a, 'care.named-patient', p, { subject: p.text, generic: genericRewrite(a) });
  }
}

const RECEIVING_CARE =
  /\b(as a (?:patient|client)|other side of the (?:desk|counter|chair)|(?:her|his|their) own (?:care|treatment|surgery|therapy|sessions?|appointment)|became (?:a|our) (?:patient|client))\b/i;

/** Staff treated here are patients for that post ("our front desk hero Rosa is on the other side of the desk"). */
function staffAsPatients(a: Analysis): void {
  const staff = a.people.filter((p: PersonMention) => p.role === 'staff');
  if (staff.length === 0) return;
  for (const p of staff) {
    const s = a.sentences[p.sentence];
    const around = a.text.slice(
      a.sentences[Math.max(0, p.sentence - 1)].start,
      a.sentences[Math.min(a.sentences.length - 1, p.sentence + 1)].end,
    );
    if ((RECEIVING_CARE.test(around) || receivesCare(a, p.sentence)) && !blockedAt(a, s.start, s.end))
      addFinding(a, 'care.staff-as-patient', p, { subject: p.text });
  }
}

function tagFindings(a: Analysis, test: NameTest, care: (s: number) => CareSignal | undefined): void {
  const tags = findNamesInTags(a, test);
  if (tags.length === 0) return;
  const postHasCare = a.sentences.some((s) => care(s.index) !== undefined);
  for (const t of tags) {
    if (blockedAt(a, t.start, t.end)) continue;
    if ((t.strong && (postHasCare || t.story)) || (t.story && postHasCare))
      addFinding(a, 'care.name-in-tag', t, { subject: t.names.join(' ') });
  }
}

export function detectStructure(a: Analysis, vocab: Vocabulary, test: NameTest): void {
  const cache = careCache(a);
  const care = (s: number): CareSignal | undefined => careNear(a, s, vocab, cache);
  // The rules below need someone to apply to; only then is the post read for made-up people (a regex over it).
  // (The references depend on where people are named, not on their roles: finding them here changes nothing.)
  const someone = a.people.some((p) => p.role === 'staff' || p.role === 'patient') || findReferences(a).length > 0;
  const madeUp = someone && (MADE_UP.test(a.text) || hitsOf(a, 'hypothetical_markers').length > 0);
  tagFindings(a, test, care);
  if (madeUp) return;
  staffAsPatients(a);
  referenceFindings(a, findReferences(a), care);
  // In a reply, names are the reviewer's own: the reply rules decide what naming them discloses.
  if (!anyBlock(a) && !isReply(a.options)) namedPeopleFindings(a, (s) => careSignalIn(a, s, vocab, cache));
}
