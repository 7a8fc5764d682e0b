// The port the workflow checks content through; the scheduler module binds the PHI checker to it.
import type { StoredFinding } from './entities/post.entity';
import type { PracticeProfile } from '@app/practices';

/** A finding as the checker reports it; a post stores it with the network whose text holds the span. */
export type CheckFinding = Omit<StoredFinding, 'network'>;

export interface CheckAuthorization {
  id: string;
  patientName: string;
  uses: string[];
  expiresAt?: string | null;
}

export interface ContentCheckResult {
  verdict: 'pass' | 'warn' | 'block';
  findings: CheckFinding[];
  /** Block findings that a valid patient authorization cleared, kept so the approval can record them. */
  authorized?: Array<CheckFinding & { authorizationId: string }>;
}

export interface ContentCheckOptions {
  network?: string;
  authorizations?: CheckAuthorization[];
  now?: Date;
  /** 'reply' for an answer to a review or comment, checked against `context` (what it answers). */
  kind?: 'post' | 'reply';
  context?: string;
}

export interface ContentChecker {
  readonly rulesVersion: string;
  check(text: string, profile: PracticeProfile & { name: string }, options?: ContentCheckOptions): ContentCheckResult;
}

export const CONTENT_CHECKER = Symbol('CONTENT_CHECKER');
