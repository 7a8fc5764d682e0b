// LinkedInClient and LinkedInOAuth against the HTTPS LinkedIn fake.
import { LinkedInClient, LinkedInOAuth, renderForNetwork, type AccountCredentials } from '@app/publishing';
import type { FaultSpec } from '../../fakes';
import { JPEG, PNG, authorizeRedirect, publishingError, startTrustedFakes, uniqueText, type TrustedFakes } from './support';

const ORG_ID = '2414183';
// The LinkedIn-Version is configuration; tests pick a month the fake treats as active.
const ACTIVE_VERSION = '202601';

describe('LinkedInClient against the LinkedIn fake', () => {
  let t: TrustedFakes;
  let client: LinkedInClient;
  let oauth: LinkedInOAuth;
  let account: AccountCredentials;

  beforeAll(async () => {
    t = await startTrustedFakes();
    oauth = new LinkedInOAuth({
      authorizeUrl: t.fakes.env.LINKEDIN_OAUTH_AUTHORIZE_URL,
      tokenUrl: t.fakes.env.LINKEDIN_OAUTH_TOKEN_URL,
      clientId: t.fakes.env.LINKEDIN_CLIENT_ID,
      clientSecret: t.fakes.env.LINKEDIN_CLIENT_SECRET,
      redirectUri: 'https://planner.example.com/oauth/linkedin/callback',
      transport: t.transport,
    });
    client = new LinkedInClient({ apiUrl: t.fakes.env.LINKEDIN_API_URL, version: ACTIVE_VERSION, transport: t.transport, oauth });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    const tokens = t.fakes.linkedin.issueTestToken();
    account = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, externalAccountId: ORG_ID };
  });

  it('publishes text to /rest/posts with the configured version headers; the id comes from x-restli-id', async () => {
    const text = uniqueText('Welcome to our new patients');
    const result = await client.publish(account, { text: renderForNetwork('linkedin', text) });
    expect(result.externalId).toMatch(/^urn:li:share:\d+$/);
    expect(result.url).toBe(`https://www.linkedin.com/feed/update/${result.externalId}/`);
    const [post] = t.fakes.linkedin.posts();
    expect(post).toMatchObject({ id: result.externalId, author: `urn:li:organization:${ORG_ID}`, publishedText: text, visibility: 'PUBLIC', lifecycleState: 'PUBLISHED' });
    const request = t.fakes.linkedin.requests.find((r) => r.operation === 'publish')!;
    expect(request.headers['linkedin-version']).toBe(ACTIVE_VERSION);
    expect(request.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(request.headers.authorization).toBe(`Bearer ${account.accessToken}`);
  });

  it('text with parentheses and hashtags arrives intact when rendered; sent raw, LinkedIn cuts it silently', async () => {
    const text = 'Open Saturday (9-12) for emergencies #dentist #smile_day';
    await client.publish(account, { text: renderForNetwork('linkedin', text) });
    const rendered = t.fakes.linkedin.posts()[0];
    expect(rendered).toMatchObject({ publishedText: text, truncated: false });
    expect(rendered.commentarySent).toContain('{hashtag|\\#|dentist}');

    await client.publish(account, { text: 'Open Saturday (9-12) for check-ups' });
    const raw = t.fakes.linkedin.posts()[1];
    expect(raw).toMatchObject({ publishedText: 'Open Saturday ', truncated: true });
    // What LinkedIn keeps is what findRecent returns: the cut commentary.
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toContain('Open Saturday ');
  });

  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
  ])('publishes a %s through initializeUpload -> PUT -> content.media.id', async (_label, bytes, mimeType) => {
    const result = await client.publish(account, { text: uniqueText('Our new waiting room'), media: { bytes, mimeType, altText: 'Bright waiting room' } });
    const post = t.fakes.linkedin.posts().find((p) => p.id === result.externalId)!;
    expect(post.content?.media.id).toMatch(/^urn:li:image:/);
    expect(post.content?.media.altText).toBe('Bright waiting room');
    const image = t.fakes.linkedin.images.get(post.content!.media.id)!;
    expect(image).toMatchObject({ status: 'AVAILABLE', contentType: mimeType, owner: `urn:li:organization:${ORG_ID}` });
    expect(image.bytes!.equals(bytes)).toBe(true);
    expect(t.fakes.linkedin.requests.map((r) => r.operation)).toEqual(['media', 'upload', 'publish']);
  });

  it('bytes that are not an image fail with LinkedIn\'s own message, and nothing is posted', async () => {
    const error = await publishingError(() => client.publish(account, { text: 'x', media: { bytes: Buffer.from('not an image'), mimeType: 'image/png' } }));
    expect(error.kind).toBe('rejected_content');
    expect(error.networkMessage).toMatch(/not available \(status PROCESSING_FAILED\)/);
    expect(t.fakes.linkedin.posts()).toHaveLength(0);
  });

  it('finds recent posts by author, newest first', async () => {
    const since = new Date(Date.now() - 1000);
    const a = await client.publish(account, { text: renderForNetwork('linkedin', uniqueText('one')) });
    const b = await client.publish(account, { text: renderForNetwork('linkedin', uniqueText('two')) });
    const recent = await client.findRecent(account, since);
    expect(recent.map((p) => p.externalId).sort()).toEqual([a.externalId, b.externalId].sort());
    const request = t.fakes.linkedin.requests.find((r) => r.operation === 'read')!;
    expect(request.url).toContain('author=urn%3Ali%3Aorganization%3A2414183&q=author');
  });

  it('a sunset LinkedIn-Version gets 426 NONEXISTENT_VERSION -> version_retired with an admin message naming LINKEDIN_VERSION', async () => {
    const retired = new LinkedInClient({ apiUrl: t.fakes.linkedin.url, version: '202511', transport: t.transport });
    const error = await publishingError(() => retired.publish(account, { text: 'x' }));
    expect(error).toMatchObject({ kind: 'version_retired', httpStatus: 426, networkCode: 'NONEXISTENT_VERSION' });
    expect(error.networkMessage).toBe('Requested version 20251101 is not active');
    expect(error.adminMessage).toMatch(/LINKEDIN_VERSION/);
    expect(error.adminMessage).toMatch(/202511/);
    expect(error.practiceMessage).toMatch(/administrator has been alerted/);
    expect(() => new LinkedInClient({ apiUrl: t.fakes.linkedin.url, version: 'latest' })).toThrow(/LINKEDIN_VERSION/);
  });

  it('a 201 without x-restli-id is a failure (unknown_outcome: missing_id), never a success', async () => {
    t.fakes.linkedin.fail({ kind: 'missing_id' });
    const error = await publishingError(() => client.publish(account, { text: uniqueText('ghost') }));
    expect(error).toMatchObject({ kind: 'unknown_outcome', reason: 'missing_id', httpStatus: 201 });
    expect(error.networkMessage).toMatch(/x-restli-id/);
  });

  it('connects: authorization -> code -> 60-day token with a 365-day refresh token; refresh keeps the refresh token', async () => {
    const authorization = oauth.createAuthorization();
    const back = await authorizeRedirect(t.transport, authorization.url);
    expect(back.origin + back.pathname).toBe('https://planner.example.com/oauth/linkedin/callback');
    expect(back.searchParams.get('state')).toBe(authorization.state);
    const tokens = await oauth.exchangeCode(back.searchParams.get('code')!);
    const day = 24 * 3600_000;
    expect(tokens.expiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * day);
    expect(tokens.refreshTokenExpiresAt!.getTime() - Date.now()).toBeGreaterThan(364 * day);
    expect(tokens.scopes).toEqual(expect.arrayContaining(['w_organization_social', 'r_organization_social']));

    expect(await client.listAdministeredOrganizations(tokens.accessToken)).toEqual([ORG_ID]);
    const connected = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, externalAccountId: ORG_ID };
    await expect(client.verify(connected)).resolves.toEqual({ ok: true, externalAccountId: ORG_ID, name: 'Smile Dental Group' });

    const refreshed = await client.refresh(connected);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    await expect(client.publish({ ...connected, accessToken: refreshed.accessToken }, { text: uniqueText('after refresh') })).resolves.toBeDefined();
  });

  it('refresh: a revoked refresh token asks for reconnect; a 5xx or a timeout keeps the account connected', async () => {
    t.fakes.linkedin.fail({ kind: 'server_error', operation: 'token' });
    expect(await publishingError(() => client.refresh(account))).toMatchObject({ kind: 'transient', needsReconnect: false });
    t.fakes.linkedin.fail({ kind: 'accept_then_hang', operation: 'token' });
    const impatient = new LinkedInClient({
      apiUrl: t.fakes.linkedin.url,
      version: ACTIVE_VERSION,
      oauth: new LinkedInOAuth({ ...oauthOptions(t), transport: t.impatient }),
    });
    expect(await publishingError(() => impatient.refresh(account))).toMatchObject({ kind: 'transient', reason: 'timeout' });
    t.fakes.linkedin.tokens.revoke(account.refreshToken!);
    expect(await publishingError(() => client.refresh(account))).toMatchObject({ kind: 'auth_expired', networkCode: 'invalid_grant', needsReconnect: true });
  });

  it('a member who does not administer the organization gets 403 -> permission_denied', async () => {
    const error = await publishingError(() => client.publish({ ...account, externalAccountId: '5550001' }, { text: 'x' }));
    expect(error).toMatchObject({ kind: 'permission_denied', httpStatus: 403, networkCode: 'ACCESS_DENIED' });
  });

  const cases: Array<[FaultSpec, string, number]> = [
    [{ kind: 'expired_token' }, 'auth_expired', 401],
    [{ kind: 'revoked_token' }, 'auth_expired', 401],
    [{ kind: 'rate_limited' }, 'rate_limited', 429],
    [{ kind: 'duplicate' }, 'duplicate', 422],
    [{ kind: 'server_error' }, 'transient', 500],
    [{ kind: 'server_error', status: 503 }, 'transient', 503],
    [{ kind: 'server_error', status: 504 }, 'unknown_outcome', 504],
    [{ kind: 'permission_denied' }, 'permission_denied', 403],
    [{ kind: 'rejected_content', message: 'Commentary violates policy' }, 'rejected_content', 422],
    [{ kind: 'version_retired' }, 'version_retired', 426],
  ];
  it.each(cases)('fault %j maps to %s (HTTP %d) with LinkedIn\'s message in the practice message', async (fault, kind, status) => {
    t.fakes.linkedin.fail(fault);
    const error = await publishingError(() => client.publish(account, { text: uniqueText('fault') }));
    expect(error).toMatchObject({ kind, httpStatus: status, network: 'linkedin' });
    expect(error.practiceMessage).toContain(`LinkedIn said: "${error.networkMessage}"`);
  });

  it('429 has no reset header: retryAt is the configured backoff', async () => {
    const backoff = new LinkedInClient({ apiUrl: t.fakes.linkedin.url, version: ACTIVE_VERSION, transport: t.transport, rateLimitBackoffMs: 10 * 60_000 });
    t.fakes.linkedin.fail({ kind: 'rate_limited' });
    const error = await publishingError(() => backoff.publish(account, { text: 'x' }));
    expect(error.retryAt!.getTime() - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(error.retryAt!.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60_000);
  });

  it('the same text twice is refused as DUPLICATE_POST', async () => {
    const text = renderForNetwork('linkedin', uniqueText('Holiday hours'));
    await client.publish(account, { text });
    const error = await publishingError(() => client.publish(account, { text }));
    expect(error).toMatchObject({ kind: 'duplicate', httpStatus: 422 });
    expect(error.networkMessage).toMatch(/duplicate of urn:li:share:/);
  });

  it('accept-then-hang: unknown_outcome, the post IS stored and findRecent finds it', async () => {
    const impatient = new LinkedInClient({ apiUrl: t.fakes.linkedin.url, version: ACTIVE_VERSION, transport: t.impatient });
    t.fakes.linkedin.fail({ kind: 'accept_then_hang' });
    const text = renderForNetwork('linkedin', uniqueText('Hang on (really)'));
    expect(await publishingError(() => impatient.publish(account, { text }))).toMatchObject({ kind: 'unknown_outcome', reason: 'timeout' });
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toEqual([text]);
  });

  it('a token the fake did not issue, or without the headers LinkedIn requires, is refused like the real API', async () => {
    expect(await publishingError(() => client.publish({ ...account, accessToken: 'AQVforged' }, { text: 'x' }))).toMatchObject({
      kind: 'auth_expired',
      networkCode: 'INVALID_ACCESS_TOKEN',
    });
    const noProtocol = await t.transport.request({
      method: 'GET',
      url: `${t.fakes.linkedin.url}/rest/posts?author=${encodeURIComponent(`urn:li:organization:${ORG_ID}`)}&q=author`,
      headers: { authorization: `Bearer ${account.accessToken}`, 'linkedin-version': ACTIVE_VERSION },
    });
    expect(noProtocol.status).toBe(400);
    const noVersion = await t.transport.request({
      method: 'GET',
      url: `${t.fakes.linkedin.url}/rest/posts?q=author&author=x`,
      headers: { authorization: `Bearer ${account.accessToken}`, 'x-restli-protocol-version': '2.0.0' },
    });
    expect(JSON.parse(noVersion.body.toString())).toMatchObject({ status: 400, code: 'VERSION_MISSING' });
  });

  it('over 3000 characters is refused by the fake (and caught earlier by validateLength)', async () => {
    const error = await publishingError(() => client.publish(account, { text: 'a'.repeat(3001) }));
    expect(error).toMatchObject({ kind: 'rejected_content', httpStatus: 422 });
  });
});

function oauthOptions(t: TrustedFakes) {
  return {
    authorizeUrl: t.fakes.env.LINKEDIN_OAUTH_AUTHORIZE_URL,
    tokenUrl: t.fakes.env.LINKEDIN_OAUTH_TOKEN_URL,
    clientId: t.fakes.env.LINKEDIN_CLIENT_ID,
    clientSecret: t.fakes.env.LINKEDIN_CLIENT_SECRET,
    redirectUri: 'https://planner.example.com/oauth/linkedin/callback',
  };
}
