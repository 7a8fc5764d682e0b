// Triage of one comment: which labels apply, the words that earned each, and the signs set aside and why.
// Pure: no clock, no randomness; the same text always gets the same answer (the stored model is read once).
import {
  expectedNumbness,
  figurative,
  generalQuestion,
  habitual,
  mild,
  negated,
  pastStory,
  resolved,
  topic,
} from './context';
import { FIRST_PERSON, HEALTH_TERMS, RELATIVE, SOMEONE_ELSE } from './health-terms';
import { isMedicalWord, readsSpanish } from './medical-words';
import { ADVICE, COMPLAINT_RULES, PRAISE_RULES, SERVICE_QUESTION, SPAM_SIGNS } from './label-rules';
import { Rule } from './rule';
import { Bounds, boundsAround, fold, sentenceBounds } from './text';
import { DiscountedFinding, TRIAGE_LABELS, TriageFinding, TriageLabel, TriageProfile, TriageResult } from './types';
import { URGENT_RULES } from './urgent-rules';
import { applyTriageModel } from './model/apply';
import { FeatureSpans, triageFeatures } from './model/features';
import { readTriageModel, TriageModel } from './model/model';

const SPAM_THRESHOLD = 3;

interface Doc {
  original: string;
  folded: string;
  sentences: Bounds[];
}

function finding(
  doc: Doc,
  r: Pick<Rule, 'id' | 'label' | 'strength' | 'reason'>,
  start: number,
  end: number,
): TriageFinding {
  return {
    label: r.label,
    rule: r.id,
    start,
    end,
    text: doc.original.slice(start, end),
    reason: r.reason,
    strength: r.strength,
  };
}

function ownWebsite(link: string, profile: TriageProfile): boolean {
  const site = profile.website
    ?.toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');
  return !!site && link.includes(site);
}

function spamFindings(doc: Doc, profile: TriageProfile): { score: number; findings: TriageFinding[] } {
  let score = 0;
  const findings: TriageFinding[] = [];
  for (const sign of SPAM_SIGNS) {
    let counted = 0;
    for (const match of doc.folded.matchAll(sign.pattern)) {
      if (sign.id === 'spam.link' && ownWebsite(match[0], profile)) continue;
      // A shout of URGENT counts only when written in capitals, the way spam writes it.
      if (sign.id === 'spam.shouting' && doc.original.slice(match.index, match.index + match[0].length) === match[0])
        continue;
      const r = { id: sign.id, label: 'spam' as const, strength: 'weak' as const, reason: sign.reason };
      findings.push(finding(doc, r, match.index, match.index + match[0].length));
      // The first sign of a kind counts its weight, a second one a point more: two vendor pitches make spam.
      score += counted === 0 ? sign.weight : counted === 1 ? 1 : 0;
      counted++;
    }
  }
  return { score, findings };
}

function whyNotUrgent(doc: Doc, r: Rule, start: number, end: number, spam: boolean): string | undefined {
  const sentence = boundsAround(doc.sentences, start);
  return (
    negated(doc.folded, start) ??
    (r.kind === 'physical' || r.kind === undefined
      ? mild(doc.folded, start, r.strength === 'weak' ? end : undefined)
      : undefined) ??
    (r.kind === 'self_harm' ? undefined : expectedNumbness(doc.folded, start, end)) ??
    pastStory(doc.folded, sentence, start) ??
    (r.kind === 'self_harm' ? undefined : resolved(doc.folded, sentence)) ??
    (r.kind === 'self_harm' ? undefined : habitual(doc.folded, sentence)) ??
    figurative(doc.folded, sentence, start, end) ??
    generalQuestion(doc.folded, sentence, start) ??
    topic(doc.folded, start, end) ??
    (spam ? 'part of a spam message' : undefined)
  );
}

function urgentFindings(doc: Doc, spam: boolean): { findings: TriageFinding[]; discounted: DiscountedFinding[] } {
  const kept: TriageFinding[] = [];
  const discounted: DiscountedFinding[] = [];
  for (const r of URGENT_RULES) {
    for (const match of doc.folded.matchAll(r.pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const why = whyNotUrgent(doc, r, start, end, spam);
      if (why) discounted.push({ rule: r.id, start, end, text: doc.original.slice(start, end), reason: why });
      else kept.push({ ...finding(doc, r, start, end), kind: r.kind } as TriageFinding);
    }
  }
  const strong = kept.some((f) => f.strength === 'strong');
  const weakSpans = new Set(kept.filter((f) => f.strength === 'weak').map((f) => `${f.start}`));
  if (strong || weakSpans.size >= 2) return { findings: dropOverlaps(kept), discounted };
  for (const f of kept)
    discounted.push({
      rule: f.rule,
      start: f.start,
      end: f.end,
      text: f.text,
      reason: 'one weak sign alone is not an emergency',
    });
  return { findings: [], discounted };
}

/** A span inside a longer span of the same label says nothing new. */
function dropOverlaps(findings: TriageFinding[]): TriageFinding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TriageFinding[] = [];
  for (const f of sorted) {
    if (out.some((o) => o.label === f.label && o.start <= f.start && o.end >= f.end)) continue;
    out.push(f);
  }
  return out;
}

function personIn(text: string): 'relative' | 'own' | undefined {
  if (RELATIVE.test(text)) return 'relative';
  // "my coworker has diabetes and asked me...": the health is someone else's to share, whoever else "me" is.
  if (SOMEONE_ELSE.test(text)) return undefined;
  return FIRST_PERSON.test(text) ? 'own' : undefined;
}

const SELF_PHI_REASON = {
  own: 'The writer shares their own health information: consider hiding it and inviting them to call; never reply with details.',
  relative:
    "The writer shares a relative's health information: consider hiding it and inviting them to call; never reply with details.",
};

/** Health words in the comment: the listed terms, and medical words everyday English does not know. */
function healthSpans(doc: Doc): Bounds[] {
  const out: Bounds[] = [];
  for (const match of doc.folded.matchAll(HEALTH_TERMS))
    out.push({ start: match.index, end: match.index + match[0].length });
  for (const sentence of doc.sentences) {
    const text = doc.folded.slice(sentence.start, sentence.end);
    if (readsSpanish(text)) continue;
    for (const match of text.matchAll(/[a-z]+(?:'s)?/g)) {
      const start = sentence.start + match.index;
      if (isMedicalWord(match[0]) && !out.some((b) => b.start <= start && b.end > start))
        out.push({ start, end: start + match[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function selfPhiFindings(doc: Doc, urgent: TriageFinding[]): TriageFinding[] {
  const out: TriageFinding[] = [];
  // Talk of self-harm is urgent, not a disclosure to hide: "the pills in my hand" is not a medicine history.
  const selfHarm = urgent.filter((f) => (f as TriageFinding & { kind?: string }).kind === 'self_harm');
  const selfHarmSentences = selfHarm.map((f) => boundsAround(doc.sentences, f.start));
  for (const { start, end } of healthSpans(doc)) {
    if (selfHarm.some((f) => f.start < end && f.end > start)) continue;
    const sentence = boundsAround(doc.sentences, start);
    if (selfHarmSentences.some((b) => b.start === sentence.start)) continue;
    const who = personIn(doc.folded.slice(sentence.start, Math.min(sentence.end, doc.folded.length)));
    if (!who) continue;
    if (negated(doc.folded, start) || figurative(doc.folded, sentence, start, end) || topic(doc.folded, start, end))
      continue;
    out.push(
      finding(
        doc,
        { id: `self_phi.${who}`, label: 'self_phi', strength: 'strong', reason: SELF_PHI_REASON[who] },
        start,
        end,
      ),
    );
  }
  const who = personIn(doc.folded);
  if (who) {
    for (const f of urgent) {
      if ((f as TriageFinding & { kind?: string }).kind === 'self_harm') continue;
      out.push({
        ...finding(
          doc,
          { id: `self_phi.symptom`, label: 'self_phi', strength: 'strong', reason: SELF_PHI_REASON[who] },
          f.start,
          f.end,
        ),
      });
    }
  }
  return dropOverlaps(out);
}

const QUESTION_TOPICS =
  /(?<![a-z])(?:fluoride|varnish|toothpaste|toothbrush\w*|floss\w*|sealants?|x-rays?|enamel|whiten\w*|sparkling water|orange juice|brush\w*|hpv|vaccin\w*|flu|cold|burns?|nosebleed|sprain\w*|ankle|ibuprofen|tylenol|aspirin|paracetamol|crowns?|veneers?|invisalign|straw|dentist|anesthe\w*|cavit\w*|heart attack|root canal|diente\w*|cepill\w*|gripe|embarazo|dentista|ice or heat|symptoms?|signs?)(?![a-z])/;

const healthy = (text: string): boolean => new RegExp(HEALTH_TERMS.source).test(text) || QUESTION_TOPICS.test(text);

function questionFindings(doc: Doc): TriageFinding[] {
  const out: TriageFinding[] = [];
  for (const s of doc.sentences) {
    const text = doc.folded.slice(s.start, s.end);
    if (!/[?¿]/.test(text)) continue;
    const service = SERVICE_QUESTION.test(text);
    const advice = ADVICE.test(text);
    const health = healthy(text) || (advice && healthy(doc.folded));
    if (!health || (service && !advice)) continue;
    const lead = text.length - text.trimStart().length;
    out.push(
      finding(
        doc,
        {
          id: 'medical_question.asks',
          label: 'medical_question',
          strength: 'strong',
          reason:
            'Asks for medical advice: answer in general terms or invite a call; never advise on their case in public.',
        },
        s.start + lead,
        s.start + text.trimEnd().length,
      ),
    );
  }
  return out;
}

function ruleFindings(doc: Doc, rules: readonly Rule[]): TriageFinding[] {
  const out: TriageFinding[] = [];
  for (const r of rules)
    for (const match of doc.folded.matchAll(r.pattern)) {
      if (negated(doc.folded, match.index) && r.label === 'praise') continue;
      out.push(finding(doc, r, match.index, match.index + match[0].length));
    }
  return dropOverlaps(out);
}

export interface TriageOptions {
  /** The model to add what the rules miss: the stored one when left out, none (rules alone) when null. */
  model?: TriageModel | null;
}

let stored: TriageModel | null | undefined;
/** config/inbox-triage/triage-model.json, read once. */
export function storedTriageModel(): TriageModel | null {
  if (stored === undefined) stored = readTriageModel() ?? null;
  return stored;
}

/**
 * Triage one comment: the rules, then the model (config/inbox-triage) adds urgent or self_phi where the rules
 * found nothing. `profile` lets the practice's own links pass as not spam.
 */
export function triage(text: string, profile: TriageProfile = {}, options: TriageOptions = {}): TriageResult {
  const rules = triageByRules(text, profile);
  const model = options.model === undefined ? storedTriageModel() : options.model;
  return model ? applyTriageModel(text, fold(text), rules, model) : rules;
}

/** What the model reads: the rules' answer and the features drawn from it (inbox:train fits on these). */
export function modelFeaturesOf(
  text: string,
  profile: TriageProfile = {},
): { rules: TriageResult; features: FeatureSpans } {
  const rules = triageByRules(text, profile);
  return { rules, features: triageFeatures(fold(text), rules) };
}

/** The rules alone: what the model reads as features. */
export function triageByRules(text: string, profile: TriageProfile = {}): TriageResult {
  const folded = fold(text);
  const doc: Doc = { original: text, folded, sentences: sentenceBounds(folded) };
  const spam = spamFindings(doc, profile);
  const isSpam = spam.score >= SPAM_THRESHOLD;
  const urgent = urgentFindings(doc, isSpam);
  let findings: TriageFinding[] = [...urgent.findings];
  if (isSpam) findings.push(...spam.findings);
  else {
    findings.push(...selfPhiFindings(doc, urgent.findings));
    // An emergency is handled as one: questions, praise and complaints in it would only distract.
    if (urgent.findings.length === 0)
      findings.push(
        ...questionFindings(doc),
        ...ruleFindings(doc, COMPLAINT_RULES),
        ...ruleFindings(doc, PRAISE_RULES),
      );
  }
  findings = findings.map(({ label, rule, start, end, text: t, reason, strength }) => ({
    label,
    rule,
    start,
    end,
    text: t,
    reason,
    strength,
  }));
  findings.sort((a, b) => TRIAGE_LABELS.indexOf(a.label) - TRIAGE_LABELS.indexOf(b.label) || a.start - b.start);
  const present = new Set<TriageLabel>(findings.map((f) => f.label));
  const labels = TRIAGE_LABELS.filter((l) => present.has(l));
  return { labels: labels.length ? labels : ['general'], findings, discounted: urgent.discounted };
}
