// Precision/recall of the checker on a labelled corpus: the numbers phi:eval prints and the floors the specs assert.
import { Category, CheckOptions, CheckResult, PracticeProfile, Verdict } from '@app/compliance';
import { CorpusItem } from './corpus';

export interface ClassScore {
  precision: number;
  recall: number;
  support: number;
}

export interface Miss {
  id: string;
  expected: Verdict;
  got: Verdict;
  text: string;
  /** Expected categories that no finding had. */
  missing_categories: Category[];
  rules: string[];
}

export interface EvalReport {
  rules_version: string;
  items: number;
  classes: Record<Verdict, ClassScore>;
  block_recall: number;
  /** Share of posts labelled pass or warn that the checker blocked. */
  false_block_rate: number;
  /** Share of posts labelled pass that got any finding at all (staff fatigue). */
  false_warn_rate: number;
  accuracy: number;
  category_recall: Partial<Record<Category, { recall: number; support: number }>>;
  confusion: Record<Verdict, Record<Verdict, number>>;
  misses: Miss[];
}

export type CheckFn = (text: string, profile: PracticeProfile, options?: CheckOptions) => CheckResult;

const VERDICTS: readonly Verdict[] = ['pass', 'warn', 'block'];

function ratio(n: number, d: number): number {
  return d === 0 ? 1 : Math.round((n / d) * 10000) / 10000;
}

export function evaluate(
  items: readonly CorpusItem[],
  profileOf: (key: string) => PracticeProfile,
  checkPost: CheckFn,
): EvalReport {
  const confusion = Object.fromEntries(
    VERDICTS.map((e) => [e, Object.fromEntries(VERDICTS.map((g) => [g, 0]))]),
  ) as Record<Verdict, Record<Verdict, number>>;
  const categoryHits = new Map<Category, { hit: number; support: number }>();
  const misses: Miss[] = [];
  let rulesVersion = '';
  let passWithFindings = 0;
  for (const item of items) {
    const result = checkPost(item.text, profileOf(item.practice), { kind: item.kind, context: item.context });
    rulesVersion = result.rulesVersion;
    confusion[item.label][result.verdict]++;
    if (item.label === 'pass' && result.findings.length > 0) passWithFindings++;
    const found = new Set(result.findings.map((f) => f.category));
    const missing = item.label === 'block' ? item.categories.filter((c) => !found.has(c)) : [];
    if (item.label === 'block') {
      for (const c of item.categories) {
        const entry = categoryHits.get(c) ?? { hit: 0, support: 0 };
        entry.support++;
        if (found.has(c)) entry.hit++;
        categoryHits.set(c, entry);
      }
    }
    if (result.verdict !== item.label) {
      misses.push({
        id: item.id,
        expected: item.label,
        got: result.verdict,
        text: item.text,
        missing_categories: missing,
        rules: result.findings.map((f) => f.rule),
      });
    }
  }
  const classes = {} as Record<Verdict, ClassScore>;
  for (const v of VERDICTS) {
    const tp = confusion[v][v];
    const predicted = VERDICTS.reduce((n, e) => n + confusion[e][v], 0);
    const actual = VERDICTS.reduce((n, g) => n + confusion[v][g], 0);
    classes[v] = { precision: ratio(tp, predicted), recall: ratio(tp, actual), support: actual };
  }
  const notBlock = classes.pass.support + classes.warn.support;
  const category_recall: EvalReport['category_recall'] = {};
  for (const [c, { hit, support }] of [...categoryHits.entries()].sort(([x], [y]) => x.localeCompare(y)))
    category_recall[c] = { recall: ratio(hit, support), support };
  return {
    rules_version: rulesVersion,
    items: items.length,
    classes,
    block_recall: classes.block.recall,
    false_block_rate: ratio(confusion.pass.block + confusion.warn.block, notBlock),
    false_warn_rate: ratio(passWithFindings, classes.pass.support),
    accuracy: ratio(
      VERDICTS.reduce((n, v) => n + confusion[v][v], 0),
      items.length,
    ),
    category_recall,
    confusion,
    misses,
  };
}

/** What may be printed about a part nobody may read: figures only, no ids, no texts, no rules that fired. */
export interface Summary {
  items: number;
  block_recall: number;
  false_block_rate: number;
  false_warn_rate: number;
  block_precision: number;
  accuracy: number;
  confusion: Record<Verdict, Record<Verdict, number>>;
}

export function summarise(report: EvalReport): Summary {
  return {
    items: report.items,
    block_recall: report.block_recall,
    false_block_rate: report.false_block_rate,
    false_warn_rate: report.false_warn_rate,
    block_precision: report.classes.block.precision,
    accuracy: report.accuracy,
    confusion: report.confusion,
  };
}
