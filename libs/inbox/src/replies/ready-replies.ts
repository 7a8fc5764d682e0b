// Ready replies for a comment, chosen by its labels: an urgent one points to 911, 988 or the practice's
// after-hours line; none confirms the writer is a patient or repeats what they wrote. Pure.
import type { TriageFinding, TriageLabel } from '../triage/types';

export interface ReadyReply {
  /** Why this one is offered: 'emergency', 'crisis', 'privacy', 'complaint', 'thanks', 'general'. */
  purpose: 'emergency' | 'crisis' | 'privacy' | 'complaint' | 'thanks' | 'general';
  text: string;
}

export interface ReplyContext {
  labels: TriageLabel[];
  findings: Pick<TriageFinding, 'rule'>[];
  practiceName: string;
  /** The practice's main number, for "please call us". */
  officePhone?: string;
  afterHoursPhone?: string;
}

export function readyReplies(c: ReplyContext): ReadyReply[] {
  const call = c.officePhone ? `call our office at ${c.officePhone}` : 'call our office';
  const afterHours = c.afterHoursPhone ? ` Our after-hours line is ${c.afterHoursPhone}.` : '';
  const out: ReadyReply[] = [];
  if (c.labels.includes('urgent')) {
    const selfHarm = c.findings.some((f) => f.rule.startsWith('urgent.self-harm'));
    if (selfHarm)
      out.push({
        purpose: 'crisis',
        text: `You are not alone, and we want you to be safe. Please call or text 988 (Suicide & Crisis Lifeline) right now, or call 911 if you are in danger.${afterHours}`,
      });
    out.push({
      purpose: 'emergency',
      text: `If this is an emergency, please call 911 now or go to the nearest emergency room.${afterHours} We can't discuss health details here, but we want to help.`,
    });
    return out;
  }
  if (c.labels.includes('self_phi') || c.labels.includes('medical_question'))
    out.push({
      purpose: 'privacy',
      text: `Thank you for reaching out. To protect your privacy we can't discuss health questions here; please ${call} and our team will help.`,
    });
  if (c.labels.includes('complaint'))
    out.push({
      purpose: 'complaint',
      text: `We're sorry to hear this and we'd like to make it right. Please ${call} and ask for our office manager.`,
    });
  if (c.labels.includes('praise'))
    out.push({
      purpose: 'thanks',
      text: `Thank you for the kind words! We'll share them with the whole ${c.practiceName} team.`,
    });
  if (out.length === 0 && !c.labels.includes('spam'))
    out.push({ purpose: 'general', text: `Thanks for your message! For anything specific, please ${call}.` });
  return out;
}
