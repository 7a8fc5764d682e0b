// Graph API error answers, shaped like the real ones: {"error":{message,type,code,error_subcode,fbtrace_id}}.
import { randomBytes } from 'node:crypto';
import type { FakeResponse } from '../core/fake-network';

export interface GraphErrorExtras {
  subcode?: number;
  type?: string;
  isTransient?: boolean;
  userTitle?: string;
  userMessage?: string;
  headers?: Record<string, string>;
}

export function graphError(status: number, code: number, message: string, extras: GraphErrorExtras = {}): FakeResponse {
  const error: Record<string, unknown> = { message, type: extras.type ?? 'OAuthException', code };
  if (extras.subcode !== undefined) error.error_subcode = extras.subcode;
  if (extras.isTransient !== undefined) error.is_transient = extras.isTransient;
  if (extras.userTitle) error.error_user_title = extras.userTitle;
  if (extras.userMessage) error.error_user_msg = extras.userMessage;
  error.fbtrace_id = randomBytes(8).toString('base64url');
  const headers: Record<string, string> = { ...extras.headers };
  if (code === 190 || code === 102 || code === 104) {
    headers['www-authenticate'] = `OAuth "Facebook Platform" "invalid_token" "${message.replace(/"/g, "'")}"`;
  }
  return { status, headers, json: { error } };
}

function fbDate(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', 'UTC');
}

export const GraphErrors = {
  tokenRequired: () => graphError(400, 104, 'An access token is required to request this resource.'),
  tokenUnknown: () => graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token'),
  tokenExpired: (expiredAt: number, now: number) =>
    graphError(
      400,
      190,
      `Error validating access token: Session has expired on ${fbDate(expiredAt)}. The current time is ${fbDate(now)}.`,
      { subcode: 463 },
    ),
  tokenRevoked: () =>
    graphError(
      400,
      190,
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      { subcode: 460 },
    ),
  publishPermission: () =>
    graphError(
      403,
      200,
      '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
    ),
  appPermission: () => graphError(403, 10, '(#10) Application does not have permission for this action'),
  readPermission: () =>
    graphError(
      403,
      10,
      "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.",
    ),
  duplicate: () => graphError(400, 506, '(#506) Duplicate status message'),
  blocked: () => graphError(400, 368, '(#368) The action attempted has been deemed abusive or is otherwise disallowed'),
  unknownObject: (id: string) =>
    graphError(
      400,
      100,
      `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
      { subcode: 33, type: 'GraphMethodException' },
    ),
  unknownPath: (path: string) => graphError(400, 2500, `Unknown path components: ${path}`),
  missingMessage: () => graphError(400, 100, '(#100) Missing message or attachment'),
  messageTooLong: (limit: number) =>
    graphError(400, 100, `(#100) The message is too long: at most ${limit} characters are allowed.`),
  nonexistingField: (field: string, node: string) =>
    graphError(400, 100, `(#100) Tried accessing nonexisting field (${field}) on node type (${node})`),
  invalidImage: () => graphError(400, 324, '(#324) Missing or invalid image file'),
  requiresUpload: () => graphError(400, 324, '(#324) Requires upload file'),
  unreachableUrl: (reason: string) =>
    graphError(400, 100, '(#100) url should represent a valid URL', {
      userTitle: 'Image URL not reachable',
      userMessage: `Facebook could not download the image: ${reason}.`,
    }),
  unknownError: (status = 500) => graphError(status, 1, 'An unknown error has occurred.', { isTransient: true }),
  unexpectedError: (status = 503) =>
    graphError(status, 2, 'An unexpected error has occurred. Please retry your request later.', { isTransient: true }),
};

export const RATE_LIMIT_MESSAGES: Record<number, string> = {
  4: '(#4) Application request limit reached',
  17: '(#17) User request limit reached',
  32: '(#32) Page request limit reached',
  613: '(#613) Calls to this api have exceeded the rate limit.',
  80002:
    '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
  80001:
    '(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
};
