// The per-network mapping tables, exercised without a server (the fakes cover the wire).
import { tokenEndpointError } from './error-mapping';
import { facebookErrorKind, facebookRetryAt } from './facebook/facebook-errors';
import { mapLinkedInFailure } from './linkedin/linkedin-errors';
import { xErrorKind, xRetryAt } from './x/x-errors';

const publish = { creates: true };
// No YYYYMM literal in libs/, not even in specs: the version is whatever configuration says.
const CONFIGURED = 'CONFIGURED-VERSION';
const read = { creates: false };

describe('Facebook Graph codes', () => {
  it.each([
    [400, 190, 'auth_expired'],
    [400, 102, 'auth_expired'],
    [403, 10, 'permission_denied'],
    [403, 200, 'permission_denied'],
    [403, 299, 'permission_denied'],
    [400, 4, 'rate_limited'],
    [400, 17, 'rate_limited'],
    [400, 32, 'rate_limited'],
    [400, 613, 'rate_limited'],
    [400, 80001, 'rate_limited'],
    [400, 368, 'rejected_content'],
    [400, 506, 'duplicate'],
    [500, 1, 'transient'],
    [503, 2, 'transient'],
    [400, 100, 'rejected_content'],
  ])('HTTP %d code %d -> %s', (status, code, kind) => {
    expect(facebookErrorKind(status, { code }, publish)).toBe(kind);
  });

  it.each([
    [-2, 2207003, 'transient'], // download timeout: "Try again"
    [-2, 2207020, 'transient'], // expired container: "Generate a new container ID and use it to try again"
    [-1, 2207001, 'transient'],
    [-1, 2207032, 'transient'], // "Create media fail, please try to re-create media"
    [-1, 2207053, 'transient'],
    [9007, 2207027, 'transient'],
    [9, 2207042, 'rate_limited'],
    [4, 2207051, 'rejected_content'], // a spam block, not a throttle: a person must look
    [36003, 2207009, 'rejected_content'],
  ])('Instagram code %d subcode %d -> %s (reference/error-codes)', (code, subcode, kind) => {
    expect(facebookErrorKind(400, { code, error_subcode: subcode }, publish)).toBe(kind);
  });

  it('a gateway timeout on a publish is an unknown outcome, on a read it is transient', () => {
    expect(facebookErrorKind(504, undefined, publish)).toBe('unknown_outcome');
    expect(facebookErrorKind(504, undefined, read)).toBe('transient');
  });

  it('retryAt takes the largest estimated_time_to_regain_access (minutes), else the fallback', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const header = JSON.stringify({
      '101': [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 7 }],
      '9': [{ estimated_time_to_regain_access: 12 }],
    });
    expect(facebookRetryAt({ 'x-business-use-case-usage': header }, now).toISOString()).toBe(
      '2026-11-25T10:12:00.000Z',
    );
    expect(facebookRetryAt({}, now, 60_000).toISOString()).toBe('2026-11-25T10:01:00.000Z');
    expect(facebookRetryAt({ 'x-business-use-case-usage': 'not json' }, now, 60_000).toISOString()).toBe(
      '2026-11-25T10:01:00.000Z',
    );
  });
});

describe('LinkedIn statuses', () => {
  it('426 is version_retired with an admin message naming the setting and the version', () => {
    const error = mapLinkedInFailure(
      426,
      { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version is not active' },
      {},
      { ...publish, version: CONFIGURED },
    );
    expect(error.kind).toBe('version_retired');
    expect(error.adminMessage).toMatch(/LINKEDIN_VERSION/);
    expect(error.adminMessage).toContain(CONFIGURED);
  });

  it('DUPLICATE_POST is recognised by code or by message', () => {
    const byCode = mapLinkedInFailure(
      422,
      { errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } },
      {},
      { ...publish, version: CONFIGURED },
    );
    const byMessage = mapLinkedInFailure(
      400,
      { message: 'Content is a duplicate of urn:li:share:1' },
      {},
      { ...publish, version: CONFIGURED },
    );
    expect([byCode.kind, byMessage.kind]).toEqual(['duplicate', 'duplicate']);
  });

  it('honours a Retry-After if LinkedIn ever sends one', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const error = mapLinkedInFailure(429, {}, { 'retry-after': '120' }, { ...publish, version: CONFIGURED }, now);
    expect(error.retryAt?.toISOString()).toBe('2026-11-25T10:02:00.000Z');
  });
});

describe('X statuses', () => {
  it('403 is duplicate, too long, or a permission problem depending on the detail', () => {
    expect(xErrorKind(403, { detail: 'You are not allowed to create a Tweet with duplicate content.' }, publish)).toBe(
      'duplicate',
    );
    expect(xErrorKind(403, { detail: 'Your Tweet text is too long.' }, publish)).toBe('rejected_content');
    expect(xErrorKind(403, { detail: 'You are not permitted to perform this action.' }, publish)).toBe(
      'permission_denied',
    );
  });

  it('retryAt is the later of the window reset and an exhausted 24-hour user cap', () => {
    const now = new Date('2026-11-25T10:00:00Z');
    const window = String(Date.parse('2026-11-25T10:15:00Z') / 1000);
    const daily = String(Date.parse('2026-11-26T08:00:00Z') / 1000);
    expect(xRetryAt({ 'x-rate-limit-reset': window }, now).toISOString()).toBe('2026-11-25T10:15:00.000Z');
    expect(
      xRetryAt(
        { 'x-rate-limit-reset': window, 'x-user-limit-24hour-remaining': '0', 'x-user-limit-24hour-reset': daily },
        now,
      ).toISOString(),
    ).toBe('2026-11-26T08:00:00.000Z');
    // The app's daily cap on POST /2/tweets (10,000 a day) ran out: wait for it, not for the 15-minute window.
    expect(
      xRetryAt(
        { 'x-rate-limit-reset': window, 'x-app-limit-24hour-remaining': '0', 'x-app-limit-24hour-reset': daily },
        now,
      ).toISOString(),
    ).toBe('2026-11-26T08:00:00.000Z');
    expect(
      xRetryAt(
        { 'x-rate-limit-reset': window, 'x-app-limit-24hour-remaining': '12', 'x-app-limit-24hour-reset': daily },
        now,
      ).toISOString(),
    ).toBe('2026-11-25T10:15:00.000Z');
  });
});

describe('OAuth token endpoints', () => {
  const response = (status: number, body: unknown) => ({
    status,
    headers: {},
    body: Buffer.from(JSON.stringify(body)),
  });
  it('only a rejected grant (or 401) asks for a reconnect', () => {
    expect(tokenEndpointError('x', response(400, { error: 'invalid_grant' })).kind).toBe('auth_expired');
    expect(tokenEndpointError('linkedin', response(401, {})).kind).toBe('auth_expired');
    expect(tokenEndpointError('x', response(503, {})).kind).toBe('transient');
    expect(tokenEndpointError('x', response(429, {})).kind).toBe('rate_limited');
    const client = tokenEndpointError('x', response(401, { error: 'unauthorized_client' }));
    expect(client.kind).toBe('permission_denied');
    expect(client.adminMessage).toMatch(/client id\/secret/);
  });
});
