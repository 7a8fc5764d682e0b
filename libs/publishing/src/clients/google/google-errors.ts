// Google's JSON error body {error: {code, message, status, details}} -> the publishing error taxonomy.
import { PublishingError, type PublishingErrorKind } from '../../errors/publishing-error';
import { retryAfterHeader, serverErrorKind, type CallContext } from '../error-mapping';
import { parseJsonBody, type HttpResponse } from '../http/http-transport';

export interface GoogleErrorBody {
  code?: number;
  message?: string;
  /** google.rpc.Code name: INVALID_ARGUMENT, PERMISSION_DENIED, RESOURCE_EXHAUSTED, UNAUTHENTICATED... */
  status?: string;
  details?: Array<Record<string, unknown>>;
}

/** Used when a RESOURCE_EXHAUSTED answer names no delay (Google's quotas are per minute). */
export const DEFAULT_GOOGLE_BACKOFF_MS = 60_000;

export function googleErrorOf(body: unknown): GoogleErrorBody | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') return error as GoogleErrorBody;
  }
  return undefined;
}

export function googleErrorKind(
  httpStatus: number,
  error: GoogleErrorBody | undefined,
  context: CallContext,
): PublishingErrorKind {
  switch (error?.status) {
    case 'UNAUTHENTICATED':
      return 'auth_expired';
    case 'PERMISSION_DENIED':
    case 'NOT_FOUND':
      // NOT_FOUND: the location is gone or this login no longer manages it; a person has to choose again.
      return 'permission_denied';
    case 'RESOURCE_EXHAUSTED':
      return 'rate_limited';
    case 'ALREADY_EXISTS':
      return 'duplicate';
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'OUT_OF_RANGE':
      return 'rejected_content';
    case 'ABORTED':
    case 'UNAVAILABLE':
    case 'INTERNAL':
    case 'UNKNOWN':
      return serverErrorKind(httpStatus >= 500 ? httpStatus : 503, context);
    case 'DEADLINE_EXCEEDED':
      return context.creates ? 'unknown_outcome' : 'transient';
    case undefined:
    default:
      break;
  }
  if (httpStatus === 401) return 'auth_expired';
  if (httpStatus === 403 || httpStatus === 404) return 'permission_denied';
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 409) return 'duplicate';
  if (httpStatus >= 500) return serverErrorKind(httpStatus, context);
  return 'rejected_content';
}

export function googleErrorFrom(
  response: HttpResponse,
  context: CallContext,
  now = new Date(),
  fallbackBackoffMs = DEFAULT_GOOGLE_BACKOFF_MS,
): PublishingError {
  const error = googleErrorOf(parseJsonBody(response));
  const kind = googleErrorKind(response.status, error, context);
  const reason = errorInfoReason(error);
  return new PublishingError({
    kind,
    network: 'google_business',
    networkMessage: [error?.message, fieldViolations(error)].filter(Boolean).join(' ') || `HTTP ${response.status}`,
    networkCode: error?.status ?? String(response.status),
    httpStatus: response.status,
    reason,
    retryAt:
      kind === 'rate_limited'
        ? (retryDelayOf(error, now) ??
          retryAfterHeader(response.headers, now) ??
          new Date(now.getTime() + fallbackBackoffMs))
        : undefined,
    adminMessage:
      reason === 'SERVICE_DISABLED' || reason === 'API_DISABLED'
        ? 'The Google Business Profile API is not enabled for the configured Google Cloud project (GOOGLE_CLIENT_ID).'
        : undefined,
  });
}

/** google.rpc.RetryInfo {retryDelay: "30s"} in details. */
function retryDelayOf(error: GoogleErrorBody | undefined, now: Date): Date | undefined {
  for (const detail of error?.details ?? []) {
    if (String(detail['@type'] ?? '').endsWith('google.rpc.RetryInfo')) {
      const seconds = Number(/^(\d+(?:\.\d+)?)s$/.exec(String(detail.retryDelay ?? ''))?.[1]);
      if (Number.isFinite(seconds)) return new Date(now.getTime() + seconds * 1000);
    }
  }
  return undefined;
}

/** google.rpc.ErrorInfo {reason} (ACCESS_TOKEN_SCOPE_INSUFFICIENT, SERVICE_DISABLED, RATE_LIMIT_EXCEEDED...). */
function errorInfoReason(error: GoogleErrorBody | undefined): string | undefined {
  const info = (error?.details ?? []).find((d) => String(d['@type'] ?? '').endsWith('google.rpc.ErrorInfo'));
  return typeof info?.reason === 'string' ? info.reason : undefined;
}

/** google.rpc.BadRequest field violations, which say which field Google refused and why. */
function fieldViolations(error: GoogleErrorBody | undefined): string {
  const bad = (error?.details ?? []).find((d) => String(d['@type'] ?? '').endsWith('google.rpc.BadRequest'));
  const violations = Array.isArray(bad?.fieldViolations)
    ? (bad.fieldViolations as Array<{ field?: unknown; description?: unknown }>)
    : [];
  return violations
    .map(
      (v) =>
        `${typeof v.field === 'string' ? `${v.field}: ` : ''}${typeof v.description === 'string' ? v.description : ''}`,
    )
    .filter((v) => v.trim())
    .join('; ');
}
