// One input line of phi:check ({"id","text"[,"kind","context","authorizations"]}) to one output line ({"id","verdict","findings"} or an error).
import {
  AUTHORIZATION_USES,
  Authorization,
  CHECK_KINDS,
  CheckKind,
  CheckOptions,
  CheckResult,
  PracticeProfile,
} from '@app/compliance';

export type CheckFn = (text: string, profile: PracticeProfile, options?: CheckOptions) => CheckResult;

type Id = string | number;

export interface LineResult {
  id?: Id;
  line?: number;
  verdict?: CheckResult['verdict'];
  findings?: CheckResult['findings'];
  authorized?: CheckResult['findings'];
  error?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseAuthorizations(raw: unknown): Authorization[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return '"authorizations" must be an array';
  const out: Authorization[] = [];
  for (const a of raw) {
    if (!isObject(a) || typeof a.patientName !== 'string' || !Array.isArray(a.uses))
      return 'each authorization needs "patientName" and "uses"';
    if (!a.uses.every((u) => typeof u === 'string' && (AUTHORIZATION_USES as readonly string[]).includes(u)))
      return `"uses" may only contain ${AUTHORIZATION_USES.join(', ')}`;
    if (a.expiresAt !== undefined && typeof a.expiresAt !== 'string') return '"expiresAt" must be an ISO date string';
    out.push({
      patientName: a.patientName,
      uses: a.uses as Authorization['uses'],
      expiresAt: a.expiresAt as string | undefined,
    });
  }
  return out;
}

// Other names a caller may give a reply ("review", "comment_reply"): all are answers to someone.
const REPLY_ALIASES: Record<string, CheckKind> = {
  review: 'reply',
  comment: 'reply',
  comment_reply: 'reply',
  review_response: 'reply',
  response: 'reply',
};

/** The kind of a line: as given, or a reply when it carries the review or comment it answers. */
function kindOf(raw: unknown, hasContext: boolean): CheckKind | undefined {
  if (raw === undefined || raw === null) return hasContext ? 'reply' : 'post';
  if (typeof raw !== 'string') return undefined;
  const name = raw.trim().toLowerCase();
  if ((CHECK_KINDS as readonly string[]).includes(name)) return name as CheckKind;
  return REPLY_ALIASES[name];
}

/**
 * Checks one JSON line. Never throws: a bad line becomes `{ id, error }` (or `{ line, error }` when
 * it has no usable id) so the rest of the batch goes on. Returns undefined for an empty line.
 */
export function checkLine(
  raw: string,
  lineNumber: number,
  profile: PracticeProfile,
  checkPost: CheckFn,
): LineResult | undefined {
  if (raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    // A byte-order mark from Windows editors is not part of the JSON.
    parsed = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch {
    return { line: lineNumber, error: 'not valid JSON' };
  }
  if (!isObject(parsed)) return { line: lineNumber, error: 'expected a JSON object with "id" and "text"' };
  const id = typeof parsed.id === 'string' || typeof parsed.id === 'number' ? parsed.id : undefined;
  const where: LineResult = id === undefined ? { line: lineNumber } : { id };
  if (typeof parsed.text !== 'string') return { ...where, error: 'missing "text" (a string)' };
  const authorizations = parseAuthorizations(parsed.authorizations);
  if (typeof authorizations === 'string') return { ...where, error: authorizations };
  const context = parsed.context;
  if (context !== undefined && context !== null && typeof context !== 'string')
    return { ...where, error: '"context" must be a string (the review or comment a reply answers)' };
  const kind = kindOf(parsed.kind, typeof context === 'string');
  if (kind === undefined)
    return { ...where, error: `"kind" must be one of ${[...CHECK_KINDS, ...Object.keys(REPLY_ALIASES)].join(', ')}` };
  try {
    const result = checkPost(parsed.text, profile, { authorizations, kind, context: context ?? undefined });
    const out: LineResult = { ...where, verdict: result.verdict, findings: result.findings };
    if (result.authorized.length > 0) out.authorized = result.authorized;
    return out;
  } catch (error) {
    return { ...where, error: `check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
