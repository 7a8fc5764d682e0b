// Fits the triage model (one logistic regression per label) and measures it out of fold, by writer: each
// writer's comments are scored by a model that never saw that writer, as a new writer's will be.
// Used by inbox:train (which writes the model) and inbox:eval (which prints the cross-validated figures).
import {
  MODEL_LABELS,
  ModelGate,
  ModelLabel,
  modelFeaturesOf,
  modelGate,
  parseTriageModel,
  TriageModel,
} from '@app/inbox';
import { LabelledComment } from './corpus';

export interface Example {
  item: LabelledComment;
  writer: string;
  features: string[];
  /** Labels the rules gave: the model only adds. */
  rules: Set<string>;
}

export interface Fit {
  weights: Record<string, number>;
}

const EPOCHS = 30;
const RATE = 0.3;
const L2 = 1e-3;
const MIN_COUNT = 2;
/**
 * Precision the model alone must keep out of fold for every writer. Urgent: the issue's 0.80, since a missed
 * emergency is the worst error and the rules' own alarms are rarely wrong; self_phi: 0.85.
 */
export const PRECISION_FLOOR: Record<ModelLabel, number> = { urgent: 0.8, self_phi: 0.85 };

export function examplesOf(items: ReadonlyArray<LabelledComment & { writer: string }>): Example[] {
  return items.map((item) => {
    const { rules, features } = modelFeaturesOf(item.text);
    return { item, writer: item.writer, features: [...features.keys()], rules: new Set(rules.labels) };
  });
}

/** A seeded generator, so a training run is repeatable. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Logistic regression by AdaGrad over binary features, seeded; features seen fewer than twice are left out. */
export function fit(examples: readonly Example[], label: ModelLabel): Fit {
  const counts = new Map<string, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts.entries()]
    .filter(([, n]) => n >= MIN_COUNT)
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((e) => ({
    x: e.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
    y: e.item.labels.includes(label) ? 1 : 0,
  }));
  const w = new Float64Array(names.length);
  const g2 = new Float64Array(names.length).fill(1e-8);
  const next = random(7);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const { x, y } = rows[k];
      let z = 0;
      for (const f of x) z += w[f];
      const error = 1 / (1 + Math.exp(-z)) - y;
      for (const f of x) {
        const grad = error + L2 * w[f];
        g2[f] += grad * grad;
        w[f] -= (RATE / Math.sqrt(g2[f])) * grad;
      }
    }
  }
  const weights: Record<string, number> = {};
  names.forEach((f, i) => {
    if (Math.abs(w[i]) >= 0.01) weights[f] = Math.round(w[i] * 1000) / 1000;
  });
  return { weights };
}

/** Where the model may add this label to an example, and how surely (modelGate in libs/inbox). */
export const gateOf = (e: Example, label: ModelLabel): ModelGate => modelGate(label, e.features);

/** The model's probability, whatever the gate (banded applies it). */
export function probability(fitted: Fit, e: Example): number {
  let z = 0;
  for (const f of e.features) z += fitted.weights[f] ?? 0;
  return 1 / (1 + Math.exp(-z));
}

/** The labels triage gives with the model at this threshold: the rules' label, or the model's when spam is not. */
export function decides(e: Example, label: ModelLabel, p: number, threshold: number): boolean {
  return e.rules.has(label) || (!e.rules.has('spam') && p >= threshold);
}

/**
 * The probability as triage uses it: itself on a sign of danger, itself with no sign only from the no-sign
 * threshold on (else 0), and 0 where the rules set the label aside.
 */
export function banded(p: number, gate: ModelGate, noSignThreshold: number): number {
  if (gate === 'sign') return p;
  return gate === 'none' && p >= noSignThreshold ? p : 0;
}

export interface Figures {
  threshold: number;
  support: number;
  precision: number;
  recall: number;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * Precision and recall at a threshold: of the rules and the model together (`alone` false), or of the model alone.
 * On the tuned part the rules were written against, the first flatters; the second is the honest one.
 */
export function figures(
  examples: readonly Example[],
  label: ModelLabel,
  probs: readonly number[],
  threshold: number,
  alone = false,
): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  examples.forEach((e, i) => {
    const want = e.item.labels.includes(label);
    const got = alone ? probs[i] >= threshold : decides(e, label, probs[i], threshold);
    if (want && got) tp++;
    else if (got) fp++;
    else if (want) fn++;
  });
  return {
    threshold,
    support: tp + fn,
    precision: round(tp + fp === 0 ? 1 : tp / (tp + fp)),
    recall: round(tp + fn === 0 ? 1 : tp / (tp + fn)),
  };
}

/** The writers in a stable order: the folds. */
export const writersOf = (examples: readonly Example[]): string[] => [...new Set(examples.map((e) => e.writer))].sort();

/** Probabilities for each example from a model fitted without its writer (leave one writer out). */
export function outOfFold(examples: readonly Example[], label: ModelLabel): number[] {
  const oof = new Array<number>(examples.length).fill(0);
  for (const writer of writersOf(examples)) {
    const fitted = fit(
      examples.filter((e) => e.writer !== writer),
      label,
    );
    examples.forEach((e, i) => {
      if (e.writer === writer) oof[i] = probability(fitted, e);
    });
  }
  return oof;
}

/** Recall a lower threshold must buy to be chosen: one emergency in a hundred, not one comment of the corpus. */
const RECALL_WORTH = 0.01;

/**
 * The threshold from out-of-fold probabilities of the model alone (the rules fit the tuned part too well to
 * show what they miss on a new writer). Among thresholds at which the model alone keeps the precision floor for
 * every writer, the best recall decides (a missed emergency costs most); then the highest threshold within
 * RECALL_WORTH of it, so a threshold is not lowered for one or two comments of a small corpus.
 */
/** The lowest precision of the model alone over the writers, each scored on their own comments. */
function worstWriterPrecision(
  examples: readonly Example[],
  label: ModelLabel,
  probs: readonly number[],
  threshold: number,
): number {
  const byWriter = writersOf(examples).map((w) => examples.map((_, i) => i).filter((i) => examples[i].writer === w));
  return Math.min(
    ...byWriter.map(
      (at) =>
        figures(
          at.map((i) => examples[i]),
          label,
          at.map((i) => probs[i]),
          threshold,
          true,
        ).precision,
    ),
  );
}

export function chooseThreshold(examples: readonly Example[], label: ModelLabel, oof: readonly number[]): number {
  const candidates: Figures[] = [];
  for (let t = 5; t <= 99; t++) {
    if (worstWriterPrecision(examples, label, oof, t / 100) >= PRECISION_FLOOR[label])
      candidates.push(figures(examples, label, oof, t / 100, true));
  }
  if (candidates.length === 0) return 1.01;
  const best = Math.max(...candidates.map((f) => f.recall));
  return Math.max(...candidates.filter((f) => f.recall >= best - RECALL_WORTH).map((f) => f.threshold));
}

/**
 * The no-sign threshold, from the same out-of-fold probabilities: with the main threshold fixed, the candidates
 * keep the precision floor for every writer; the best recall decides, then the highest threshold within
 * RECALL_WORTH of it, "never" (above 1) included: the band is used only where it buys that much recall.
 */
export function chooseNoSignThreshold(
  examples: readonly Example[],
  label: ModelLabel,
  oof: readonly number[],
  gates: readonly ModelGate[],
  threshold: number,
): number {
  const candidates: Array<{ noSign: number; recall: number }> = [];
  for (const noSign of [...Array.from({ length: 50 }, (_, k) => (50 + k) / 100), 2]) {
    const probs = oof.map((p, i) => banded(p, gates[i], noSign));
    if (worstWriterPrecision(examples, label, probs, threshold) >= PRECISION_FLOOR[label])
      candidates.push({ noSign, recall: figures(examples, label, probs, threshold, true).recall });
  }
  if (candidates.length === 0) return 2;
  const best = Math.max(...candidates.map((c) => c.recall));
  return Math.max(...candidates.filter((c) => c.recall >= best - RECALL_WORTH).map((c) => c.noSign));
}

export interface ModelJson {
  description: string;
  trained_on: { comments: number; writers: string[] };
  labels: Record<
    string,
    { threshold: number; no_sign_threshold: number; features: number; weights: Record<string, number> }
  >;
}

export interface LabelThresholds {
  threshold: number;
  noSign: number;
}

/** Fits every label on these examples with the given thresholds, as the JSON inbox:train stores. */
export function modelJson(examples: readonly Example[], thresholds: Record<ModelLabel, LabelThresholds>): ModelJson {
  const labels: ModelJson['labels'] = {};
  for (const label of MODEL_LABELS) {
    const { weights } = fit(examples, label);
    labels[label] = {
      threshold: thresholds[label].threshold,
      no_sign_threshold: thresholds[label].noSign,
      features: Object.keys(weights).length,
      weights,
    };
  }
  return {
    description:
      'Triage model: one logistic regression per label over triage features (libs/inbox/src/triage/model), trained by npm run -s inbox:train on the tuned part only. Adds a label the rules missed when its probability reaches the threshold (no_sign_threshold where the rules saw no sign of danger; above 1: never); thresholds come from leave-one-writer-out predictions.',
    trained_on: { comments: examples.length, writers: writersOf(examples) },
    labels,
  };
}

export const asModel = (json: ModelJson): TriageModel => parseTriageModel(JSON.stringify(json));
