// Safer rewrites: say the same thing to everyone instead of about one patient.
import { Analysis, hasHitIn } from './analysis';
import { Hit } from './rule-pack/phrases';

function phraseOf(a: Analysis, hit: Hit): string {
  return a.text.slice(hit.start, hit.end).toLowerCase().replace(/\s+/g, ' ');
}

/**
 * A whole-post rewrite with no one in it, shaped by what the post was about: a treatment, a visit,
 * a bill or a celebration. Staff can copy it as it is or adapt it.
 */
export function genericRewrite(a: Analysis, care?: Hit): string {
  const phone = a.allow.displayPhone ? ` at ${a.allow.displayPhone}` : '';
  if (care?.list === 'billing_terms')
    return `Questions about a bill or insurance? Please call our billing team${phone} — we're happy to help privately.`;
  const celebrating = a.hits.has('salutations') || (care !== undefined && hasHitIn(a, 'time_markers', care.sentence));
  if (care?.list === 'care_terms') {
    const term = phraseOf(a, care);
    return celebrating
      ? `Congratulations to all our patients who reached a treatment milestone this month! 🎉 Curious about ${term}? Ask us at your next visit.`
      : `Curious about ${term}? Call us${phone} — we're happy to answer your questions.`;
  }
  if (care?.list === 'visit_terms')
    return 'Thank you to everyone who visited us this week — we love seeing our patients! 😊';
  return 'Thank you to all our patients who trusted us with their care this month!';
}
