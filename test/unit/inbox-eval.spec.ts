// Floors for comment triage on the labelled corpus: a change that loses an emergency fails here.
import { triage } from '@app/inbox';
import { loadBlind, loadTuned } from '../../scripts/inbox/corpus';
import { evaluate } from '../../scripts/inbox/evaluate';

describe('inbox triage on the labelled corpus', () => {
  const tunedItems = loadTuned();
  const blindItems = loadBlind();
  const tuned = evaluate(tunedItems, (t) => triage(t));
  const blind = evaluate(blindItems, (t) => triage(t));

  it('has the corpus the issue asks for: 800+ comments, 20 %+ urgent, 10 %+ Spanish', () => {
    const all = [...tunedItems, ...blindItems];
    expect(all.length).toBeGreaterThanOrEqual(800);
    expect(all.filter((i) => i.labels.includes('urgent')).length / all.length).toBeGreaterThanOrEqual(0.2);
    expect(all.filter((i) => i.lang === 'es').length / all.length).toBeGreaterThanOrEqual(0.1);
    expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
  });

  // tuned/writerc.jsonl (an independent writer, added after the rules) is not yet worked into the rules: its
  // misses are listed by inbox:eval; these floors rise as they are.
  it('keeps the tuned part at its figures', () => {
    expect(tuned.labels.urgent.recall).toBeGreaterThanOrEqual(0.87);
    expect(tuned.labels.urgent.precision).toBeGreaterThanOrEqual(0.96);
    expect(tuned.labels.self_phi.recall).toBeGreaterThanOrEqual(0.89);
    expect(tuned.labels.spam.recall).toBeGreaterThanOrEqual(0.84);
  });

  // The blind part now includes two writers who never saw the rules (blind/writerb.jsonl, blind/writerd.jsonl): their
  // figures are far below the rule author's own blind file, and these floors follow what they measure
  // (targets: 0.97, 0.80, 0.90).
  it('keeps the blind part at its figures (urgent recall, urgent precision, self_phi recall)', () => {
    expect(blind.labels.urgent.recall).toBeGreaterThanOrEqual(0.75);
    expect(blind.labels.urgent.precision).toBeGreaterThanOrEqual(0.93);
    expect(blind.labels.self_phi.recall).toBeGreaterThanOrEqual(0.81);
    expect(blind.by_language.es.urgent.recall).toBeGreaterThanOrEqual(0.69);
  });
});
