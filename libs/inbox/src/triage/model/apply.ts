// What the triage model does with the rules' answer: add urgent or self_phi where the rules found nothing,
// with a finding that names the words that weighed most. It never removes what a rule found.
import { TRIAGE_LABELS, TriageFinding, TriageLabel, TriageResult } from '../types';
import { triageFeatures } from './features';
import { LabelScore, ModelLabel, modelGate, scoreLabel, thresholdAt, TriageModel } from './model';

const REASON: Record<ModelLabel, (words: string) => string> = {
  urgent: (words) =>
    `Reads as a possible emergency or risk to life (the triage model; ${words} weighed most): check now, and point to 911, 988 or the after-hours line.`,
  self_phi: (words) =>
    `The writer seems to share their own or a relative's health information (the triage model; ${words} weighed most): consider hiding it and inviting them to call; never reply with details.`,
};

/** An emergency is handled as one: questions, praise and complaints in it would only distract (as the rules do). */
const SET_ASIDE_BY_URGENT: readonly TriageLabel[] = ['medical_question', 'complaint', 'praise'];

function modelFinding(text: string, label: ModelLabel, score: LabelScore): TriageFinding {
  const span = score.top[0]?.span ?? { start: 0, end: text.length };
  const words = score.top.map((t) => `"${text.slice(t.span.start, t.span.end)}"`);
  const named = [...new Set(words)].join(', ') || 'the comment as a whole';
  return {
    label,
    rule: `${label}.model`,
    start: span.start,
    end: span.end,
    text: text.slice(span.start, span.end),
    reason: `${REASON[label](named)} (p ${score.probability.toFixed(2)})`,
    strength: 'strong',
  };
}

/**
 * The model's probability for each label it holds, on the rules' answer (what inbox:train fits), with the threshold
 * it must reach: the usual one on a sign of danger, a stricter one without any; none where the rules set it aside.
 */
export function modelScores(
  folded: string,
  rules: TriageResult,
  model: TriageModel,
): Partial<Record<ModelLabel, LabelScore & { threshold: number }>> {
  const features = triageFeatures(folded, rules);
  const out: Partial<Record<ModelLabel, LabelScore & { threshold: number }>> = {};
  for (const [label, m] of Object.entries(model.labels) as Array<
    [ModelLabel, NonNullable<TriageModel['labels'][ModelLabel]>]
  >) {
    const threshold = thresholdAt(m, modelGate(label, features.keys()));
    if (threshold <= 1) out[label] = { ...scoreLabel(m, features), threshold };
  }
  return out;
}

export function applyTriageModel(text: string, folded: string, rules: TriageResult, model: TriageModel): TriageResult {
  // Spam carries no other label; the rules have the last word on it.
  if (rules.labels.includes('spam')) return rules;
  const scores = modelScores(folded, rules, model);
  let findings = [...rules.findings];
  let added = false;
  for (const label of ['urgent', 'self_phi'] as const) {
    const score = scores[label];
    if (!score || score.probability < score.threshold || rules.labels.includes(label)) continue;
    findings.push(modelFinding(text, label, score));
    added = true;
    if (label === 'urgent') findings = findings.filter((f) => !SET_ASIDE_BY_URGENT.includes(f.label));
  }
  if (!added) return rules;
  findings.sort((a, b) => TRIAGE_LABELS.indexOf(a.label) - TRIAGE_LABELS.indexOf(b.label) || a.start - b.start);
  const present = new Set<TriageLabel>(findings.map((f) => f.label));
  const labels = TRIAGE_LABELS.filter((l) => present.has(l));
  return { labels: labels.length ? labels : ['general'], findings, discounted: rules.discounted };
}
