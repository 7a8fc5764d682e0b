// Features of a checked post for the story model: its words with people replaced by their role
// ("congrats to <patient> on her ..."), word pairs, and what the rules found. Each feature remembers
// where it first appears, so a finding can point at the words that weighed most.
import { Analysis } from '../analysis';
import { CareSignal, careSignalIn } from '../structure/care-signals';
import { findReferences } from '../structure/references';
import { Vocabulary } from '../structure/vocabulary';
import { Span } from '../text/tokens';

export type FeatureSpans = Map<string, Span>;

function add(out: FeatureSpans, feature: string, span: Span): void {
  if (!out.has(feature)) out.set(feature, span);
}

/** The word a token stands for in the model: a role for people, a class for numbers and names. */
function wordsOf(a: Analysis): Array<string | undefined> {
  const words: Array<string | undefined> = a.tokens.map((t) => {
    if (t.masked) return undefined;
    if (/^\d/.test(t.norm)) return '<num>';
    const cls = a.lexicon.classOf(t.base);
    if (t.shape === 'title' && !t.sentenceStart && (cls === 'first' || cls === 'last')) return '<name>';
    return t.base;
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
  const words = wordsOf(a);
  let prev: string | undefined;
  let prevSentence = -1;
  for (let i = 0; i < a.tokens.length; i++) {
    const w = words[i];
    const t = a.tokens[i];
    if (w === undefined) continue;
    add(out, `w:${w}`, t);
    if (prev !== undefined && prevSentence === t.sentence) add(out, `b:${prev} ${w}`, { start: a.tokens[i - 1].start, end: t.end });
    prev = w;
    prevSentence = t.sentence;
  }
  const whole = { start: 0, end: a.text.length };
  for (const r of findReferences(a)) add(out, `s:ref:${r.kind}`, r);
  const cache = new Map<number, CareSignal | null>();
  for (const s of a.sentences) {
    const care = careSignalIn(a, s.index, vocab, cache);
    if (care) add(out, care.strong ? 's:care:strong' : 's:care:weak', care);
  }
  for (const f of a.findings) add(out, `s:rule:${f.rule}`, f);
  if (a.options.kind === 'reply' || a.options.kind === 'review_reply') add(out, 's:kind:reply', whole);
  add(out, 's:bias', whole);
  return out;
}
