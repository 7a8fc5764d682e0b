// The story model: a logistic regression over story features, trained on the tuned corpus
// (scripts/phi-train.ts) and stored next to the rule packs. It catches a story about one patient that
// no rule names, and says which words weighed most.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureSpans } from './features';
import { Span } from '../text/tokens';

export interface StoryModel {
  version: string;
  /** Probability from which the model blocks a post the rules let through. */
  threshold: number;
  /** Below this probability a block that only the care rules raised goes to a reviewer as a warning. */
  warnBelow: number;
  weights: ReadonlyMap<string, number>;
}

/**
 * Rules whose block the model may turn into a warning: readings of who is a patient. A Safe Harbor
 * identifier (a date or place of a person included), a record, a bill, a testimonial or a photo always blocks.
 */
export function isDowngradable(rule: string): boolean {
  return (
    (rule.startsWith('care.') && rule !== 'care.billing-detail' && rule !== 'care.story-model') ||
    rule.startsWith('name.') ||
    rule.startsWith('review.confirms') ||
    rule === 'review.care-detail'
  );
}

export interface StoryScore {
  probability: number;
  /** The features that pushed the score up most, strongest first. */
  top: Array<{ feature: string; weight: number; span: Span }>;
}

export const MODEL_FILE = 'story-model.json';

interface ModelFile {
  threshold: number;
  warn_below?: number;
  weights: Record<string, number>;
}

export function readStoryModel(directory: string): StoryModel | undefined {
  const path = join(directory, MODEL_FILE);
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path, 'utf8');
  const parsed = JSON.parse(raw) as ModelFile;
  if (typeof parsed.threshold !== 'number' || typeof parsed.weights !== 'object')
    throw new Error(`${path}: needs "threshold" and "weights"`);
  return {
    version: createHash('sha256').update(raw).digest('hex').slice(0, 8),
    threshold: parsed.threshold,
    warnBelow: parsed.warn_below ?? 0,
    weights: new Map(Object.entries(parsed.weights)),
  };
}

export function scoreStory(model: StoryModel, features: FeatureSpans): StoryScore {
  let z = 0;
  const top: StoryScore['top'] = [];
  for (const [feature, span] of features) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    z += weight;
    if (weight > 0 && !feature.startsWith('s:bias')) top.push({ feature, weight, span });
  }
  top.sort((x, y) => y.weight - x.weight);
  return { probability: 1 / (1 + Math.exp(-z)), top: top.slice(0, 3) };
}

/**
 * The model may block only a post with some sign of a person or of care: a finding of the rules, a name
 * the rules read as a patient, a tagged handle, a reference ("the barista at..."), "he"/"she", or a care
 * word. A post with neither is never blocked on its words alone.
 */
export function hasStoryEvidence(features: Iterable<string>): boolean {
  for (const f of features) {
    if (
      f.startsWith('s:care:') ||
      f.startsWith('s:ref:') ||
      f.startsWith('s:rule:') ||
      f === 's:person' ||
      f === 'w:<patient>' ||
      f === 'w:<handle>'
    )
      return true;
  }
  return false;
}
