// A triage rule: a pattern over the folded text (lower case, no accents), the label it earns and why.
import { Strength, TriageFinding } from './types';

export type UrgentKind = 'physical' | 'self_harm';

export interface Rule {
  id: string;
  label: TriageFinding['label'];
  strength: Strength;
  reason: string;
  pattern: RegExp;
  /** For urgent rules: a body in danger, or a mind in danger (self-harm is never "a story" when said in the present). */
  kind?: UrgentKind;
}

/** Builds a rule; alternatives are joined and wrapped in word bounds so "od" never matches inside "food". */
export function rule(
  id: string,
  label: Rule['label'],
  strength: Strength,
  reason: string,
  alternatives: readonly string[],
  kind?: UrgentKind,
): Rule {
  const source = `(?<![a-z0-9])(?:${alternatives.join('|')})(?![a-z0-9])`;
  return { id, label, strength, reason, pattern: new RegExp(source, 'g'), kind };
}
