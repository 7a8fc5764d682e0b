// Public types of the PHI checker: what goes in (post text, practice profile, options) and what comes out.

export type Severity = 'block' | 'warn';
export type Verdict = 'pass' | 'warn' | 'block';

/** Safe Harbor identifier types (45 CFR 164.514(b)(2)) plus the risk categories seen in OCR enforcement. */
export const CATEGORIES = [
  'name',
  'geographic',
  'date',
  'age',
  'phone',
  'fax',
  'email',
  'ssn',
  'record_number',
  'health_plan_number',
  'account_number',
  'license_number',
  'vehicle_id',
  'device_id',
  'url',
  'ip_address',
  'handle',
  'care_relationship',
  'review_reply',
  'testimonial',
  'photo',
  'billing',
  'reidentification',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** What a signed HIPAA authorization (45 CFR 164.508) lets the practice post about that patient. */
export const AUTHORIZATION_USES = ['testimonial', 'photo', 'story'] as const;
export type AuthorizationUse = (typeof AUTHORIZATION_USES)[number];

export interface Authorization {
  patientName: string;
  uses: AuthorizationUse[];
  /** ISO date or instant; the authorization is void from that moment on. */
  expiresAt?: string;
  /** The caller's id for the signed form, echoed back so the audit trail can point at it. */
  reference?: string;
}

export interface PracticeProfile {
  name: string;
  website?: string;
  addresses?: string[];
  phones?: string[];
  emails?: string[];
  staff?: string[];
  handles?: string[];
  timezone?: string;
}

export type Network = 'facebook' | 'instagram' | 'x' | 'linkedin' | 'google_business' | 'other';

export const CHECK_KINDS = ['post', 'reply', 'review_reply'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckOptions {
  authorizations?: Authorization[];
  /** Clock used to decide whether an authorization has expired. Defaults to the real time. */
  now?: Date;
  network?: Network;
  /**
   * 'reply' when the text answers a review or a comment ('review_reply' is the older name): any
   * confirmation that the person is or was a patient is then a disclosure, even one they made first.
   */
  kind?: CheckKind;
  /** For a reply: the review or comment being answered (names the reviewer used, what they said). */
  context?: string;
}

export interface AuthorizationRelied {
  patientName: string;
  use: AuthorizationUse;
  expiresAt?: string;
  reference?: string;
}

export interface Finding {
  /** Stable id, e.g. `care.named-patient-treatment`; the rule pack describes each one. */
  rule: string;
  category: Category;
  severity: Severity;
  /** UTF-16 offsets: text.slice(start, end) === this.text. */
  start: number;
  end: number;
  text: string;
  /** Why this is a problem, in plain words for the person writing the post. */
  message: string;
  /** A safer way to say it, when one can be given. */
  suggestion?: string;
  /** The person the finding is about, when there is one (used to match authorizations). */
  subject?: string;
  /** Set only on findings in CheckResult.authorized. */
  authorizedBy?: AuthorizationRelied;
}

export interface CheckResult {
  verdict: Verdict;
  /** Findings that still apply, in text order. */
  findings: Finding[];
  /** Findings cleared by an authorization on file, each saying which one, so approvals can audit it. */
  authorized: Finding[];
  /** Version of the rule packs that produced this result; store it next to the result. */
  rulesVersion: string;
}
