// Precision and recall per label of a triage function on labelled comments.
import { TRIAGE_LABELS, TriageLabel, TriageResult } from '@app/inbox';
import { LabelledComment } from './corpus';

export interface LabelFigures {
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  id: string;
  label: TriageLabel;
  kind: 'missed' | 'false_alarm';
  text: string;
  got: TriageLabel[];
}

export interface EvalReport {
  comments: number;
  urgent_share: number;
  spanish_share: number;
  labels: Record<string, LabelFigures>;
  by_language: Record<string, { comments: number; urgent: LabelFigures; self_phi: LabelFigures }>;
  misses: Miss[];
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

function figures(items: LabelledComment[], results: TriageResult[], label: TriageLabel): LabelFigures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  items.forEach((item, i) => {
    const want = item.labels.includes(label);
    const got = results[i].labels.includes(label);
    if (want && got) tp++;
    else if (got) fp++;
    else if (want) fn++;
  });
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { support: tp + fn, precision: round(precision), recall: round(recall), f1: round(f1) };
}

export function evaluate(items: LabelledComment[], triage: (text: string) => TriageResult): EvalReport {
  const results = items.map((item) => triage(item.text));
  const labels: Record<string, LabelFigures> = {};
  for (const label of TRIAGE_LABELS) labels[label] = figures(items, results, label);
  const by_language: EvalReport['by_language'] = {};
  for (const lang of [...new Set(items.map((i) => i.lang))].sort()) {
    const idx = items.map((item, i) => (item.lang === lang ? i : -1)).filter((i) => i >= 0);
    const sub = idx.map((i) => items[i]);
    const subResults = idx.map((i) => results[i]);
    by_language[lang] = {
      comments: sub.length,
      urgent: figures(sub, subResults, 'urgent'),
      self_phi: figures(sub, subResults, 'self_phi'),
    };
  }
  const misses: Miss[] = [];
  items.forEach((item, i) => {
    for (const label of TRIAGE_LABELS) {
      const want = item.labels.includes(label);
      const got = results[i].labels.includes(label);
      if (want !== got)
        misses.push({
          id: item.id,
          label,
          kind: want ? 'missed' : 'false_alarm',
          text: item.text,
          got: results[i].labels,
        });
    }
  });
  return {
    comments: items.length,
    urgent_share: round(items.filter((i) => i.labels.includes('urgent')).length / Math.max(1, items.length)),
    spanish_share: round(items.filter((i) => i.lang === 'es').length / Math.max(1, items.length)),
    labels,
    by_language,
    misses,
  };
}
