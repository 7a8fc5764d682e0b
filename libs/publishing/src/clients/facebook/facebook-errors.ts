// Graph API error bodies -> the publishing error taxonomy.
import { PublishingError, type PublishingErrorKind } from '../../errors/publishing-error';
import { guardTransport, serverErrorKind, type CallContext } from '../error-mapping';

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export interface GraphFailure {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The failure behind an error thrown on a Graph call: our GraphResponseError, or — should anyone
 * call the SDK's own transport — its FacebookRequestError (`status`, `response` = body.error,
 * `headers`; status null when no answer came back, which is not a Graph failure).
 */
export function graphFailureOf(error: unknown): GraphFailure | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { name?: unknown; status?: unknown; body?: unknown; response?: unknown; headers?: unknown };
  const headers = e.headers && typeof e.headers === 'object' ? (e.headers as Record<string, string>) : {};
  if (e.name === 'GraphResponseError' && typeof e.status === 'number')
    return { status: e.status, body: e.body, headers };
  if (e.name === 'FacebookRequestError' && typeof e.status === 'number')
    return { status: e.status, body: { error: e.response }, headers };
  return undefined;
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** Used when a throttle answer carries no estimated_time_to_regain_access. */
export const DEFAULT_FACEBOOK_BACKOFF_MS = 10 * 60_000;

export function graphErrorOf(body: unknown): GraphErrorBody | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === 'object') return error as GraphErrorBody;
  }
  return undefined;
}

export function facebookErrorKind(
  status: number,
  error: GraphErrorBody | undefined,
  context: CallContext,
): PublishingErrorKind {
  const code = error?.code;
  const subcode = error?.error_subcode;
  if (code === 190 || code === 102) return 'auth_expired';
  // Instagram (reference/error-codes): 9007/2207027 "media not ready" (publishing a container before FINISHED),
  // and every code -1 (server error, container creation failed, unknown upload error) and -2 (download timeout,
  // expired container) pass with time or a new container; 9 / 2207042 is the 24-hour publishing limit;
  // 4 / 2207051 is not a throttle but a spam block ("tell us if you think we made a mistake"): a person must look.
  if (code === 9007 || code === -1 || code === -2 || subcode === 2207001 || subcode === 2207003) return 'transient';
  if (subcode === 2207051) return 'rejected_content';
  if (code === 9 || subcode === 2207042) return 'rate_limited';
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) return 'permission_denied';
  if (code !== undefined && (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80099))) return 'rate_limited';
  if (code === 368) return 'rejected_content';
  if (code === 506) return 'duplicate';
  if (code === 1 || code === 2 || error?.is_transient === true)
    return status >= 500 ? serverErrorKind(status, context) : 'transient';
  if (status >= 500) return serverErrorKind(status, context);
  if (status === 401) return 'auth_expired';
  if (status === 429) return 'rate_limited';
  // 100 invalid parameter, 324 bad image, 1500 too long, ...: the network refused this content.
  return 'rejected_content';
}

export function mapGraphFailure(
  failure: GraphFailure,
  context: CallContext,
  now = new Date(),
  fallbackBackoffMs = DEFAULT_FACEBOOK_BACKOFF_MS,
  network: 'facebook' | 'instagram' = 'facebook',
): PublishingError {
  const error = graphErrorOf(failure.body);
  const kind = facebookErrorKind(failure.status, error, context);
  const code =
    error?.code !== undefined ? `${error.code}${error.error_subcode ? `/${error.error_subcode}` : ''}` : undefined;
  const networkMessage =
    [error?.message, error?.error_user_msg].filter(Boolean).join(' — ') || `HTTP ${failure.status}`;
  return new PublishingError({
    kind,
    network,
    networkMessage,
    networkCode: code,
    httpStatus: failure.status,
    retryAt: kind === 'rate_limited' ? facebookRetryAt(failure.headers, now, fallbackBackoffMs) : undefined,
  });
}

/**
 * Page tokens are throttled per Business Use Case: `x-business-use-case-usage` is
 * `{ "<id>": [{ type, call_count, total_cputime, total_time, estimated_time_to_regain_access }] }`
 * with the wait in minutes. No Retry-After is sent.
 */
export function facebookRetryAt(
  headers: Record<string, string>,
  now: Date,
  fallbackBackoffMs = DEFAULT_FACEBOOK_BACKOFF_MS,
): Date {
  const minutes = maxRegainMinutes(headers['x-business-use-case-usage']);
  if (minutes > 0) return new Date(now.getTime() + minutes * 60_000);
  return new Date(now.getTime() + fallbackBackoffMs);
}

function maxRegainMinutes(header: string | undefined): number {
  if (!header) return 0;
  try {
    const usage = JSON.parse(header) as Record<string, Array<{ estimated_time_to_regain_access?: unknown }>>;
    let max = 0;
    for (const entries of Object.values(usage)) {
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        const value = Number(entry?.estimated_time_to_regain_access ?? 0);
        if (Number.isFinite(value) && value > max) max = value;
      }
    }
    return max;
  } catch {
    return 0;
  }
}

/** Maps anything a Graph call threw (ours or the SDK's FacebookRequestError); undefined if it is not a Graph answer. */
export function facebookErrorFrom(
  error: unknown,
  context: CallContext,
  now = new Date(),
  network: 'facebook' | 'instagram' = 'facebook',
): PublishingError | undefined {
  const failure = graphFailureOf(error);
  return failure ? mapGraphFailure(failure, context, now, DEFAULT_FACEBOOK_BACKOFF_MS, network) : undefined;
}

/**
 * Runs a Graph API call for Facebook or Instagram: transport failures through guardTransport, and Graph's
 * error bodies into the taxonomy (a Graph rate limit without a wait waits `fallbackBackoffMs`).
 */
export function callGraph<T>(
  network: 'facebook' | 'instagram',
  context: CallContext,
  fallbackBackoffMs: number,
  run: () => Promise<T>,
): Promise<T> {
  return guardTransport(network, context, async () => {
    try {
      return await run();
    } catch (error) {
      const failure = graphFailureOf(error);
      if (failure) throw mapGraphFailure(failure, context, new Date(), fallbackBackoffMs, network);
      throw error;
    }
  });
}
