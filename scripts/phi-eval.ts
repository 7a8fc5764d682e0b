// Prints one JSON object: how well the PHI checker does on the labelled corpus.
//   npm run -s phi:eval                      both parts: tuned (figures and every miss) and blind (figures only)
//   npm run -s phi:eval -- other.jsonl [dir] one file, with its misses; profiles from dir (default: the file's folder)
import { dirname } from 'node:path';
import { check } from '@app/compliance';
import { CorpusItem, CorpusPart, loadBlindPart, loadCorpus, loadTunedPart, profileLoader } from './phi/corpus';
import { evaluate, EvalReport, summarise, Summary } from './phi/evaluate';

function byKind(part: CorpusPart, kind: CorpusItem['kind']): EvalReport {
  return evaluate(
    part.items.filter((i) => i.kind === kind),
    part.profileOf,
    check,
  );
}

function byGroup(part: CorpusPart, key: (i: CorpusItem) => string): Record<string, Summary> {
  const groups = new Map<string, CorpusItem[]>();
  for (const item of part.items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  const out: Record<string, Summary> = {};
  for (const [name, items] of [...groups.entries()].sort(([x], [y]) => x.localeCompare(y)))
    out[name] = summarise(evaluate(items, part.profileOf, check));
  return out;
}

function partFigures(part: CorpusPart): Record<string, unknown> {
  const posts = byKind(part, 'post');
  const replies = byKind(part, 'reply');
  return {
    posts: summarise(posts),
    replies: summarise(replies),
    by_practice: byGroup(part, (i) => `${i.practice}/${i.kind}`),
    by_language: byGroup(part, (i) => `${i.lang}/${i.kind}`),
    spanish_share:
      Math.round((part.items.filter((i) => i.lang === 'es').length / Math.max(1, part.items.length)) * 1000) / 1000,
  };
}

const file = process.argv[2];
if (file) {
  const report = evaluate(loadCorpus(file), profileLoader(process.argv[3] ?? dirname(file)), check);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const tuned = loadTunedPart();
  const blind = loadBlindPart();
  const tunedReports = [byKind(tuned, 'post'), byKind(tuned, 'reply')];
  const out = {
    rules_version: tunedReports[0].rules_version,
    tuned: {
      ...partFigures(tuned),
      category_recall: tunedReports[0].category_recall,
      misses: tunedReports.flatMap((r) => r.misses),
    },
    // Figures only: the blind part's texts must never reach whoever writes the rules.
    blind: partFigures(blind),
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}
