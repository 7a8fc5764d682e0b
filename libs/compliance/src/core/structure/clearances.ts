// What the post itself says about the people in it: "Dave is made up", "shared with her signed HIPAA authorization".
import { Analysis, sentenceOf } from '../analysis';

const MADE_UP_SENTENCE =
  /\b(?:is|'s|was)\s+(?:made[- ]up|fictional|a composite|imaginary|not (?:a )?real)|\bisn'?t (?:a )?real\b|\bnot a real (?:patient|client|person)\b|\bno es (?:un |una )?(?:paciente |persona )?real\b|\bes (?:un |una )?personaje\b|\bcomposite\b/i;
const SIGNED =
  /\bsigned\b[^.!?]{0,60}\b(?:authori[sz]ation|consent|release)\b|\b(?:hipaa )?authori[sz]ation (?:is )?on file\b|\bautorizaci[oó]n (?:firmada|hipaa)\b|\bconsentimiento firmado\b/i;

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

function sentenceKeys(a: Analysis, test: RegExp): Set<string> {
  const keys = new Set<string>();
  for (const s of a.sentences) {
    if (!test.test(a.text.slice(s.start, s.end))) continue;
    for (const p of a.people)
      if (p.sentence === s.index || p.sentence === s.index - 1) for (const w of p.key.split(' ')) keys.add(w);
  }
  return keys;
}

function subjectIn(keys: ReadonlySet<string>, subject: string | undefined): boolean {
  if (!subject) return false;
  return subject
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => w.length > 1 && keys.has(w));
}

/** Drops findings about people the post says are made up, or who signed an authorization the post states. */
export function applyClearances(a: Analysis): void {
  if (a.findings.length === 0) return;
  const madeUp = sentenceKeys(a, MADE_UP_SENTENCE);
  const signed = sentenceKeys(a, SIGNED);
  if (madeUp.size === 0 && signed.size === 0) return;
  // A finding without a subject sits in the sentence of the person it is about.
  const subjectOf = (start: number, subject: string | undefined): string | undefined =>
    subject ?? a.people.find((p) => p.sentence === sentenceOf(a, start))?.text;
  // The quote and its credit sit in or just before the sentence that states the signed authorization.
  const signedSentences = new Set<number>();
  for (const s of a.sentences)
    if (SIGNED.test(a.text.slice(s.start, s.end))) signedSentences.add(s.index).add(s.index - 1);
  a.findings = a.findings.filter((f) => {
    if (!ABOUT_THE_PERSON.has(f.rule)) return true;
    const subject = subjectOf(f.start, f.subject);
    return !subjectIn(madeUp, subject) && !subjectIn(signed, subject) && !signedSentences.has(sentenceOf(a, f.start));
  });
}
