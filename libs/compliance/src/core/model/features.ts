// Features of a checked post for the story model: its words with people replaced by their role
// ("congrats to <patient> on her ..."), word pairs, and what the rules found. Each feature remembers
// where it first appears, so a finding can point at the words that weighed most.
import { Analysis } from '../analysis';
import { careSignalIn } from '../structure/care-signals';
import { sentenceLanguages } from '../structure/language';
import { findReferences } from '../structure/references';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';
import { WordSet } from '../word-facts';

// "She finished...", "his first...": a story about one person, whoever they are.
const ONE_PERSON = new WordSet([
  'he',
  'she',
  'him',
  'her',
  'his',
  'hers',
  "he's",
  "she's",
  'ella',
  'él',
  'su',
  'sus',
  'le',
]);

/** What hasStoryEvidence asks of the features, asked of the analysis directly (cheaper than scoring). */
export function pointsAtSomeone(a: Analysis, vocab: Vocabulary): boolean {
  return (
    a.findings.length > 0 ||
    a.sentences.some((s) => careSignalIn(a, s.index, vocab) !== undefined) ||
    a.people.some((p) => p.role === 'patient') ||
    a.handles.some((h) => !h.own) ||
    a.tokens.some((t) => ONE_PERSON.hasWordOf(a, t)) ||
    findReferences(a).length > 0
  );
}

export type FeatureSpans = Map<string, Span>;

function add(out: FeatureSpans, feature: string, span: Span): void {
  if (!out.has(feature)) out.set(feature, span);
}

/** The word a token stands for in the model: a role for people, a class for numbers and names. */
export function wordsOf(a: Analysis, vocab: Vocabulary): Array<string | undefined> {
  const languages = a.sentences.length > 0 ? sentenceLanguages(a) : [];
  const words: Array<string | undefined> = a.tokens.map((t) => {
    if (t.masked) return undefined;
    const facts = a.words[t.index];
    if (facts.startsWithDigit) return '<num>';
    if (t.shape === 'title' && !t.sentenceStart) {
      const cls = facts.cls;
      if (cls === 'first' || cls === 'last') return '<name>';
    }
    // A medical term everyday English does not know ("buprenorphine", "Otezla"): one word for all of them, so
    // a drug or procedure the corpus never named still reads as care.
    if (t.base.length > 4 && facts.cls === undefined && facts.specialisedIn(vocab)) return '<med>';
    // A word of a Spanish sentence is its own feature: "don" the title is not "don your mask".
    return languages[t.sentence] === 'es' ? facts.prefixed('es:') : t.base;
  });
  for (const p of a.people) {
    for (let k = p.firstToken; k <= p.lastToken; k++) words[k] = undefined;
    words[p.firstToken] = `<${p.role}>`;
  }
  for (const h of a.handles) {
    const at = a.tokens.findIndex((t) => t.start >= h.start);
    if (at >= 0) words[at] = h.own ? '<ourhandle>' : '<handle>';
  }
  return words;
}

export function storyFeatures(a: Analysis, vocab: Vocabulary): FeatureSpans {
  const out: FeatureSpans = new Map();
  const words = wordsOf(a, vocab);
  let prev: string | undefined;
  let prevSentence = -1;
  // A reply's words count twice: as words (shared with posts) and as reply words, so "your visit" can weigh
  // on a reply (it confirms a patient) without weighing on a post (where it speaks to everyone).
  const reply = isReply(a);
  for (let i = 0; i < a.tokens.length; i++) {
    const w = words[i];
    const t = a.tokens[i];
    if (w === undefined) continue;
    add(out, `w:${w}`, t);
    if (reply) add(out, `rw:${w}`, t);
    if (prev !== undefined && prevSentence === t.sentence) {
      add(out, `b:${prev} ${w}`, { start: a.tokens[i - 1].start, end: t.end });
      if (reply) add(out, `rb:${prev} ${w}`, { start: a.tokens[i - 1].start, end: t.end });
    }
    prev = w;
    prevSentence = t.sentence;
  }
  structuralFeatures(a, vocab, (feature, span) => add(out, feature, span));
  return out;
}

export function isReply(a: Analysis): boolean {
  return a.options.kind === 'reply' || a.options.kind === 'review_reply';
}

/** The features that are not words: references, care, rule findings, kind, bias. */
export function structuralFeatures(a: Analysis, vocab: Vocabulary, visit: (feature: string, span: Span) => void): void {
  const whole = { start: 0, end: a.text.length };
  for (const r of findReferences(a)) visit(`s:ref:${r.kind}`, r);
  for (const s of a.sentences) {
    const care = careSignalIn(a, s.index, vocab);
    if (care) visit(care.strong ? 's:care:strong' : 's:care:weak', care);
  }
  for (const f of a.findings) visit(`s:rule:${f.rule}`, f);
  const pronoun = a.tokens.find((t) => ONE_PERSON.hasWordOf(a, t));
  if (pronoun) visit('s:person', pronoun);
  if (isReply(a)) visit('s:kind:reply', whole);
  visit('s:bias', whole);
}
