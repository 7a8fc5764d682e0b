// Review replies: a reply must not name the reviewer, quote their record, or describe their care.
import { Analysis, careHitsIn, hitsOf, isSecondPerson, isThirdPerson, patientsIn, sentenceHas } from '../analysis';
import { addFinding } from '../findings';
import { Span } from '../text/tokens';

function insideAny(spans: readonly Span[], span: Span): boolean {
  return spans.some((s) => s.start <= span.start && span.end <= s.end);
}

function personIn(a: Analysis, sentence: number): boolean {
  return sentenceHas(a, sentence, (t) => isSecondPerson(t) || isThirdPerson(t)) || patientsIn(a, sentence).length > 0;
}

export function detectReviewReplies(a: Analysis): void {
  let confirms = false;
  for (const h of hitsOf(a, 'records_cues')) {
    if (a.reviewContext || personIn(a, h.sentence)) {
      addFinding(a, 'review.records-disclosure', h);
      confirms = true;
    }
  }
  if (!a.reviewContext) return;
  let subject: string | undefined;
  for (const m of a.people) {
    if (m.role !== 'patient') continue;
    subject ??= m.text;
    confirms = true;
    addFinding(a, 'care.named-patient', m, { subject: m.text });
  }
  for (const h of a.handles) {
    if (h.own) continue;
    subject ??= h.text;
    confirms = true;
  }
  const invitations = hitsOf(a, 'future_invitation');
  const cues = hitsOf(a, 'review_cues');
  for (const s of a.sentences) {
    if (!personIn(a, s.index)) continue;
    for (const hit of careHitsIn(a, s.index)) {
      if (insideAny(invitations, hit) || insideAny(cues, hit)) continue;
      addFinding(a, 'review.care-detail', hit, subject ? { subject } : {});
      confirms = true;
    }
  }
  if (!confirms) return;
  const cue = cues[0];
  const first = a.sentences[0];
  const span = cue ? { start: cue.start, end: cue.end } : first ? { start: first.start, end: first.end } : { start: 0, end: a.text.length };
  addFinding(a, 'review.confirms-care', span, subject ? { subject } : {});
}
