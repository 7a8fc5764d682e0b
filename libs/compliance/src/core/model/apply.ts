// What the story model does with a checked post: block a story the rules missed, or send a care-rule
// block that reads like general news to a reviewer as a warning.
import { Analysis } from '../analysis';
import { addFinding } from '../findings';
import { Vocabulary } from '../structure/vocabulary';
import { genericRewrite } from '../suggestions';
import { isReply, pointsAtSomeone } from './features';
import { CompiledStoryModel, fastScore } from './fast-score';
import { isDowngradable, readsAPatient, StoryModelThresholds } from './model';

/** Blocks a post the model reads as one patient's story (pointing at the words that weighed most), or downgrades a weak care block. */
export function applyStoryModel(
  a: Analysis,
  model: StoryModelThresholds,
  compiled: CompiledStoryModel,
  vocab: Vocabulary,
): void {
  const blocks = a.findings.filter((f) => f.severity === 'block');
  // A post blocked by an identifier, a record or a testimonial stays blocked: nothing to ask the model.
  if (blocks.length > 0 && !blocks.every((f) => readsAPatient(f.rule))) return;
  const t = isReply(a) ? model.reply : model;
  // No sign of a person or of care: only a model sure of the words alone could block it.
  if (blocks.length === 0 && t.noEvidenceThreshold > 1 && !pointsAtSomeone(a, vocab)) return;
  const score = fastScore(a, vocab, compiled);
  if (blocks.length > 0) {
    // The rules read someone as a patient, but the post reads like general news: a reviewer decides, with the reason.
    const careOnly = blocks.every((f) => isDowngradable(f.rule));
    const below = careOnly ? Math.max(t.warnBelow, t.patientReadingBelow) : t.patientReadingBelow;
    if (score.probability >= below) return;
    for (const f of blocks) {
      f.severity = 'warn';
      f.message +=
        " (Sent to a reviewer as a warning: the rest of the post reads like general news, not one patient's story.)";
    }
    return;
  }
  const needed = !score.evidence ? t.noEvidenceThreshold : score.person ? t.threshold : t.careOnlyThreshold;
  if (score.probability < needed || score.top.length === 0) return;
  const words = score.top.map((t) => `"${a.text.slice(t.span.start, t.span.end)}"`);
  const span =
    score.top[0].span.end - score.top[0].span.start >= a.text.length
      ? { start: 0, end: a.text.length }
      : score.top[0].span;
  addFinding(a, 'care.story-model', span, { subject: [...new Set(words)].join(', '), generic: genericRewrite(a) });
}
