// What the post itself says about the people in it: "Dave is made up", "shared with her signed HIPAA authorization".
import { matchesOf } from '../text/matches';
import { Analysis, sentenceOf } from '../analysis';

const MADE_UP_SENTENCE =
  /\b(?:is|'s|was)\s+(?:made[- ]up|fictional|a composite|imaginary|not (?:a )?real)|\bisn'?t (?:a )?real\b|\bnot a real (?:patient|client|person)\b|\bno es (?:un |una )?(?:paciente |persona )?real\b|\bes (?:un |una )?personaje\b|\bcomposite\b/i;
const SIGNED =
  /\b(?:signed|written)\b[^.!?]{0,60}\b(?:authori[sz]ation|consent|release)\b|\b(?:hipaa )?authori[sz]ation (?:is )?on file\b|\bautorizaci[oó]n (?:firmada|hipaa)\b|\bconsentimiento firmado\b/i;

// Findings about the person themselves that their own signed authorization (or their not being real) answers.
const ABOUT_THE_PERSON = new Set([
  'testimonial.named',
  'care.named-patient',
  'care.named-patient-treatment',
  'name.mentioned',
  'photo.identifiable',
  'care.named-patient-event',
  'care.patient-relationship',
]);

function sentencesMatching(a: Analysis, test: RegExp): Set<number> {
  const out = new Set<number>();
  for (const s of a.sentences) if (test.test(a.text.slice(s.start, s.end))) out.add(s.index);
  return out;
}

/** The name words of the people in these sentences or the one before each. */
function keysNear(a: Analysis, sentences: ReadonlySet<number>): Set<string> {
  const keys = new Set<string>();
  for (const p of a.people)
    if (sentences.has(p.sentence) || sentences.has(p.sentence + 1)) for (const w of p.key.split(' ')) keys.add(w);
  return keys;
}

function subjectIn(keys: ReadonlySet<string>, subject: string | undefined): boolean {
  if (!subject) return false;
  return subject
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => w.length > 1 && keys.has(w));
}

// A quotation: straight or curly quotes; a single quote opens after a space or colon and closes before a space or
// punctuation, so the apostrophe of "don't" neither opens nor closes one.
const QUOTATION =
  /(?:^|(?<=[\s:(—–-]))(?:"[^"]{8,800}"|“[^”]{8,800}”|'(?:[^']|'(?=\p{L}))+'(?=[\s.,!?;:)—–-]|$)|‘[^’]{8,800}’)/gu;

/** The quotations that begin or end next to a sentence stating a signed authorization: the testimonial it covers. */
function coveredQuotations(a: Analysis, signedSentences: ReadonlySet<number>): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of matchesOf(QUOTATION, a.text)) {
    const start = m.index;
    const end = start + m[0].length;
    const first = sentenceOf(a, start);
    const last = sentenceOf(a, Math.max(start, end - 1));
    // The credit after the quote ("— Dana K.") belongs to it.
    const credit = /^\s*[—–-]\s*[^.!?\n]{1,40}/u.exec(a.text.slice(end));
    if ([first - 1, first, last, last + 1].some((s) => signedSentences.has(s)))
      out.push({ start, end: end + (credit?.[0].length ?? 0) });
  }
  return out;
}

/** Drops findings about people the post says are made up, or who signed an authorization the post states. */
export function applyClearances(a: Analysis): void {
  if (a.findings.length === 0) return;
  const madeUp = keysNear(a, sentencesMatching(a, MADE_UP_SENTENCE));
  // The sentences that state a signed authorization, with the quote and credit in or just before them.
  const statedIn = sentencesMatching(a, SIGNED);
  if (madeUp.size === 0 && statedIn.size === 0) return;
  const signed = keysNear(a, statedIn);
  const signedSentences = new Set<number>();
  for (const s of statedIn) signedSentences.add(s).add(s - 1);
  const quotations = statedIn.size > 0 ? coveredQuotations(a, statedIn) : [];
  // A finding without a subject sits in the sentence of the person it is about.
  const subjectOf = (start: number, subject: string | undefined): string | undefined =>
    subject ?? a.people.find((p) => p.sentence === sentenceOf(a, start))?.text;
  a.findings = a.findings.filter((f) => {
    if (!ABOUT_THE_PERSON.has(f.rule)) return true;
    const subject = subjectOf(f.start, f.subject);
    if (quotations.some((q) => f.start >= q.start && f.start < q.end)) return false;
    return !subjectIn(madeUp, subject) && !subjectIn(signed, subject) && !signedSentences.has(sentenceOf(a, f.start));
  });
}
