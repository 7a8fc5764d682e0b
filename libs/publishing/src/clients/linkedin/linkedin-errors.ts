// LinkedIn REST error bodies -> the publishing error taxonomy.
import { PublishingError, type PublishingErrorKind } from '../../errors/publishing-error';
import { retryAfterHeader, serverErrorKind, type CallContext } from '../error-mapping';

export interface LinkedInErrorBody {
  status?: number;
  serviceErrorCode?: number;
  code?: string;
  message?: string;
  errorDetails?: { inputErrors?: Array<{ code?: string; description?: string }> };
}

/** LinkedIn documents no Retry-After for its daily limits: wait this long (default 1 hour). */
export const DEFAULT_LINKEDIN_BACKOFF_MS = 60 * 60_000;

export function linkedInErrorKind(
  status: number,
  body: LinkedInErrorBody | undefined,
  context: CallContext,
): PublishingErrorKind {
  if (status === 401) return 'auth_expired';
  if (status === 403) return 'permission_denied';
  if (status === 426) return 'version_retired';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return serverErrorKind(status, context);
  if (isDuplicate(body)) return 'duplicate';
  return 'rejected_content';
}

function isDuplicate(body: LinkedInErrorBody | undefined): boolean {
  if (!body) return false;
  if (body.errorDetails?.inputErrors?.some((e) => e.code === 'DUPLICATE_POST')) return true;
  return /duplicate/i.test(body.message ?? '') || body.code === 'DUPLICATE_POST';
}

export interface LinkedInFailureContext extends CallContext {
  /** The LinkedIn-Version sent, named in the admin alert on a 426. */
  version: string;
  backoffMs?: number;
}

export function mapLinkedInFailure(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  context: LinkedInFailureContext,
  now = new Date(),
): PublishingError {
  const error = body && typeof body === 'object' ? (body as LinkedInErrorBody) : undefined;
  const kind = linkedInErrorKind(status, error, context);
  const details = error?.errorDetails?.inputErrors?.map((e) => e.description ?? e.code).filter(Boolean) ?? [];
  // A detail that repeats the message is said once ("Content is not allowed — Content is not allowed").
  const networkMessage = [...new Set([error?.message, ...details].filter(Boolean))].join(' — ') || `HTTP ${status}`;
  const networkCode =
    error?.code ?? (error?.serviceErrorCode !== undefined ? String(error.serviceErrorCode) : undefined);
  return new PublishingError({
    kind,
    network: 'linkedin',
    networkMessage,
    networkCode,
    httpStatus: status,
    retryAt:
      kind === 'rate_limited'
        ? (retryAfterHeader(headers, now) ??
          new Date(now.getTime() + (context.backoffMs ?? DEFAULT_LINKEDIN_BACKOFF_MS)))
        : undefined,
    adminMessage:
      kind === 'version_retired'
        ? `LinkedIn refused API version ${context.version} (426 ${networkCode ?? ''}). Set LINKEDIN_VERSION to a current version (YYYYMM, see LinkedIn's versioning page) and restart.`
        : undefined,
    apiVersion: kind === 'version_retired' ? context.version : undefined,
  });
}
