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

  // With the model (config/inbox-triage), fitted on this part: the fit, not a measure (inbox:eval prints the
  // tuned part cross-validated by writer). It guards against a rule change that loses what the corpus teaches.
  // Session 8 added four writers (o, p, q, r: 926 comments), whose hard negatives and spam are harder: urgent
  // precision and spam recall were re-based on the larger part.
  it('keeps the tuned part at its figures', () => {
    expect(tuned.labels.urgent.recall).toBeGreaterThanOrEqual(0.955);
    expect(tuned.labels.urgent.precision).toBeGreaterThanOrEqual(0.95);
    expect(tuned.labels.self_phi.recall).toBeGreaterThanOrEqual(0.995);
    expect(tuned.labels.spam.recall).toBeGreaterThanOrEqual(0.75);
  });

  // The blind part includes four writers who never saw the rules (blind/writerb, writerd, writerk, writern; each
  // arrived later and was moved in unread, which lowered the figures: writern in session 8 took urgent recall from
  // 0.979 to 0.972 with the same rules, so the recall floor was re-based on the new set, at the target, not loosened
  // for a change). These floors follow what the rules and the model measure on it (targets: urgent recall 0.97 at
  // precision 0.80, self_phi recall 0.90).
  it('keeps the blind part at its figures (urgent recall, urgent precision, self_phi recall)', () => {
    expect(blind.labels.urgent.recall).toBeGreaterThanOrEqual(0.97);
    expect(blind.labels.urgent.precision).toBeGreaterThanOrEqual(0.93);
    expect(blind.labels.self_phi.recall).toBeGreaterThanOrEqual(0.965);
    expect(blind.by_language.es.urgent.recall).toBeGreaterThanOrEqual(0.97);
  });
});
