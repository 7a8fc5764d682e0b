// Binds the workflow's ContentChecker port to the PHI checker (config/phi-rules), mapping authorizations
// both ways so an approval can record which signed form cleared which finding.
import type { CheckAuthorization, ContentChecker, ContentCheckResult } from './content-checker';
import { check, CheckOptions, Network, RULES_VERSION } from '@app/compliance';

export const PHI_CONTENT_CHECKER: ContentChecker = {
  rulesVersion: RULES_VERSION,
  check(text, profile, options = {}): ContentCheckResult {
    const authorizations = (options.authorizations ?? []).map((a: CheckAuthorization) => ({
      patientName: a.patientName,
      uses: a.uses as NonNullable<CheckOptions['authorizations']>[number]['uses'],
      expiresAt: a.expiresAt ?? undefined,
      reference: a.id,
    }));
    const result = check(text, profile, {
      network: options.network as Network | undefined,
      now: options.now,
      authorizations,
      kind: options.kind,
      context: options.context,
    });
    return {
      verdict: result.verdict,
      findings: result.findings.map(({ rule, category, severity, start, end, text: span, message, suggestion }) => ({
        rule,
        category,
        severity,
        start,
        end,
        text: span,
        message,
        suggestion,
      })),
      authorized: result.authorized.map((f) => ({
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        start: f.start,
        end: f.end,
        text: f.text,
        message: f.message,
        authorizationId: f.authorizedBy?.reference ?? '',
      })),
    };
  },
};
