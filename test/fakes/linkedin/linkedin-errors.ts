// LinkedIn REST error answers ({status, serviceErrorCode, code, message}) and OAuth errors.
import type { FakeResponse } from '../core/fake-network';

export function liError(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): FakeResponse {
  return { status, headers: { 'x-restli-protocol-version': '2.0.0', ...headers }, json: { ...body, status } };
}

/** 422/400 validation answer with errorDetails.inputErrors. */
export function liValidation(status: 400 | 422, message: string, code: string, fieldPath?: string): FakeResponse {
  return liError(status, {
    errorDetailType: 'com.linkedin.common.error.BadRequest',
    message,
    errorDetails: {
      inputErrors: [{ description: message, input: fieldPath ? { inputPath: { fieldPath } } : {}, code }],
    },
  });
}

/** "20251101" from "202511": how LinkedIn names versions in its messages. */
export function longVersion(version: string): string {
  return `${version.slice(0, 6)}${version.length > 7 ? version.slice(7, 9) : '01'}`;
}

export const LinkedInErrors = {
  invalidToken: () =>
    liError(401, { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' }),
  revokedToken: () =>
    liError(401, {
      serviceErrorCode: 65601,
      code: 'REVOKED_ACCESS_TOKEN',
      message: 'The token used in the request has been revoked by the user',
    }),
  expiredToken: () =>
    liError(401, {
      serviceErrorCode: 65602,
      code: 'EXPIRED_ACCESS_TOKEN',
      message: 'The token used in the request has expired',
    }),
  accessDenied: (permission: string) =>
    liError(403, {
      serviceErrorCode: 100,
      code: 'ACCESS_DENIED',
      message: `Not enough permissions to access: ${permission}`,
    }),
  throttled: (scope = 'MEMBER') =>
    liError(429, {
      serviceErrorCode: 101,
      code: 'TOO_MANY_REQUESTS',
      message: `Resource level throttle ${scope} DAY limit for calls to this resource is reached.`,
    }),
  duplicate: (existing: string) =>
    liError(422, {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${existing}`,
      errorDetails: {
        inputErrors: [{ description: `Content is a duplicate of ${existing}`, input: {}, code: 'DUPLICATE_POST' }],
      },
    }),
  versionMissing: () =>
    liError(400, {
      code: 'VERSION_MISSING',
      message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
    }),
  nonexistentVersion: (version: string) =>
    liError(426, { code: 'NONEXISTENT_VERSION', message: `Requested version ${longVersion(version)} is not active` }),
  protocolVersion: () =>
    liError(400, {
      code: 'INVALID_PROTOCOL_VERSION',
      message: 'This resource requires X-Restli-Protocol-Version: 2.0.0 (Rest.li protocol 2.0.0)',
    }),
  serverError: (status = 500) =>
    liError(status, { message: status === 503 ? 'Service Unavailable' : 'Internal Server Error' }),
  notFound: (what: string) =>
    liError(404, { serviceErrorCode: 0, code: 'NOT_FOUND', message: `${what} does not exist` }),
};

export function oauthError(status: number, error: string, description: string): FakeResponse {
  return { status, headers: { 'cache-control': 'no-store' }, json: { error, error_description: description } };
}
