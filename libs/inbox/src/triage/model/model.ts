// The triage model: one logistic regression per label over triage features, trained on the tuned corpus
// (scripts/inbox-train.ts) and stored in config/inbox-triage. It adds a label the rules missed, and names
// the words that weighed most.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Bounds } from '../text';
import { FeatureSpans } from './features';

/** The labels the model may add (a missed emergency or a missed disclosure costs most). */
export const MODEL_LABELS = ['urgent', 'self_phi'] as const;
export type ModelLabel = (typeof MODEL_LABELS)[number];

export interface LabelModel {
  /** Probability from which the model adds the label when the rules did not. */
  threshold: number;
  /**
   * Probability from which it adds the label to a comment with no sign the rules know (a goodbye with no word of
   * danger: "this is the last time you'll hear from me"); above 1 it never does. Chosen out of fold like the other.
   */
  noSignThreshold: number;
  weights: ReadonlyMap<string, number>;
}

export interface TriageModel {
  version: string;
  labels: Partial<Record<ModelLabel, LabelModel>>;
}

export interface LabelScore {
  probability: number;
  /** The features that pushed the score up most, strongest first. */
  top: Array<{ feature: string; weight: number; span: Bounds }>;
}

export const MODEL_DIR = join('config', 'inbox-triage');
export const MODEL_FILE = 'triage-model.json';

interface ModelFile {
  labels: Record<string, { threshold: number; no_sign_threshold?: number; weights: Record<string, number> }>;
}

/** Walks up from `from` to the folder holding config/inbox-triage (TS sources or dist/ alike). */
export function findModelDirectory(from: string = __dirname): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, MODEL_DIR);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function parseTriageModel(raw: string, where = MODEL_FILE): TriageModel {
  const parsed = JSON.parse(raw) as ModelFile;
  if (typeof parsed.labels !== 'object' || parsed.labels === null) throw new Error(`${where}: needs "labels"`);
  const labels: TriageModel['labels'] = {};
  for (const label of MODEL_LABELS) {
    const entry = parsed.labels[label];
    if (!entry) continue;
    if (typeof entry.threshold !== 'number' || typeof entry.weights !== 'object')
      throw new Error(`${where}: label ${label} needs "threshold" and "weights"`);
    if (entry.no_sign_threshold !== undefined && typeof entry.no_sign_threshold !== 'number')
      throw new Error(`${where}: label ${label} "no_sign_threshold" must be a number`);
    labels[label] = {
      threshold: entry.threshold,
      noSignThreshold: entry.no_sign_threshold ?? 2,
      weights: new Map(Object.entries(entry.weights)),
    };
  }
  return { version: createHash('sha256').update(raw).digest('hex').slice(0, 8), labels };
}

/** The stored model, or undefined when there is none (triage then runs on its rules alone). */
export function readTriageModel(directory = findModelDirectory()): TriageModel | undefined {
  if (!directory) return undefined;
  const path = join(directory, MODEL_FILE);
  if (!existsSync(path)) return undefined;
  return parseTriageModel(readFileSync(path, 'utf8'), path);
}

/**
 * The model adds urgent only where the rules saw a sign of danger they did not set aside for a reason (a weak
 * sign alone: "he's super sleepy"), or, when they set nothing aside, to a comment with a health word. It never
 * overrules a reason the rules gave (negated, past, a figure of speech, a general question, a topic), and words
 * alone ("Everyone is so welcoming") are never enough: on a few hundred comments a word like "everyone" learns
 * weight from the goodbyes it appears in.
 */
/** Whether the model may add a label: on a sign ("sign"), with no sign at all ("none", the stricter band), never ("veto"). */
export type ModelGate = 'sign' | 'none' | 'veto';

export function modelGate(label: ModelLabel, features: Iterable<string>): ModelGate {
  // A disclosure needs no sign the lists know ("my back went out"): self_phi is left to the threshold.
  if (label === 'self_phi') return 'sign';
  let health = false;
  for (const f of features) {
    if (f.startsWith('u:')) return 'sign';
    if (f.startsWith('x:')) return 'veto';
    if (f === 's:health' || f === 'm:medical') health = true;
  }
  return health ? 'sign' : 'none';
}

export function modelMayAdd(label: ModelLabel, features: Iterable<string>): boolean {
  return modelGate(label, features) === 'sign';
}

/** The threshold a comment must reach at this gate (above 1: the model may not add the label). */
export function thresholdAt(model: LabelModel, gate: ModelGate): number {
  return gate === 'sign' ? model.threshold : gate === 'none' ? model.noSignThreshold : 2;
}

/** Features that name words the person on duty can see (not the bias, not "has a question mark"). */
const explains = (feature: string): boolean => !feature.startsWith('s:');

export function scoreLabel(model: LabelModel, features: FeatureSpans): LabelScore {
  let z = 0;
  const top: LabelScore['top'] = [];
  for (const [feature, span] of features) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    z += weight;
    if (weight > 0 && explains(feature)) top.push({ feature, weight, span });
  }
  top.sort((x, y) => y.weight - x.weight || x.span.start - y.span.start);
  return { probability: 1 / (1 + Math.exp(-z)), top: top.slice(0, 3) };
}
