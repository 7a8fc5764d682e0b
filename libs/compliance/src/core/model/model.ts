// The story model: a logistic regression over story features, trained on the tuned corpus
// (scripts/phi-train.ts) and stored next to the rule packs. It catches a story about one patient that
// no rule names, and says which words weighed most.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeatureSpans } from './features';
import { Span } from '../text/tokens';

/** Where the model's probability changes a verdict; posts and replies each have their own. */
export interface StoryThresholds {
  /** Probability from which the model blocks a post the rules let through, when it points at someone. */
  threshold: number;
  /**
   * The same for a post with care words but no sign of one person ("Flu shots are in this week."): word
   * pairs learned from stories weigh on general news too, so the model must be surer there.
   */
  careOnlyThreshold: number;
  /**
   * The same with no sign of a person or of care at all: the words alone read as one patient's story
   * ("good luck at your 36-week check Monday!"). Above 1 when the model never blocks such a post.
   */
  noEvidenceThreshold: number;
  /** Below this probability a block that only the care rules raised goes to a reviewer as a warning. */
  warnBelow: number;
  /**
   * Below this (lower) probability a block whose findings are all readings of a patient — the care rules,
   * or an identifier that is one only because its person reads as a patient ("June 7" next to "June",
   * "Bill" read as a bill) — goes to a reviewer as a warning too.
   */
  patientReadingBelow: number;
}

/** The thresholds of posts (top level) and of replies. */
export interface StoryModelThresholds extends StoryThresholds {
  reply: StoryThresholds;
}

export interface StoryModel extends StoryModelThresholds {
  version: string;
  weights: ReadonlyMap<string, number>;
}

/** The model's thresholds alone, in an object of their own (holding no reference to its weights). */
export function storyThresholdsOf(model: StoryModelThresholds): StoryModelThresholds {
  const pick = (t: StoryThresholds): StoryThresholds => ({
    threshold: t.threshold,
    careOnlyThreshold: t.careOnlyThreshold,
    noEvidenceThreshold: t.noEvidenceThreshold,
    warnBelow: t.warnBelow,
    patientReadingBelow: t.patientReadingBelow,
  });
  return { ...pick(model), reply: pick(model.reply) };
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

/**
 * Identifiers of a patient: each blocks because the rules read someone in the post as a patient (their
 * date, their town, their bill, their photo, a detail that singles them out). When the model is nearly sure
 * the post tells no patient's story, the reading is likely wrong, and a reviewer decides. A number that is
 * an identifier by itself (a phone, an e-mail, a record, an SSN), a testimonial and an age over 89 always block.
 */
export function readsAPatient(rule: string): boolean {
  return (
    isDowngradable(rule) ||
    rule === 'date.person' ||
    rule === 'geo.place-patient' ||
    rule === 'care.billing-detail' ||
    rule === 'photo.identifiable' ||
    rule === 'review.records-disclosure' ||
    rule.startsWith('reid.')
  );
}

export interface StoryScore {
  probability: number;
  /** The features that pushed the score up most, strongest first. */
  top: Array<{ feature: string; weight: number; span: Span }>;
}

export const MODEL_FILE = 'story-model.json';

interface ThresholdsFile {
  threshold: number;
  care_only_threshold?: number;
  no_evidence_threshold?: number;
  warn_below?: number;
  patient_reading_below?: number;
}

interface ModelFile extends ThresholdsFile {
  reply?: ThresholdsFile;
  weights: Record<string, number>;
}

function thresholdsOf(file: ThresholdsFile): StoryThresholds {
  return {
    threshold: file.threshold,
    careOnlyThreshold: file.care_only_threshold ?? file.threshold,
    noEvidenceThreshold: file.no_evidence_threshold ?? 2,
    warnBelow: file.warn_below ?? 0,
    patientReadingBelow: file.patient_reading_below ?? 0,
  };
}

function versionOf(raw: string): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 8);
}

/** The version of the model in `directory` (as readStoryModel gives it), without parsing its weights. */
export function storyModelVersion(directory: string): string | undefined {
  const path = join(directory, MODEL_FILE);
  return existsSync(path) ? versionOf(readFileSync(path, 'utf8')) : undefined;
}

export function readStoryModel(directory: string): StoryModel | undefined {
  const path = join(directory, MODEL_FILE);
  if (!existsSync(path)) return undefined;
  const raw = readFileSync(path, 'utf8');
  const parsed = JSON.parse(raw) as ModelFile;
  if (typeof parsed.threshold !== 'number' || typeof parsed.weights !== 'object')
    throw new Error(`${path}: needs "threshold" and "weights"`);
  return {
    version: versionOf(raw),
    ...thresholdsOf(parsed),
    reply: thresholdsOf(parsed.reply ?? parsed),
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
/** A feature that points at one person: a patient-like name, a handle, a reference, a rule finding, "he"/"she". */
export function isPersonFeature(f: string): boolean {
  return (
    f.startsWith('s:ref:') || f.startsWith('s:rule:') || f === 's:person' || f === 'w:<patient>' || f === 'w:<handle>'
  );
}

/** A sign of one person, not care alone (see StoryThresholds.careOnlyThreshold). */
export function hasPersonEvidence(features: Iterable<string>): boolean {
  for (const f of features) if (isPersonFeature(f)) return true;
  return false;
}

export function hasStoryEvidence(features: Iterable<string>): boolean {
  for (const f of features) if (isPersonFeature(f) || f.startsWith('s:care:')) return true;
  return false;
}
