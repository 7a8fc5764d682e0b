// What triage puts on a comment: labels, and for each label the words that earned it and why.

/** Labels in the order the inbox shows them: the first one decides where a comment sorts. */
export const TRIAGE_LABELS = [
  'urgent',
  'self_phi',
  'medical_question',
  'complaint',
  'praise',
  'spam',
  'general',
] as const;
export type TriageLabel = (typeof TRIAGE_LABELS)[number];

/** Strong evidence earns its label alone; weak evidence needs a second sign (two weak signs make urgent). */
export type Strength = 'strong' | 'weak';

export interface TriageFinding {
  label: Exclude<TriageLabel, 'general'>;
  /** Stable rule id, e.g. "urgent.breathing" or "self_phi.condition". */
  rule: string;
  /** Offsets into the comment as written (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  text: string;
  /** Plain words for the person on duty: why this span matters. */
  reason: string;
  strength: Strength;
}

/** Evidence that was seen and set aside, with the reason: so a reader can see why a scary word did not alarm. */
export interface DiscountedFinding {
  rule: string;
  start: number;
  end: number;
  text: string;
  reason: string;
}

export interface TriageResult {
  labels: TriageLabel[];
  findings: TriageFinding[];
  discounted: DiscountedFinding[];
}

/** What triage may know about the practice: its own links and numbers are never spam. */
export interface TriageProfile {
  name?: string;
  website?: string;
  phones?: string[];
  handles?: string[];
}
