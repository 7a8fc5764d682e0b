// The PHI checker in reply mode for one comment: the comment is the context (a name the writer used for
// themselves is theirs to use; confirming they are a patient is a disclosure), the practice's own numbers,
// the after-hours line included, are never a patient's.
import { EntityManager } from 'typeorm';
import { check } from '@app/compliance';
import { Practice, PracticeStore } from '@app/practices';
import { InboxSettingsStore } from '../settings-store';
import type { InboxComment } from '../entities/inbox-comment.entity';

export interface ReplyFinding {
  rule: string;
  category: string;
  severity: string;
  start: number;
  end: number;
  text: string;
  message: string;
}

export interface ReplyVerdict {
  verdict: 'pass' | 'warn' | 'block';
  findings: ReplyFinding[];
}

/** What the checker needs to know about a practice, read once per request. */
export interface ReplyCheckContext {
  practice: Practice;
  afterHoursPhone: string | null;
}

export async function replyCheckContext(tx: EntityManager, practiceId: string): Promise<ReplyCheckContext> {
  const practice = await new PracticeStore(tx.connection).existing(practiceId, tx);
  const settings = await new InboxSettingsStore(tx.connection).of(practiceId, tx);
  return { practice, afterHoursPhone: settings?.afterHoursPhone ?? null };
}

export function checkReply(
  text: string,
  comment: Pick<InboxComment, 'text' | 'network'>,
  c: ReplyCheckContext,
): ReplyVerdict {
  const phones = [...(c.practice.profile?.phones ?? []), ...(c.afterHoursPhone ? [c.afterHoursPhone] : [])];
  const profile = { ...c.practice.profile, phones, name: c.practice.name };
  const result = check(text, profile, { kind: 'reply', context: comment.text, network: comment.network });
  return {
    verdict: result.verdict,
    findings: result.findings.map((f) => ({
      rule: f.rule,
      category: f.category,
      severity: f.severity,
      start: f.start,
      end: f.end,
      text: f.text,
      message: f.message,
    })),
  };
}
