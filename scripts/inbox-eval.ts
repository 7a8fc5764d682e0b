// Prints one JSON object: how well comment triage does on the labelled corpus.
//   npm run -s inbox:eval                 both parts: tuned (figures and every miss) and blind (figures only)
//   npm run -s inbox:eval -- other.jsonl  one file, with its misses
//   npm run -s inbox:eval -- --label urgent   tuned misses for one label only
import { triage } from '@app/inbox';
import { blindFiles, loadBlind, loadComments, loadTuned } from './inbox/corpus';
import { evaluate } from './inbox/evaluate';

const args = process.argv.slice(2);
const labelAt = args.indexOf('--label');
const only = labelAt >= 0 ? args[labelAt + 1] : undefined;
const file = args.find((a, i) => !a.startsWith('--') && i !== labelAt + 1);
const run = (text: string) => triage(text);

if (file) {
  process.stdout.write(`${JSON.stringify(evaluate(loadComments(file), run), null, 2)}\n`);
} else {
  const tuned = evaluate(loadTuned(), run);
  // The blind part's texts must never reach whoever writes the rules: figures only, overall and per writer.
  const figuresOf = (items: ReturnType<typeof loadComments>) => {
    const { misses, ...figures } = evaluate(items, run);
    void misses;
    return figures;
  };
  const out = {
    tuned: { ...tuned, misses: tuned.misses.filter((m) => !only || m.label === only) },
    blind: figuresOf(loadBlind()),
    blind_by_writer: Object.fromEntries(blindFiles().map((f) => [f.writer, figuresOf(loadComments(f.path))])),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
