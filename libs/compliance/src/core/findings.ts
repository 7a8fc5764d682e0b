// Builds a Finding from a rule id and a span, filling the rule's message and suggestion templates.
import { Analysis } from './analysis';
import { RuleId } from './rule-pack/compile';
import { Span } from './text/tokens';
import { Finding } from './types';

export interface FindingDetails {
  subject?: string;
  /** A generic rewrite of the post, used for {generic} in the templates. */
  generic?: string;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole).replace(/\s+([.,!?])/g, '$1').trim();
}

export function addFinding(a: Analysis, ruleId: RuleId, span: Span, details: FindingDetails = {}): Finding | undefined {
  const rule = a.rules.rules.get(ruleId);
  if (!rule) return undefined;
  const { start, end } = span;
  if (a.findings.some((f) => f.rule === ruleId && f.start === start && f.end === end)) return undefined;
  const text = a.text.slice(start, end);
  const subject = details.subject ?? 'this person';
  const phone = a.allow.displayPhone;
  const values: Record<string, string> = {
    text,
    subject,
    subject_clause: details.subject ? ` (${details.subject})` : '',
    generic: details.generic ?? 'Thank everyone at once, with no names: "Thank you to all our patients who trusted us this month!"',
    phone_suffix: phone ? ` at ${phone}` : '',
  };
  const finding: Finding = {
    rule: rule.id,
    category: rule.category,
    severity: rule.severity,
    start,
    end,
    text,
    message: fill(rule.message, values),
  };
  if (rule.suggestion) finding.suggestion = fill(rule.suggestion, values);
  if (details.subject) finding.subject = details.subject;
  a.findings.push(finding);
  return finding;
}
