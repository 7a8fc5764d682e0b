// Replies to reviews and comments: a reply must not confirm that anyone is or was a patient — no visit,
// treatment, result, record, bill or relative's care, and no name the reviewer did not use — even when
// the reviewer said it first. A thank-you, a privacy statement with the practice's phone, and answers to
// non-patients pass.
import {
  Analysis,
  careHitsIn,
  hasHitIn,
  hitsIn,
  hitsOf,
  isSecondPerson,
  PersonMention,
  sentenceHas,
} from '../analysis';
import { addFinding } from '../findings';
import { careSignalIn } from '../structure/care-signals';
import { vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';

// Ways a reply confirms care without a care word ("great seeing you", "thanks for trusting us with your son").
const CONFIRMS = [
  /\b(?:great|good|nice|lovely|wonderful|a pleasure|so glad|glad|happy|fun|an honor|a joy|enjoyed|loved|love)\s+(?:to\s+)?(?:see|seeing|meet|meeting|have|having|treat|treating|work(?:ing)? with|car(?:e|ing) for|tak(?:e|ing) care of|help(?:ing)?)\s+(?:you|him|her|them|your|y'all)\b/i,
  /\bthank(?:s| you)(?: so much)? for (?:choosing|trusting|letting us (?:care|treat|help|see)|coming in|visiting|being (?:a|our) (?:patient|client)|your (?:visit|trust|business|loyalty))/i,
  /\b(?:see you|we'll see you|hope to see you|look forward to seeing you)\b[^.!?]{0,30}\b(?:your|next|the)\b[^.!?]{0,20}\b(?:visit|appointment|cleaning|check|session|follow|scan|shot|adjustment|fitting|exam|recall)/i,
  /\bwelcome (?:to|into) (?:the|our) (?:practice|family|program)\b/i,
  /\b(?:doing|feeling|getting|looks?|looking) (?:so |much |a lot )?(?:well|better|great|amazing)\b|\bproud of (?:you|her|him|them|your)\b|\b(?:sticking|stuck|been) with us\b|\ball these years\b|\b(?:mucho|está|están|estás) mejor\b|\bde nuestr[oa]s pacientes\b|\borgullos[oa]s de (?:ti|usted|ella|él)\b/i,
  /\b(?:gracias por (?:confiar|elegirnos|su visita|tu visita|venir)|nos (?:dio|da) (?:mucho )?gusto (?:atender|cuidar|ver)|(?:los|las|le|la|lo|te) esperamos (?:en|el)|su próxima cita|tu próxima cita|cuidar a su)/i,
  /\b(?:our|the) (?:records?|chart|file|notes|system) (?:show|shows|indicate|say)/i,
];

// An invitation anyone could take ("call us to book an appointment") is not about the reviewer.
const OPEN_INVITATION =
  /\b(?:call|contact|reach|email|message|text)\b[^.!?]{0,40}\b(?:us|our|office|team|manager|line)\b|\b(?:book|schedule) (?:an|a|your)? ?(?:appointment|visit|consult)/i;
// Which plans and networks the practice takes is an answer anyone may ask for ("we accept KanCare").
const NETWORKS =
  /\b(?:we (?:accept|take|bill|work with)|(?:we're|we are) in[- ]network|in[- ]network with|aceptamos|trabajamos con|recibimos)\b/i;
const APOLOGY = /\b(?:sorry|apologi[sz]e|apologies|lamentamos|sentimos|disculpe|disculpa)\b/i;

// Events that answer questions from anyone ("our recovery program", "group times") rather than confirm one person's care.
const WEAK_IN_REPLIES = new Set([
  'recovery',
  'program',
  'our program',
  'the program',
  'group',
  'our group',
  'support group',
  'session',
  'sessions',
  'therapy',
  'programa',
  'grupo',
  'terapia',
  'sesiones',
  'newborn',
  'shot',
  'shots',
]);

function insideAny(spans: readonly Span[], span: Span): boolean {
  return spans.some((s) => s.start <= span.start && span.end <= s.end);
}

// "they" and "their" in a reply are most often everyone ("most babies have their first visit...").
const ONE_PERSON = new Set([
  'he',
  'she',
  'him',
  'her',
  'his',
  'hers',
  "he's",
  "she's",
  'su',
  'usted',
  'tu',
  'le',
  'ella',
  'él',
]);

function personal(a: Analysis, sentence: number): boolean {
  return (
    sentenceHas(a, sentence, (t) => isSecondPerson(t) || ONE_PERSON.has(t.norm)) &&
    !hasHitIn(a, 'generic_markers', sentence)
  );
}

/** Lower-case words of the review or comment being answered. */
function contextWords(context: string | undefined): Set<string> {
  return new Set(
    (context ?? '')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );
}

/** The reviewer signs with initials or a handle ("R.S.", "happymom88"): a real name in the reply unmasks them. */
function usesMoniker(context: string | undefined): boolean {
  if (!context) return false;
  return /(?:^|[\s—–-])[A-Z]\.\s?[A-Z]\.(?=\s|$|[,!])|\b[a-z]+\d{2,}\b|@\w+/.test(context);
}

/** Is a name in the reply one the reviewer used, or only the way we greet them? */
function nameDiscloses(a: Analysis, m: PersonMention, known: ReadonlySet<string>, moniker: boolean): boolean {
  const words = m.key.split(' ').filter((w) => w.length > 1);
  // Initials ("T.L.") are the reviewer's own moniker.
  if (words.length === 0) return false;
  const inContext = words.every((w) => known.has(w));
  if (inContext) return false;
  // Greeting a reviewer by the name on their review is not a disclosure; adding a real name to a moniker is.
  const greeting = m.slot === 'vocative' || m.slot === 'salutation';
  if (greeting && !moniker && words.length === 1) return false;
  return true;
}

export function detectReviewReplies(a: Analysis): void {
  let confirms = false;
  for (const h of hitsOf(a, 'records_cues')) {
    if (a.reviewContext || personal(a, h.sentence)) {
      addFinding(a, 'review.records-disclosure', h);
      confirms = true;
    }
  }
  if (!a.reviewContext) return;
  // The review's own words are read only when the reply names someone (most replies name nobody).
  let reviewer: { known: ReadonlySet<string>; moniker: boolean } | undefined;
  const reviewerOf = (): { known: ReadonlySet<string>; moniker: boolean } =>
    (reviewer ??= { known: contextWords(a.options.context), moniker: usesMoniker(a.options.context) });
  let subject: string | undefined;
  const safeSentences = new Set(hitsOf(a, 'safe_reply_cues').map((h) => h.sentence));
  for (const m of a.people) {
    if (m.role !== 'patient') continue;
    const careHere = careHitsIn(a, m.sentence).some((h) => h.list !== 'body_parts');
    if (!nameDiscloses(a, m, reviewerOf().known, reviewerOf().moniker) && !careHere) continue;
    subject ??= m.text;
    confirms = true;
    addFinding(a, 'care.named-patient', m, { subject: m.text });
  }
  for (const h of a.handles) {
    if (h.own) continue;
    subject ??= h.text;
    confirms = true;
  }
  const cues = hitsOf(a, 'review_cues');
  const vocab = vocabulary();
  // The first confirming phrase of each sentence, found once (the regexes are stateless: no /g).
  const confirmations = a.sentences.map((x) => {
    const text = a.text.slice(x.start, x.end);
    for (const re of CONFIRMS) {
      const m = re.exec(text);
      if (m) return { start: x.start + m.index, end: x.start + m.index + m[0].length };
    }
    return undefined;
  });
  const anyConfirmation = confirmations.some((c) => c !== undefined);
  // A third person named in the reply ("so proud of Tasha too") next to anything that reads as care.
  for (const m of a.people) {
    if (m.role !== 'patient' || m.slot === 'vocative' || m.slot === 'salutation') continue;
    const signal =
      careSignalIn(a, m.sentence, vocab) ??
      careSignalIn(a, m.sentence + 1, vocab) ??
      careSignalIn(a, m.sentence - 1, vocab);
    if (!signal && !anyConfirmation) continue;
    subject ??= m.text;
    confirms = true;
    addFinding(a, 'care.named-patient', m, { subject: m.text });
  }
  for (const s of a.sentences) {
    const i = s.index;
    const sentence = a.text.slice(s.start, s.end);
    const confirmation = confirmations[i];
    if (safeSentences.has(i) && !confirmation) continue;
    if (confirmation) {
      addFinding(a, 'review.care-detail', confirmation, subject ? { subject } : {});
      confirms = true;
      continue;
    }
    if (!personal(a, i) && !APOLOGY.test(sentence)) continue;
    if (OPEN_INVITATION.test(sentence) && !hasHitIn(a, 'time_markers', i)) continue;
    const networks = NETWORKS.test(sentence);
    for (const hit of careHitsIn(a, i)) {
      if (hit.list === 'body_parts' || insideAny(cues, hit) || (networks && hit.list === 'billing_terms')) continue;
      addFinding(a, 'review.care-detail', hit, subject ? { subject } : {});
      confirms = true;
    }
    const signal = careSignalIn(a, i, vocab);
    if (signal && signal.strong && personal(a, i) && !OPEN_INVITATION.test(sentence)) {
      addFinding(a, 'review.care-detail', signal, subject ? { subject } : {});
      confirms = true;
    }
    for (const hit of hitsIn(a, 'care_events', i)) {
      if (!personal(a, i) || WEAK_IN_REPLIES.has(a.text.slice(hit.start, hit.end).toLowerCase())) continue;
      addFinding(a, 'review.care-detail', hit, subject ? { subject } : {});
      confirms = true;
    }
  }
  if (!confirms) return;
  const cue = cues[0];
  const first = a.sentences[0];
  const span = cue
    ? { start: cue.start, end: cue.end }
    : first
      ? { start: first.start, end: first.end }
      : { start: 0, end: a.text.length };
  addFinding(a, 'review.confirms-care', span, subject ? { subject } : {});
}
