// The port the workflow checks content through. The compliance lib's PHI checker implements it;
// until a checker is wired, NO_RULES_CHECKER passes everything (the workflow still calls it).
import type { PracticeProfile } from '@app/practices';

export interface CheckFinding {
  rule: string;
  category: string;
  severity: 'block' | 'warn';
  start: number;
  end: number;
  text: string;
  message: string;
  suggestion?: string;
}

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

export interface ContentChecker {
  readonly rulesVersion: string;
  check(text: string, profile: PracticeProfile & { name: string }, options?: { network?: string; authorizations?: CheckAuthorization[]; now?: Date }): ContentCheckResult;
}

export const CONTENT_CHECKER = Symbol('CONTENT_CHECKER');

export const NO_RULES_CHECKER: ContentChecker = {
  rulesVersion: 'none',
  check: () => ({ verdict: 'pass', findings: [] }),
};
