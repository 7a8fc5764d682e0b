// Google's error answers: {"error":{"code","message","status","details"}} for the APIs, RFC 6749 for OAuth.
import type { FakeResponse } from '../core/fake-network';

export function googleError(
  code: number,
  status: string,
  message: string,
  details: Array<Record<string, unknown>> = [],
  headers: Record<string, string> = {},
): FakeResponse {
  return {
    status: code,
    headers: { vary: 'Origin, X-Origin, Referer', ...headers },
    json: { error: { code, message, status, ...(details.length ? { details } : {}) } },
  };
}

const errorInfo = (reason: string, metadata: Record<string, string> = {}) => ({
  '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
  reason,
  domain: 'googleapis.com',
  metadata: { service: 'mybusiness.googleapis.com', ...metadata },
});

export const GoogleErrors = {
  unauthenticated: () =>
    googleError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      [errorInfo('ACCESS_TOKEN_TYPE_UNSUPPORTED')],
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    ),
  expired: () =>
    googleError(
      401,
      'UNAUTHENTICATED',
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      [errorInfo('ACCESS_TOKEN_EXPIRED')],
      { 'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    ),
  permissionDenied: (message = 'The caller does not have permission') => googleError(403, 'PERMISSION_DENIED', message),
  scopeInsufficient: () =>
    googleError(403, 'PERMISSION_DENIED', 'Request had insufficient authentication scopes.', [
      errorInfo('ACCESS_TOKEN_SCOPE_INSUFFICIENT', { method: 'google.mybusiness.v4.LocalPosts.CreateLocalPost' }),
    ]),
  notFound: (what: string) => googleError(404, 'NOT_FOUND', `Requested entity was not found. (${what})`),
  invalidArgument: (message: string, violations: Array<{ field: string; description: string }> = []) =>
    googleError(
      400,
      'INVALID_ARGUMENT',
      message,
      violations.length ? [{ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: violations }] : [],
    ),
  unknownField: (name: string, where: string) =>
    googleError(
      400,
      'INVALID_ARGUMENT',
      `Invalid JSON payload received. Unknown name "${name}" at '${where}': Cannot find field.`,
      [
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [
            { field: where ? `${where}` : name, description: `Invalid JSON payload received. Unknown name "${name}"` },
          ],
        },
      ],
    ),
  resourceExhausted: (retrySeconds: number) =>
    googleError(
      429,
      'RESOURCE_EXHAUSTED',
      "Quota exceeded for quota metric 'Requests' and limit 'Requests per minute' of service 'mybusiness.googleapis.com'.",
      [
        errorInfo('RATE_LIMIT_EXCEEDED', { quota_metric: 'mybusiness.googleapis.com/default_requests' }),
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retrySeconds}s` },
      ],
    ),
  alreadyExists: () => googleError(409, 'ALREADY_EXISTS', 'Requested entity already exists'),
  internal: (status = 500) =>
    status === 503
      ? googleError(503, 'UNAVAILABLE', 'The service is currently unavailable.')
      : googleError(status, 'INTERNAL', 'Internal error encountered.'),
  failedPrecondition: (message: string) => googleError(400, 'FAILED_PRECONDITION', message),
};

/** RFC 6749 token endpoint errors, as Google sends them. */
export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, headers: { 'cache-control': 'no-store' }, json: { error, error_description: description } };
}
