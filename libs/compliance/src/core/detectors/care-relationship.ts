// Care relationship: a named, tagged or pointed-at person tied to a visit, treatment, result or bill.
import {
  Analysis,
  careHitsIn,
  hasHitIn,
  hitsIn,
  hitsOf,
  isReply,
  isSecondPerson,
  isThirdPerson,
  PersonMention,
  patientsIn,
  sentenceHas,
  sentencesWithFindings,
} from '../analysis';
import { addFinding } from '../findings';
import { Hit } from '../rule-pack/phrases';
import { genericRewrite } from '../suggestions';
import { sentenceOf } from './identifiers';
import { PAST_TENSE_CARE_VERBS } from './words';

const WARN_SLOTS = new Set(['salutation', 'vocative', 'honorific', 'kinship', 'family']);
const SINGULAR_THIRD = new Set(['he', 'she', 'him', 'her', 'his', "he's", "she's"]);

function nearest(hits: readonly Hit[], offset: number, exclude: { start: number; end: number }): Hit | undefined {
  let best: Hit | undefined;
  let bestDistance = Infinity;
  for (const h of hits) {
    if (h.start < exclude.end && h.end > exclude.start) continue;
    const d = Math.abs(h.start - offset);
    if (d < bestDistance) {
      best = h;
      bestDistance = d;
    }
  }
  return best;
}

/** Adjacent sentences count when the post is short, or when they point back with a pronoun ("...! She..."). */
function adjacentCounts(a: Analysis, sentence: number): boolean {
  if (sentence < 0 || sentence >= a.sentences.length) return false;
  if (a.sentences.length <= 4) return true;
  return sentenceHas(a, sentence, (t) => isThirdPerson(t) || isSecondPerson(t));
}

/** The care word that ties this span's person to their care: same sentence first, then the neighbours. */
export function careLink(a: Analysis, sentence: number, span: { start: number; end: number }): Hit | undefined {
  const same = nearest(careHitsIn(a, sentence), span.start, span);
  if (same) return same;
  for (const s of [sentence + 1, sentence - 1]) {
    if (!adjacentCounts(a, s)) continue;
    const hit = nearest(careHitsIn(a, s), span.start, span);
    if (hit) return hit;
  }
  return undefined;
}

function sponsorContext(a: Analysis, m: PersonMention): boolean {
  return hasHitIn(a, 'sponsor_cues', m.sentence);
}

const PERSONAL_IDENTIFIERS = new Set([
  'license_number',
  'account_number',
  'record_number',
  'health_plan_number',
  'device_id',
  'vehicle_id',
  'ssn',
  'email',
  'phone',
  'fax',
]);

const ACCOUNT_IDENTIFIERS = new Set(['account_number', 'health_plan_number', 'ssn', 'record_number']);

function namedPatients(a: Analysis): void {
  // A licence, account or record number in the same sentence belongs to the person named there.
  const withIdentifier = sentencesWithFindings(
    a,
    (f) => f.severity === 'block' && PERSONAL_IDENTIFIERS.has(f.category),
  );
  const identifierLink = (sentence: number): boolean => withIdentifier.has(sentence);
  const reply = isReply(a.options);
  for (const m of a.people) {
    if (m.role !== 'patient') continue;
    // Greeting the reviewer in a reply: the reply rules decide whether that discloses anything.
    if (reply && (m.slot === 'vocative' || m.slot === 'salutation')) continue;
    const link = careLink(a, m.sentence, m);
    const relationship = m.slot === 'patient-marker' || m.slot === 'attribution' || identifierLink(m.sentence);
    if (link || relationship) {
      const details = { subject: m.text, generic: genericRewrite(a, link) };
      addFinding(a, 'care.named-patient', m, details);
      if (m.marker) addFinding(a, 'care.patient-relationship', m.marker, details);
      if (link) addFinding(a, 'care.named-patient-treatment', link, details);
    } else if (m.strong && WARN_SLOTS.has(m.slot) && !sponsorContext(a, m) && !a.reviewContext) {
      addFinding(a, 'name.mentioned', m, { subject: m.text });
    }
  }
}

function taggedPatients(a: Analysis): void {
  for (const h of a.handles) {
    if (h.own) continue;
    const sentence = sentenceOf(a, h.start);
    const link = careLink(a, sentence, h);
    if (link || a.reviewContext) {
      const details = { subject: h.text, generic: genericRewrite(a, link) };
      addFinding(a, 'care.tagged-patient', h, details);
      if (link) addFinding(a, 'care.named-patient-treatment', link, details);
    } else if (!hasHitIn(a, 'sponsor_cues', sentence)) {
      addFinding(a, 'id.handle', h);
    }
  }
}

function othersInView(a: Analysis, sentence: number): boolean {
  return a.people.some(
    (p) =>
      p.role !== 'patient' &&
      p.role !== 'org' &&
      p.role !== 'place' &&
      (p.sentence === sentence || p.sentence === sentence - 1),
  );
}

const LOOSE_TIME = new Set(['just', 'finally', 'officially']);

/** Something happened at a particular time ("today", "got", "finished"); `strict` ignores "just" and "finally". */
function hasEvent(a: Analysis, sentence: number, strict = false): boolean {
  const timed = hitsIn(a, 'time_markers', sentence).some((h) => !strict || !LOOSE_TIME.has(a.tokens[h.first].norm));
  return timed || sentenceHas(a, sentence, (t) => PAST_TENSE_CARE_VERBS.hasWordOf(a, t));
}

function isGeneric(a: Analysis, sentence: number): boolean {
  const anonymous = hitsIn(a, 'anonymous_patient', sentence);
  // "one of our patients" contains "our patients" but tells a story about one of them.
  const generic = hitsIn(a, 'generic_markers', sentence).some(
    (g) => !anonymous.some((h) => h.start <= g.start && g.end <= h.end),
  );
  return generic || hasHitIn(a, 'hypothetical_markers', sentence) || hasHitIn(a, 'hypothetical_markers', sentence - 1);
}

/** "She finished her Invisalign today", "This little guy got his first filling": one real person, no name. */
function unnamedPeople(a: Analysis): void {
  const taggedSentences = new Set(a.handles.filter((h) => !h.own).map((h) => sentenceOf(a, h.start)));
  const identifiedSentences = sentencesWithFindings(
    a,
    (f) => (f.category === 'age' || f.category === 'reidentification') && f.severity === 'block',
  );
  for (const s of a.sentences) {
    const i = s.index;
    const care = careHitsIn(a, i);
    // "Our 94-year-old patient...", "the only triplets we see...": the detail points to one person.
    const identified = identifiedSentences.has(i);
    if (identified && patientsIn(a, i).length === 0) {
      const span = care[0] ?? hitsIn(a, 'patient_markers', i)[0];
      if (span) addFinding(a, 'care.specific-person', span, { generic: genericRewrite(a, care[0]) });
      continue;
    }
    if (care.length === 0) continue;
    if (patientsIn(a, i).length > 0 || patientsIn(a, i - 1).length > 0 || taggedSentences.has(i)) continue;
    const deixis = hitsIn(a, 'deixis', i)[0];
    if (deixis) {
      if (!hasHitIn(a, 'hypothetical_markers', i))
        addFinding(a, 'care.specific-person', deixis, { generic: genericRewrite(a, care[0]) });
      continue;
    }
    if (isGeneric(a, i) || othersInView(a, i)) continue;
    const anonymous = hitsIn(a, 'anonymous_patient', i)[0];
    if (anonymous) {
      if (hasEvent(a, i)) addFinding(a, 'care.anonymous-story', anonymous);
      continue;
    }
    const pronoun = a.tokens.slice(s.firstToken, s.lastToken + 1).find((t) => SINGULAR_THIRD.has(t.norm));
    if (pronoun && hasEvent(a, i)) {
      addFinding(a, 'care.specific-person', care[0], { generic: genericRewrite(a, care[0]) });
      continue;
    }
    // "Thanks for trusting us with your mole removal today": written to one patient, posted to everyone.
    if (
      !a.reviewContext &&
      a.handles.every((h) => h.own) &&
      sentenceHas(a, i, isSecondPerson) &&
      !hasHitIn(a, 'future_invitation', i) &&
      hasEvent(a, i, true)
    ) {
      const treatment = care.find((h) => h.list === 'care_terms' || h.list === 'billing_terms');
      if (treatment) addFinding(a, 'care.direct-message', treatment);
    }
  }
}

/** A bill, claim or balance next to a person or an account number. */
function billingDetails(a: Analysis): void {
  const billing = hitsOf(a, 'billing_terms');
  if (billing.length === 0) return;
  const withAccount = sentencesWithFindings(a, (f) => ACCOUNT_IDENTIFIERS.has(f.category));
  for (const h of billing) {
    const s = h.sentence;
    const sameSentence = (f: { start: number }): boolean => sentenceOf(a, f.start) === s;
    const person = patientsIn(a, s).length > 0 || a.handles.some((x) => !x.own && sameSentence(x));
    const account = withAccount.has(s);
    const reply = a.reviewContext && sentenceHas(a, s, isSecondPerson);
    if (person || account || reply) addFinding(a, 'care.billing-detail', h, { generic: genericRewrite(a, h) });
  }
}

export function detectCareRelationships(a: Analysis): void {
  namedPatients(a);
  taggedPatients(a);
  unnamedPeople(a);
  billingDetails(a);
}
