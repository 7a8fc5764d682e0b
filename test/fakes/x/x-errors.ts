// X API v2 answers in problem+json, and the OAuth 2.0 token endpoint's errors.
import type { FakeResponse } from '../core/fake-network';

const PROBLEM = 'application/problem+json';

export function problem(
  status: number,
  title: string,
  detail: string,
  headers: Record<string, string> = {},
  type = 'about:blank',
): FakeResponse {
  return { status, headers: { 'content-type': PROBLEM, ...headers }, json: { title, type, status, detail } };
}

export function invalidRequest(message: string, parameters: Record<string, unknown> = {}): FakeResponse {
  return {
    status: 400,
    headers: { 'content-type': PROBLEM },
    json: {
      errors: [{ parameters, message }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  };
}

export const XErrors = {
  unauthorized: () => problem(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (detail = 'You are not permitted to perform this action.') => problem(403, 'Forbidden', detail),
  duplicate: () => problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'),
  // The body X's rate-limit page documents for a 429 (https://docs.x.com/x-api/fundamentals/rate-limits).
  tooManyRequests: (headers: Record<string, string>): FakeResponse => ({
    status: 429,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    json: { errors: [{ code: 88, message: 'Rate limit exceeded' }] },
  }),
  serverError: (status = 503) =>
    problem(
      status,
      status === 503 ? 'Service Unavailable' : 'Internal Server Error',
      status === 503 ? 'Service Unavailable' : 'Internal Server Error',
    ),
  tooLong: () =>
    invalidRequest(
      'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
      {},
    ),
  notFound: (path: string) =>
    problem(
      404,
      'Not Found Error',
      `Could not find the requested resource: ${path}`,
      {},
      'https://api.twitter.com/2/problems/resource-not-found',
    ),
  /** The retired v1.1 upload.twitter.com endpoints answer in the old v1.1 error format. */
  v11Gone: () =>
    ({
      status: 404,
      json: { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] },
    }) satisfies FakeResponse,
};

export function tokenError(status: number, error: string, description: string): FakeResponse {
  return { status, headers: { 'cache-control': 'no-store' }, json: { error, error_description: description } };
}
