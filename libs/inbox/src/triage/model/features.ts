// Features of a comment for the triage model: its words (folded, numbers as <num>), word stems, word pairs,
// and the signs the rules saw (kept or set aside, and why). Each feature remembers where it first appears, so a finding can
// point at the words that weighed most.
import { FIRST_PERSON, HEALTH_TERMS, RELATIVE, SOMEONE_ELSE } from '../health-terms';
import { isMedicalWord, readsSpanish } from '../medical-words';
import { Bounds } from '../text';
import { TriageResult } from '../types';

export type FeatureSpans = Map<string, Bounds>;

interface Token extends Bounds {
  word: string;
}

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Words of the folded text; "can't" and "cant" are one word, every number is <num>. */
export function tokens(folded: string): Token[] {
  const out: Token[] = [];
  for (const m of folded.matchAll(WORD)) {
    const raw = m[0].replace(/'/g, '');
    const word = /^\d/.test(raw) ? '<num>' : raw;
    out.push({ word, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A crude stem that serves English and Spanish alike: the first five letters of a longer word. */
const stem = (word: string): string | undefined => (word.length > 5 && word !== '<num>' ? word.slice(0, 5) : undefined);

/** Why the rules set a sign aside, as a short key ("said to be absent" -> negated). */
export function discountKey(reason: string): string {
  if (reason.includes('absent')) return 'negated';
  if (reason.includes('mild')) return 'mild';
  if (reason.includes('past event')) return 'past';
  if (reason.includes('has passed')) return 'resolved';
  if (reason.includes('figure of speech')) return 'figurative';
  if (reason.includes('hypothetical') || reason.includes('general question')) return 'general-question';
  if (reason.includes('topic')) return 'topic';
  if (reason.includes('spam')) return 'spam';
  if (reason.includes('weak sign')) return 'weak-alone';
  return 'other';
}

const THIRD_PERSON = /(?<![a-z'])(?:he|she|hes|shes|he's|she's|him|her|his|they|them|el|ella|le|lo|la)(?![a-z'])/;

function add(out: FeatureSpans, feature: string, span: Bounds): void {
  if (!out.has(feature)) out.set(feature, span);
}

export function triageFeatures(folded: string, rules: TriageResult): FeatureSpans {
  const out: FeatureSpans = new Map();
  const words = tokens(folded);
  const english = !readsSpanish(folded);
  words.forEach((t, i) => {
    add(out, `w:${t.word}`, t);
    // A drug or condition the corpus never named still reads as health: one feature for all of them.
    if (english && isMedicalWord(t.word)) add(out, 'm:medical', t);
    const s = stem(t.word);
    if (s) add(out, `p:${s}`, t);
    if (i > 0 && !/[.!?\n]/.test(folded.slice(words[i - 1].end, t.start)))
      add(out, `b:${words[i - 1].word} ${t.word}`, { start: words[i - 1].start, end: t.end });
  });
  // The signs of an emergency the rules saw, kept or set aside (and why), but not the rules' verdicts: on the tuned
  // part the rules were written against, a verdict would be all the model learns, and a new writer breaks them.
  // A sign kept, or set aside only for being weak alone, is `u:`; a sign set aside for a reason (negated, past, a
  // figure of speech...) is `x:`, with the reason.
  for (const f of rules.findings) if (f.label === 'urgent') add(out, `u:${f.rule}`, f);
  for (const d of rules.discounted) {
    const why = discountKey(d.reason);
    add(out, why === 'weak-alone' ? `u:${d.rule}` : `x:${d.rule}`, d);
    add(out, `why:${why}`, d);
  }
  const whole = { start: 0, end: folded.length };
  const at = (re: RegExp): Bounds | undefined => {
    const m = new RegExp(re.source).exec(folded);
    return m ? { start: m.index, end: m.index + m[0].length } : undefined;
  };
  const person: Array<[string, RegExp]> = [
    ['s:health', HEALTH_TERMS],
    ['s:relative', RELATIVE],
    ['s:own', FIRST_PERSON],
    ['s:other', SOMEONE_ELSE],
    ['s:third', THIRD_PERSON],
  ];
  for (const [feature, re] of person) {
    const span = at(re);
    if (span) add(out, feature, span);
  }
  if (folded.includes('?')) add(out, 's:question', whole);
  add(out, 's:bias', whole);
  return out;
}
