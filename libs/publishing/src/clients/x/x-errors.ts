// X API v2 problem+json answers -> the publishing error taxonomy.
import { PublishingError, type PublishingErrorKind } from '../../errors/publishing-error';
import { serverErrorKind, type CallContext } from '../error-mapping';

export interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
  status?: number;
  errors?: Array<{ message?: string; code?: number; parameters?: Record<string, unknown> }>;
}

/** Used when a 429 comes without x-rate-limit-reset. */
export const DEFAULT_X_BACKOFF_MS = 15 * 60_000;

export function xErrorKind(status: number, problem: XProblem | undefined, context: CallContext): PublishingErrorKind {
  const text = `${problem?.detail ?? ''} ${problem?.errors?.map((e) => e.message ?? '').join(' ') ?? ''}`;
  if (status === 401) return 'auth_expired';
  if (status === 429) return 'rate_limited';
  if (status === 403) {
    if (/duplicate/i.test(text)) return 'duplicate';
    if (/too long|text length/i.test(text)) return 'rejected_content';
    return 'permission_denied';
  }
  if (status >= 500) return serverErrorKind(status, context);
  return 'rejected_content';
}

export function mapXFailure(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  context: CallContext,
  now = new Date(),
): PublishingError {
  const problem = body && typeof body === 'object' ? (body as XProblem) : undefined;
  const kind = xErrorKind(status, problem, context);
  const messages = problem?.errors?.map((e) => e.message).filter((m): m is string => Boolean(m)) ?? [];
  const networkMessage =
    [problem?.detail, ...messages].filter(Boolean).join(' — ') || problem?.title || `HTTP ${status}`;
  return new PublishingError({
    kind,
    network: 'x',
    networkMessage,
    networkCode: problem?.title,
    httpStatus: status,
    retryAt: kind === 'rate_limited' ? xRetryAt(headers, now) : undefined,
  });
}

/**
 * `x-rate-limit-reset` is epoch seconds for the endpoint window (the one X documents); when a 24-hour cap is
 * what ran out — the user's (`x-user-limit-24hour-*`) or the app's (`x-app-limit-24hour-*`, POST /2/tweets has
 * 10,000 a day per app) — its reset is the later one. Take the latest exhausted window.
 */
export function xRetryAt(headers: Record<string, string>, now: Date): Date {
  const candidates: number[] = [];
  const windowReset = Number(headers['x-rate-limit-reset']);
  if (Number.isFinite(windowReset) && windowReset > 0) candidates.push(windowReset * 1000);
  for (const cap of ['x-user-limit-24hour', 'x-app-limit-24hour']) {
    const dailyReset = Number(headers[`${cap}-reset`]);
    if (headers[`${cap}-remaining`] === '0' && Number.isFinite(dailyReset) && dailyReset > 0)
      candidates.push(dailyReset * 1000);
  }
  const latest = candidates.length ? Math.max(...candidates) : now.getTime() + DEFAULT_X_BACKOFF_MS;
  return new Date(Math.max(latest, now.getTime()));
}
