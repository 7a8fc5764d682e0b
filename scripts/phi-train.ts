// Trains the story model (config/phi-rules/story-model.json) on the tuned corpus: a logistic regression
// over the features the rules leave behind (words with people as roles, word pairs, what the rules found).
// The threshold is chosen on out-of-fold predictions, so the figures it prints are not the training fit.
//   npm run -s phi:train            train, choose the threshold, write the model, print the cross-validated figures
// The blind part is never read here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createChecker,
  findRulesDirectory,
  hasPersonEvidence,
  hasStoryEvidence,
  isDowngradable,
  readRulePack,
  readsAPatient,
} from '@app/compliance';
import { CorpusItem, loadTunedPart } from './phi/corpus';

interface Example {
  features: number[];
  label: number;
  rulesBlock: boolean;
  /** Every block finding is one the model may send to a reviewer as a warning (no Safe Harbor identifier). */
  downgradable: boolean;
  /** A sign of a person or of care: without one the model never blocks. */
  evidence: boolean;
  /** A sign of one person, not care alone: below it the model needs care_only_threshold. */
  person: boolean;
  /** Every block finding reads a person as a patient (a care reading or an identifier of that person). */
  contextual: boolean;
  item: CorpusItem;
}

const FOLDS = 5;
const EPOCHS = 30;
const RATE = 0.3;
const L2 = 2e-4;
const MIN_COUNT = 2;

/** A seeded generator, so a training run is repeatable. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function train(examples: readonly Example[], size: number): Float64Array {
  const w = new Float64Array(size);
  const g2 = new Float64Array(size).fill(1e-8);
  const next = random(7);
  const order = examples.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const e = examples[k];
      let z = 0;
      for (const f of e.features) z += w[f];
      const error = 1 / (1 + Math.exp(-z)) - e.label;
      for (const f of e.features) {
        const grad = error + L2 * w[f];
        g2[f] += grad * grad;
        w[f] -= (RATE / Math.sqrt(g2[f])) * grad;
      }
    }
  }
  return w;
}

function probability(w: Float64Array, e: Example): number {
  let z = 0;
  for (const f of e.features) z += w[f];
  return 1 / (1 + Math.exp(-z));
}

/** The model's three thresholds (see StoryModel in libs/compliance). */
interface Thresholds {
  threshold: number;
  care_only_threshold: number;
  no_evidence_threshold: number;
  warn_below: number;
  patient_reading_below: number;
}

interface Figures extends Thresholds {
  block_recall: number;
  false_block_rate: number;
}

const RULES_ONLY: Thresholds = {
  threshold: 2,
  care_only_threshold: 2,
  no_evidence_threshold: 2,
  warn_below: 0,
  patient_reading_below: 0,
};

/** Whether the checker blocks an example at these thresholds (apply.ts, on out-of-fold probabilities). */
function blocks(e: Example, p: number, t: Thresholds): boolean {
  if (e.rulesBlock) {
    if (e.downgradable && p < Math.max(t.warn_below, t.patient_reading_below)) return false;
    if (e.contextual && p < t.patient_reading_below) return false;
    return true;
  }
  if (!e.evidence) return p >= t.no_evidence_threshold;
  return p >= (e.person ? t.threshold : t.care_only_threshold);
}

function figures(examples: readonly Example[], probs: readonly number[], t: Thresholds): Figures {
  let tp = 0;
  let positives = 0;
  let fp = 0;
  let negatives = 0;
  examples.forEach((e, i) => {
    const blocked = blocks(e, probs[i], t);
    if (e.label === 1) {
      positives++;
      if (blocked) tp++;
    } else {
      negatives++;
      if (blocked) fp++;
    }
  });
  return {
    ...t,
    block_recall: Math.round((tp / positives) * 1000) / 1000,
    false_block_rate: Math.round((fp / negatives) * 1000) / 1000,
  };
}

/**
 * Thresholds from out-of-fold predictions: the highest recall whose false-block rate stays within the target;
 * a missed leak costs more than a blocked post, so recall breaks ties. Posts and replies are chosen apart.
 */
function chooseThresholds(examples: readonly Example[], oof: readonly number[]): Figures {
  // 4 %, not 5: new practices run about a point above the cross-validated rate (phi:eval, blind part).
  const TARGET_FALSE_BLOCK = 0.04;
  let best: Figures | undefined;
  for (let t = 20; t <= 99; t++) {
    // Without a sign of one person the model must be surer: the corpus is rich in hard negatives, real feeds
    // in plain news ("Flu shots are in this week."), which the cross-validated rate undercounts.
    for (const c of [0.8, 0.85, 0.9, 0.95, 1.01].filter((x) => x >= t / 100)) {
      // With no sign of a person or care at all, only a model at least as sure as for care alone blocks.
      for (const ne of [0.85, 0.9, 0.95, 1.01].filter((x) => x >= c))
        for (let l = 0; l <= 50; l += 2) {
          for (const r of [0, 0.02, 0.05, 0.1, 0.15, 0.2]) {
            const f = figures(examples, oof, {
              threshold: t / 100,
              care_only_threshold: c,
              no_evidence_threshold: ne,
              warn_below: l / 100,
              patient_reading_below: r,
            });
            if (f.false_block_rate > TARGET_FALSE_BLOCK) continue;
            if (
              !best ||
              f.block_recall > best.block_recall ||
              (f.block_recall === best.block_recall && f.false_block_rate < best.false_block_rate)
            )
              best = f;
          }
        }
    }
  }
  return best ?? figures(examples, oof, { ...RULES_ONLY, threshold: 0.99, care_only_threshold: 0.99 });
}

/**
 * Probabilities for each example from a model that never saw its practice: the folds are by practice, as a
 * new practice will be, so these figures predict the blind part. `share` trains on that part of the rest
 * (the learning curve: how much more data would help).
 */
function outOfFold(examples: readonly Example[], size: number, share: number): number[] {
  const practices = [...new Set(examples.map((e) => e.item.practice))].sort();
  const foldOf = examples.map((e) => practices.indexOf(e.item.practice) % FOLDS);
  const kept = (i: number): boolean => ((i * 2654435761) >>> 0) % 1000 < share * 1000;
  const oof = new Array<number>(examples.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const w = train(
      examples.filter((_, i) => foldOf[i] !== fold && kept(i)),
      size,
    );
    examples.forEach((e, i) => {
      if (foldOf[i] === fold) oof[i] = probability(w, e);
    });
  }
  return oof;
}

function main(): void {
  const part = loadTunedPart();
  const checker = createChecker(readRulePack());
  const counts = new Map<string, number>();
  const raw = part.items.map((item) => {
    const options = { kind: item.kind, context: item.context };
    const profile = part.profileOf(item.practice);
    const features = checker.storyFeatures(item.text, profile, options);
    for (const f of features) counts.set(f, (counts.get(f) ?? 0) + 1);
    const result = checker.check(item.text, profile, options);
    const downgradable = result.findings.filter((f) => f.severity === 'block').every((f) => isDowngradable(f.rule));
    const contextual = result.findings.filter((f) => f.severity === 'block').every((f) => readsAPatient(f.rule));
    return {
      item,
      features,
      rulesBlock: result.verdict === 'block',
      downgradable,
      contextual,
      evidence: hasStoryEvidence(features),
      person: hasPersonEvidence(features),
    };
  });
  const names = [...counts.entries()]
    .filter(([, n]) => n >= MIN_COUNT)
    .map(([f]) => f)
    .sort();
  const index = new Map(names.map((f, i) => [f, i]));
  const examples: Example[] = raw.map((r) => ({
    item: r.item,
    rulesBlock: r.rulesBlock,
    downgradable: r.downgradable,
    contextual: r.contextual,
    evidence: r.evidence,
    person: r.person,
    label: r.item.label === 'block' ? 1 : 0,
    features: r.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined),
  }));
  // Out-of-fold probabilities: each example scored by a model that never saw it.
  const oof = outOfFold(examples, names.length, 1);
  const ofKind = (kind: string, probs: readonly number[]): { examples: Example[]; probs: number[] } => {
    const at = examples.map((_, i) => i).filter((i) => examples[i].item.kind === kind);
    return { examples: at.map((i) => examples[i]), probs: at.map((i) => probs[i]) };
  };
  const choose = (kind: string, probs: readonly number[]): Figures => {
    const part = ofKind(kind, probs);
    return chooseThresholds(part.examples, part.probs);
  };
  const chosen = choose('post', oof);
  const chosenReply = choose('reply', oof);
  const thresholdsFile = (t: Thresholds): Thresholds => ({
    threshold: t.threshold,
    care_only_threshold: t.care_only_threshold,
    no_evidence_threshold: t.no_evidence_threshold,
    warn_below: t.warn_below,
    patient_reading_below: t.patient_reading_below,
  });
  const w = train(examples, names.length);
  const weights: Record<string, number> = {};
  names.forEach((f, i) => {
    if (Math.abs(w[i]) >= 0.01) weights[f] = Math.round(w[i] * 1000) / 1000;
  });
  const file = join(findRulesDirectory(), 'story-model.json');
  const model = {
    description:
      'Story model: logistic regression over story features (libs/compliance/src/core/model), trained by npm run -s phi:train on the tuned corpus only. Blocks a post the rules let through when its probability reaches the threshold.',
    trained_on: { items: examples.length, features: Object.keys(weights).length },
    ...thresholdsFile(chosen),
    reply: thresholdsFile(chosenReply),
    weights,
  };
  writeFileSync(file, `${JSON.stringify(model, null, 1)}\n`);
  const byKind = (kind: string): Record<string, Figures> => {
    const part = ofKind(kind, oof);
    return {
      rules_only: figures(
        part.examples,
        part.probs.map(() => 1),
        RULES_ONLY,
      ),
      with_model_cross_validated: figures(part.examples, part.probs, kind === 'reply' ? chosenReply : chosen),
    };
  };
  // --curve: recall and false-block out of fold for other thresholds, to see the trade-off.
  if (process.argv.includes('--curve')) {
    for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
      for (const r of [0, 0.05, 0.1, 0.2])
        process.stderr.write(
          `${JSON.stringify(figures(examples, oof, { ...chosen, threshold, patient_reading_below: r }))}\n`,
        );
  }
  // --learning-curve: the cross-validated figures (thresholds chosen afresh) when training on part of the data.
  if (process.argv.includes('--learning-curve')) {
    for (const share of [0.25, 0.5, 0.75, 1]) {
      const p = outOfFold(examples, names.length, share);
      const items = Math.round(examples.length * share * (1 - 1 / FOLDS));
      process.stderr.write(
        `${JSON.stringify({ share, training_items: items, posts: choose('post', p), replies: choose('reply', p) })}\n`,
      );
    }
  }
  // --misses: the tuned items the rules and the model get wrong out of fold, for whoever improves the rules.
  if (process.argv.includes('--misses')) {
    const misses = examples
      .map((e, i) => ({ e, p: oof[i] }))
      .filter(({ e, p }) => blocks(e, p, e.item.kind === 'reply' ? chosenReply : chosen) !== (e.label === 1))
      .map(({ e, p }) => ({
        id: e.item.id,
        expected: e.item.label,
        p: Math.round(p * 100) / 100,
        rules: e.rulesBlock,
        evidence: e.evidence,
        person: e.person,
        text: e.item.text,
      }));
    process.stderr.write(`${misses.map((m) => JSON.stringify(m)).join('\n')}\n`);
  }
  process.stdout.write(
    `${JSON.stringify({ file, posts_thresholds: thresholdsFile(chosen), replies_thresholds: thresholdsFile(chosenReply), features: Object.keys(weights).length, posts: byKind('post'), replies: byKind('reply') }, null, 2)}\n`,
  );
}

main();
