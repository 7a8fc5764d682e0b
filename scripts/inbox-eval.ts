// Prints one JSON object: how well comment triage does on the labelled corpus.
//   npm run -s inbox:eval                 tuned part cross-validated by writer (figures and every miss), the tuned
//                                         fit, and the blind part (figures only)
//   npm run -s inbox:eval -- other.jsonl  one file, with its misses
//   npm run -s inbox:eval -- --label urgent   cross-validated tuned misses for one label only
//   npm run -s inbox:eval -- --rules-only     the rules without the model (config/inbox-triage)
import { storedTriageModel, triage, TriageModel, TriageResult } from '@app/inbox';
import { blindFiles, LabelledComment, loadBlind, loadComments, loadTuned, loadTunedByWriter } from './inbox/corpus';
import { evaluate, EvalReport } from './inbox/evaluate';
import { asModel, examplesOf, modelJson, writersOf } from './inbox/learn';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const only = labelAt >= 0 ? args[labelAt + 1] : undefined;
const rulesOnly = args.includes('--rules-only');
const file = args.find((a, i) => !a.startsWith('--') && (labelAt < 0 || i !== labelAt + 1));
const stored = rulesOnly ? null : storedTriageModel();
const withModel =
  (model: TriageModel | null) =>
  (text: string): TriageResult =>
    triage(text, {}, { model });

/** Each tuned writer's comments triaged with a model fitted without that writer, at the stored thresholds. */
function crossValidated(): EvalReport & { by_writer: Record<string, Omit<EvalReport, 'misses'>> } {
  const items = loadTunedByWriter();
  const examples = examplesOf(items);
  const results = new Map<LabelledComment, TriageResult>();
  const by_writer: Record<string, Omit<EvalReport, 'misses'>> = {};
  for (const writer of writersOf(examples)) {
    let model: TriageModel | null = null;
    if (stored) {
      const thresholds = { urgent: { threshold: 2, noSign: 2 }, self_phi: { threshold: 2, noSign: 2 } };
      for (const [label, m] of Object.entries(stored.labels))
        thresholds[label as keyof typeof thresholds] = { threshold: m.threshold, noSign: m.noSignThreshold };
      model = asModel(
        modelJson(
          examples.filter((e) => e.writer !== writer),
          thresholds,
        ),
      );
    }
    const own = items.filter((i) => i.writer === writer);
    for (const item of own) results.set(item, withModel(model)(item.text));
    const { misses, ...figures } = evaluate(own, (t) => withModel(model)(t));
    void misses;
    by_writer[writer] = figures;
  }
  const all = evaluate(items, (text) => results.get(items.find((i) => i.text === text)!)!);
  return { ...all, by_writer };
}

const figuresOf = (items: LabelledComment[]) => {
  const { misses, ...figures } = evaluate(items, withModel(stored));
  void misses;
  return figures;
};

if (file) {
  process.stdout.write(`${JSON.stringify(evaluate(loadComments(file), withModel(stored)), null, 2)}\n`);
} else {
  const cv = crossValidated();
  const out = {
    model: stored ? stored.version : 'none (rules only)',
    tuned_cross_validated: { ...cv, misses: cv.misses.filter((m) => !only || m.label === only) },
    tuned_fit: figuresOf(loadTuned()),
    // The blind part's texts must never reach whoever writes the rules: figures only, overall and per writer.
    blind: figuresOf(loadBlind()),
    blind_by_writer: Object.fromEntries(blindFiles().map((f) => [f.writer, figuresOf(loadComments(f.path))])),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
