// Trains the triage model (config/inbox-triage/triage-model.json) on the tuned part of the inbox corpus:
// one logistic regression per label over words, stems, word pairs and the signs the rules saw. Thresholds come
// from leave-one-writer-out predictions of the model alone, so they hold for a writer the model never saw.
//   npm run -s inbox:train            train, choose thresholds, write the model, print the cross-validated figures
//   npm run -s inbox:train -- --curve the cross-validated trade-off at other thresholds (stderr)
// The blind part is never read here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MODEL_FILE, MODEL_LABELS, ModelLabel } from '@app/inbox';
import { loadTunedByWriter } from './inbox/corpus';
import {
  banded,
  chooseNoSignThreshold,
  chooseThreshold,
  examplesOf,
  figures,
  Figures,
  gateOf,
  LabelThresholds,
  modelJson,
  outOfFold,
  writersOf,
} from './inbox/learn';

function main(): void {
  const examples = examplesOf(loadTunedByWriter());
  const thresholds = {} as Record<ModelLabel, LabelThresholds>;
  const report: Record<string, unknown> = {};
  const writers = writersOf(examples);
  const ofWriter = (w: string) => examples.map((_, i) => i).filter((i) => examples[i].writer === w);
  for (const label of MODEL_LABELS) {
    const raw = outOfFold(examples, label);
    const gates = examples.map((e) => gateOf(e, label));
    // The usual threshold first, as if the no-sign band were closed; then the band, with that threshold fixed.
    const t = chooseThreshold(
      examples,
      label,
      raw.map((p, i) => banded(p, gates[i], 2)),
    );
    const noSign = chooseNoSignThreshold(examples, label, raw, gates, t);
    thresholds[label] = { threshold: t, noSign };
    const oof = raw.map((p, i) => banded(p, gates[i], noSign));
    const perWriter = (alone: boolean): Record<string, Figures> =>
      Object.fromEntries(
        writers.map((w) => {
          const at = ofWriter(w);
          const f = figures(
            at.map((i) => examples[i]),
            label,
            at.map((i) => oof[i]),
            t,
            alone,
          );
          return [w, f];
        }),
      );
    report[label] = {
      // Each writer scored by a model fitted without that writer (leave one writer out).
      model_alone_cross_validated: { all: figures(examples, label, oof, t, true), ...perWriter(true) },
      // The rules were written against every tuned writer: these flatter, and are shown for comparison only.
      rules_only: figures(examples, label, oof, 1.01),
      rules_and_model_cross_validated: { all: figures(examples, label, oof, t), ...perWriter(false) },
    };
    if (process.argv.includes('--curve'))
      for (let c = 10; c < 95; c += 5)
        for (const w of writers) {
          const at = ofWriter(w);
          const f = figures(
            at.map((i) => examples[i]),
            label,
            at.map((i) => oof[i]),
            c / 100,
            true,
          );
          process.stderr.write(`${JSON.stringify({ label, writer: w, model_alone: f })}\n`);
        }
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
