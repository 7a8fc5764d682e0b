// Clears findings covered by a signed, unexpired HIPAA authorization, keeping a record of which one was relied on.
import { Authorization, AuthorizationUse, Category, Finding } from './types';

/** Only findings about the authorizing patient's own story can be cleared; identifiers and review replies never. */
const CLEARABLE: ReadonlySet<Category> = new Set<Category>([
  'name',
  'care_relationship',
  'testimonial',
  'photo',
  'age',
  'date',
  'handle',
]);
const NEVER_CLEARED_RULES = /^(review\.|id\.|reid\.|care\.billing-detail)/;
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'baby', 'little', 'our', 'patient', 'the']);

function nameWords(name: string): string[] {
  return name
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/'s\b/g, '')
    .split(/[^\p{L}\p{N}@_.]+/u)
    .map((w) => w.replace(/\.+$/, ''))
    .filter((w) => w !== '' && !TITLES.has(w));
}

/**
 * "Maria G." matches "Maria Gonzalez", "Mrs. Adeyemi" matches "Funmi Adeyemi", "@jdoe" matches "@jdoe".
 * Every word of the finding's subject must be a word of the authorization's name (an initial matches
 * a word starting with it).
 */
export function samePerson(authorizedName: string, subject: string): boolean {
  const auth = nameWords(authorizedName);
  const subj = nameWords(subject);
  if (auth.length === 0 || subj.length === 0) return false;
  if (subj[0].startsWith('@') || auth[0].startsWith('@'))
    return subj[0].replace(/^@/, '') === auth[0].replace(/^@/, '') && subj.length === auth.length;
  return subj.every((w) => auth.some((a) => a === w || (w.length === 1 && a.startsWith(w))));
}

function isValid(auth: Authorization, now: Date): boolean {
  if (!auth.expiresAt) return true;
  const expires = Date.parse(auth.expiresAt);
  return Number.isFinite(expires) && expires > now.getTime();
}

/** What use a finding needs: a testimonial or photo needs that use; the rest of the post needs whichever the post is. */
function usesBySubject(findings: readonly Finding[]): Map<string, AuthorizationUse> {
  const primary = new Map<string, AuthorizationUse>();
  for (const f of findings) {
    if (!f.subject) continue;
    const current = primary.get(f.subject);
    if (f.category === 'testimonial') primary.set(f.subject, 'testimonial');
    else if (f.category === 'photo' && current !== 'testimonial') primary.set(f.subject, 'photo');
    else if (!current) primary.set(f.subject, 'story');
  }
  return primary;
}

export interface AuthorizationOutcome {
  findings: Finding[];
  authorized: Finding[];
}

export function applyAuthorizations(
  findings: Finding[],
  authorizations: readonly Authorization[] | undefined,
  now: Date,
): AuthorizationOutcome {
  if (!authorizations || authorizations.length === 0) return { findings, authorized: [] };
  const primary = usesBySubject(findings);
  const kept: Finding[] = [];
  const authorized: Finding[] = [];
  for (const f of findings) {
    const subject = f.subject;
    if (!subject || !CLEARABLE.has(f.category) || NEVER_CLEARED_RULES.test(f.rule)) {
      kept.push(f);
      continue;
    }
    const use: AuthorizationUse =
      f.category === 'testimonial'
        ? 'testimonial'
        : f.category === 'photo'
          ? 'photo'
          : (primary.get(subject) ?? 'story');
    const theirs = authorizations.filter((a) => samePerson(a.patientName, subject));
    const valid = theirs.find((a) => a.uses.includes(use) && isValid(a, now));
    if (valid) {
      authorized.push({
        ...f,
        authorizedBy: { patientName: valid.patientName, use, expiresAt: valid.expiresAt, reference: valid.reference },
      });
      continue;
    }
    // Say why the authorization on file didn't help, so nobody assumes it did.
    const expired = theirs.find((a) => a.uses.includes(use));
    if (expired)
      kept.push({
        ...f,
        message: `${f.message} The authorization on file for ${expired.patientName} expired on ${expired.expiresAt ?? 'an unknown date'}.`,
      });
    else if (theirs.length > 0)
      kept.push({
        ...f,
        message: `${f.message} The authorization on file for ${theirs[0].patientName} does not cover use as a ${use}.`,
      });
    else kept.push(f);
  }
  return { findings: kept, authorized };
}
