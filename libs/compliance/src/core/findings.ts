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

type Template = ReadonlyArray<string | { key: string }>;
const templates = new Map<string, Template>();

/** Templates are split once into text and {placeholders}; filling is then a join. */
function compiled(template: string): Template {
  let parts = templates.get(template);
  if (!parts) {
    parts = template
      .split(/(\{\w+\})/)
      .filter((p) => p !== '')
      .map((p) => (/^\{\w+\}$/.test(p) ? { key: p.slice(1, -1) } : p));
    templates.set(template, parts);
  }
  return parts;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  let out = '';
  let emptied = false;
  for (const part of compiled(template)) {
    if (typeof part === 'string') out += part;
    else {
      const value = values[part.key];
      if (value === undefined) out += `{${part.key}}`;
      else {
        if (value === '') emptied = true;
        out += value;
      }
    }
  }
  // An empty placeholder can leave "us ." behind.
  return emptied ? out.replace(/\s+([.,!?])/g, '$1').trim() : out;
}

export function addFinding(a: Analysis, ruleId: RuleId, span: Span, details: FindingDetails = {}): Finding | undefined {
  const rule = a.rules.rules.get(ruleId);
  if (!rule) return undefined;
  const { start, end } = span;
  const key = `${ruleId} ${start} ${end}`;
  a.findingKeys ??= new Set();
  if (a.findingKeys.has(key)) return undefined;
  a.findingKeys.add(key);
  const text = a.text.slice(start, end);
  const subject = details.subject ?? 'this person';
  const phone = a.allow.displayPhone;
  const values: Record<string, string> = {
    text,
    subject,
    subject_clause: details.subject ? ` (${details.subject})` : '',
    generic:
      details.generic ??
      'Thank everyone at once, with no names: "Thank you to all our patients who trusted us this month!"',
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
