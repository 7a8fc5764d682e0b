// Trains the triage model (config/inbox-triage/triage-model.json) on the tuned part of the inbox corpus:
// one logistic regression per label over words, word pairs and the rules' findings. Thresholds come from
// leave-one-writer-out predictions, so the figures printed are what a new writer's comments should get.
//   npm run -s inbox:train            train, choose thresholds, write the model, print the cross-validated figures
//   npm run -s inbox:train -- --curve the cross-validated trade-off at other thresholds (stderr)
// The blind part is never read here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODEL_FILE, MODEL_LABELS, ModelLabel } from '@app/inbox';
import { loadTunedByWriter } from './inbox/corpus';
import { chooseThreshold, examplesOf, figures, Figures, modelJson, outOfFold, writersOf } from './inbox/learn';

function main(): void {
  const examples = examplesOf(loadTunedByWriter());
  const thresholds = {} as Record<ModelLabel, number>;
  const report: Record<string, unknown> = {};
  for (const label of MODEL_LABELS) {
    const oof = outOfFold(examples, label);
    const chosen = chooseThreshold(examples, label, oof);
    thresholds[label] = chosen.threshold;
    const byWriter: Record<string, Figures> = {};
    for (const writer of writersOf(examples)) {
      const at = examples.map((_, i) => i).filter((i) => examples[i].writer === writer);
      byWriter[writer] = figures(
        at.map((i) => examples[i]),
        label,
        at.map((i) => oof[i]),
        chosen.threshold,
      );
    }
    report[label] = {
      rules_only: figures(examples, label, oof, 1.01),
      with_model_cross_validated: chosen,
      by_writer_cross_validated: byWriter,
    };
    if (process.argv.includes('--curve'))
      for (let t = 0.1; t < 0.95; t += 0.05)
        process.stderr.write(
          `${JSON.stringify({ label, ...figures(examples, label, oof, Math.round(t * 100) / 100) })}\n`,
        );
  }
  const json = modelJson(examples, thresholds);
  const dir = resolve(__dirname, '..', 'config', 'inbox-triage');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, MODEL_FILE);
  writeFileSync(file, `${JSON.stringify(json, null, 1)}\n`);
  const features = Object.fromEntries(Object.entries(json.labels).map(([l, m]) => [l, m.features]));
  process.stdout.write(
    `${JSON.stringify({ file, comments: examples.length, writers: writersOf(examples), thresholds, features, ...report }, null, 2)}\n`,
  );
}

main();
