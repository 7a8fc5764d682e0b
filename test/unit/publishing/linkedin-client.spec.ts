// LinkedInClient and LinkedInOAuth against the HTTPS LinkedIn fake.
import { LinkedInClient, LinkedInOAuth, renderForNetwork, type AccountCredentials } from '@app/publishing';
import type { FaultSpec } from '../../fakes';
import {
  JPEG,
  PNG,
  RECENT_MAX_PAGES,
  RECENT_PAGE_SIZE,
  TestClock,
  authorizeRedirect,
  beforeRead,
  publishingError,
  startTrustedFakes,
  uniqueText,
  type TrustedFakes,
} from './support';

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
    client = new LinkedInClient({
      apiUrl: t.fakes.env.LINKEDIN_API_URL,
      version: ACTIVE_VERSION,
      transport: t.transport,
      oauth,
    });
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
    expect(post).toMatchObject({
      id: result.externalId,
      author: `urn:li:organization:${ORG_ID}`,
      publishedText: text,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
    });
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
    const result = await client.publish(account, {
      text: uniqueText('Our new waiting room'),
      media: { bytes, mimeType, altText: 'Bright waiting room' },
    });
    const post = t.fakes.linkedin.posts().find((p) => p.id === result.externalId)!;
    expect(post.content?.media?.id).toMatch(/^urn:li:image:/);
    expect(post.content?.media?.altText).toBe('Bright waiting room');
    const image = t.fakes.linkedin.images.get(post.content!.media!.id)!;
    expect(image).toMatchObject({ status: 'AVAILABLE', contentType: mimeType, owner: `urn:li:organization:${ORG_ID}` });
    expect(image.bytes!.equals(bytes)).toBe(true);
    // The image is PROCESSING after the upload: its status is read until AVAILABLE, then the post names it.
    expect(t.fakes.linkedin.requests.map((r) => r.operation)).toEqual(['media', 'upload', 'read', 'read', 'publish']);
  });

  it('never names an image still PROCESSING: a post that does is refused, so the client waits for AVAILABLE', async () => {
    t.fakes.linkedin.imageReadsProcessing = 3;
    const slept: number[] = [];
    const patient = new LinkedInClient({
      apiUrl: t.fakes.env.LINKEDIN_API_URL,
      version: ACTIVE_VERSION,
      transport: t.transport,
      sleep: async (ms) => void slept.push(ms),
    });
    try {
      const result = await patient.publish(account, {
        text: uniqueText('Processing'),
        media: { bytes: JPEG, mimeType: 'image/jpeg' },
      });
      expect(t.fakes.linkedin.posts().map((p) => p.id)).toEqual([result.externalId]);
      expect(slept).toEqual([250, 500, 1000]);
      // What the client used to do: name the image right after the upload. LinkedIn refuses it.
      const image = [...t.fakes.linkedin.images.values()][0];
      image.status = 'PROCESSING';
      const refused = await t.transport.request({
        method: 'POST',
        url: `${t.fakes.env.LINKEDIN_API_URL}/rest/posts`,
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          'linkedin-version': ACTIVE_VERSION,
          'x-restli-protocol-version': '2.0.0',
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          author: `urn:li:organization:${ORG_ID}`,
          commentary: 'x',
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED' },
          lifecycleState: 'PUBLISHED',
          content: { media: { id: image.urn } },
        }),
      });
      expect(refused.status).toBe(422);
      expect(refused.body.toString()).toMatch(/not available \(status PROCESSING\)/);
    } finally {
      t.fakes.linkedin.imageReadsProcessing = 1;
    }
  });

  it('publishes several images as one multiImage post, each uploaded first, in order with its alt text', async () => {
    const result = await client.publish(account, {
      text: uniqueText('Open house'),
      media: { bytes: JPEG, mimeType: 'image/jpeg', altText: 'Reception' },
      images: [
        { bytes: JPEG, mimeType: 'image/jpeg', altText: 'Reception' },
        { bytes: PNG, mimeType: 'image/png', altText: 'Waiting room' },
      ],
    });
    const post = t.fakes.linkedin.posts().find((p) => p.id === result.externalId)!;
    expect(post.content?.media).toBeUndefined();
    const images = post.content!.multiImage!.images;
    expect(images.map((i) => i.altText)).toEqual(['Reception', 'Waiting room']);
    expect(images.map((i) => t.fakes.linkedin.images.get(i.id)!.contentType)).toEqual(['image/jpeg', 'image/png']);
    expect(t.fakes.linkedin.requests.map((r) => r.operation)).toEqual([
      'media',
      'upload',
      'read',
      'read',
      'media',
      'upload',
      'read',
      'read',
      'publish',
    ]);
  });

  it("bytes that are not an image fail with LinkedIn's own message, and nothing is posted", async () => {
    const error = await publishingError(() =>
      client.publish(account, { text: 'x', media: { bytes: Buffer.from('not an image'), mimeType: 'image/png' } }),
    );
    expect(error).toMatchObject({ kind: 'rejected_content', networkCode: 'PROCESSING_FAILED' });
    expect(error.networkMessage).toMatch(/could not process the image urn:li:image:\S+ \(status PROCESSING_FAILED\)/);
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
    await expect(client.verify(connected)).resolves.toEqual({
      ok: true,
      externalAccountId: ORG_ID,
      name: 'Smile Dental Group',
      // The page's logo: logoV2's urn:li:digitalmediaAsset, read as urn:li:image through the Images API.
      pictureUrl: `${t.fakes.linkedin.url}/dms-downloads/logo-C4D0BAQHsmileLogo0001`,
    });
    const logoRead = t.fakes.linkedin.requests.find((r) => r.url.startsWith('/rest/images/'));
    expect(logoRead?.url).toBe('/rest/images/urn%3Ali%3Aimage%3AC4D0BAQHsmileLogo0001');

    const refreshed = await client.refresh(connected);
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    await expect(
      client.publish({ ...connected, accessToken: refreshed.accessToken }, { text: uniqueText('after refresh') }),
    ).resolves.toBeDefined();
  });

  it('refresh: a revoked refresh token asks for reconnect; a 5xx or a timeout keeps the account connected', async () => {
    t.fakes.linkedin.fail({ kind: 'server_error', operation: 'token' });
    expect(await publishingError(() => client.refresh(account))).toMatchObject({
      kind: 'transient',
      needsReconnect: false,
    });
    t.fakes.linkedin.fail({ kind: 'accept_then_hang', operation: 'token' });
    const impatient = new LinkedInClient({
      apiUrl: t.fakes.linkedin.url,
      version: ACTIVE_VERSION,
      oauth: new LinkedInOAuth({ ...oauthOptions(t), transport: t.impatient }),
    });
    expect(await publishingError(() => impatient.refresh(account))).toMatchObject({
      kind: 'transient',
      reason: 'timeout',
    });
    t.fakes.linkedin.tokens.revoke(account.refreshToken!);
    expect(await publishingError(() => client.refresh(account))).toMatchObject({
      kind: 'auth_expired',
      networkCode: 'invalid_grant',
      needsReconnect: true,
    });
  });

  it('a member who does not administer the organization gets 403 -> permission_denied', async () => {
    const error = await publishingError(() =>
      client.publish({ ...account, externalAccountId: '5550001' }, { text: 'x' }),
    );
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
  it.each(cases)(
    "fault %j maps to %s (HTTP %d) with LinkedIn's message in the practice message",
    async (fault, kind, status) => {
      t.fakes.linkedin.fail(fault);
      const error = await publishingError(() => client.publish(account, { text: uniqueText('fault') }));
      expect(error).toMatchObject({ kind, httpStatus: status, network: 'linkedin' });
      expect(error.practiceMessage).toContain(`LinkedIn said: "${error.networkMessage}"`);
    },
  );

  it('429 has no reset header: retryAt is the configured backoff', async () => {
    const backoff = new LinkedInClient({
      apiUrl: t.fakes.linkedin.url,
      version: ACTIVE_VERSION,
      transport: t.transport,
      rateLimitBackoffMs: 10 * 60_000,
    });
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
    const impatient = new LinkedInClient({
      apiUrl: t.fakes.linkedin.url,
      version: ACTIVE_VERSION,
      transport: t.impatient,
    });
    t.fakes.linkedin.fail({ kind: 'accept_then_hang' });
    const text = renderForNetwork('linkedin', uniqueText('Hang on (really)'));
    expect(await publishingError(() => impatient.publish(account, { text }))).toMatchObject({
      kind: 'unknown_outcome',
      reason: 'timeout',
    });
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toEqual([text]);
  });

  it('a token the fake did not issue, or without the headers LinkedIn requires, is refused like the real API', async () => {
    expect(
      await publishingError(() => client.publish({ ...account, accessToken: 'AQVforged' }, { text: 'x' })),
    ).toMatchObject({
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

  it('over 3000 characters is refused by the fake (and caught earlier by the compose-time length check)', async () => {
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

describe('LinkedInClient.findRecent on a busy organization: pages through the author finder', () => {
  let t: TrustedFakes;
  let clock: TestClock;
  let client: LinkedInClient;
  let account: AccountCredentials;
  const author = `urn:li:organization:${ORG_ID}`;

  beforeAll(async () => {
    clock = new TestClock(Date.parse('2026-11-20T09:00:00Z'));
    t = await startTrustedFakes({ linkedin: { now: clock.now, dailyPostLimit: 10_000 } });
    client = new LinkedInClient({ apiUrl: t.fakes.linkedin.url, version: ACTIVE_VERSION, transport: t.transport });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    account = { accessToken: t.fakes.linkedin.issueTestToken().accessToken, externalAccountId: ORG_ID };
  });

  const publishMany = async (n: number, spacingMs: number): Promise<Array<{ id: string; at: number }>> => {
    const posts: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < n; i++) {
      const at = clock.advance(spacingMs);
      posts.push({ id: (await client.publish(account, { text: `Tip ${i}: floss daily` })).externalId, at });
    }
    t.fakes.linkedin.requests.length = 0;
    return posts;
  };
  const finderQueries = () => t.fakes.linkedin.requests.map((r) => new URL(r.url, t.fakes.linkedin.url).searchParams);

  it('finds every post at or after since, and only those, newest first, across pages of 100', async () => {
    const posts = await publishMany(130, 30_000);
    const since = new Date(posts[10].at);
    const recent = await client.findRecent(account, since);
    expect(recent.map((p) => p.externalId)).toEqual(
      posts
        .slice(10)
        .map((p) => p.id)
        .reverse(),
    );
    expect(recent.map((p) => p.createdAt.getTime())).toEqual(
      posts
        .slice(10)
        .map((p) => p.at)
        .reverse(),
    );
    const queries = finderQueries();
    expect(queries.map((q) => [q.get('start'), q.get('count'), q.get('sortBy'), q.get('q'), q.get('author')])).toEqual([
      ['0', '100', 'CREATED', 'author', author],
      ['100', '100', 'CREATED', 'author', author],
    ]);
    expect(await client.findRecent(account, new Date(posts[0].at - 60_000))).toHaveLength(130);
  });

  it('stops paging once a page reaches past since (the finder has no time filter)', async () => {
    const posts = await publishMany(130, 30_000);
    const recent = await client.findRecent(account, new Date(posts[80].at));
    expect(recent.map((p) => p.externalId)).toEqual(
      posts
        .slice(80)
        .map((p) => p.id)
        .reverse(),
    );
    expect(finderQueries()).toHaveLength(1);
  });

  it('stops after 10 pages on a huge account: the newest 1,000 posts', async () => {
    const start = clock.now();
    for (let i = 0; i < 1_050; i++) {
      const text = `seeded ${i}`;
      t.fakes.linkedin.published.push({
        id: `urn:li:share:${t.fakes.linkedin.shareIds.take()}`,
        author,
        commentarySent: text,
        commentary: text,
        publishedText: text,
        truncated: false,
        visibility: 'PUBLIC',
        lifecycleState: 'PUBLISHED',
        createdAt: start + i * 1000,
        version: ACTIVE_VERSION,
      });
    }
    const recent = await client.findRecent(account, new Date(start - 1000));
    expect(recent).toHaveLength(RECENT_MAX_PAGES * RECENT_PAGE_SIZE);
    expect([recent[0].text, recent.at(-1)!.text]).toEqual(['seeded 1049', 'seeded 50']);
    expect(finderQueries()).toHaveLength(RECENT_MAX_PAGES);
  });

  it('an error on a later page is mapped like any other LinkedIn answer, not swallowed into a partial list', async () => {
    await publishMany(120, 1000);
    const since = new Date(clock.now() - 3600_000);
    const onSecondRead = (fault: FaultSpec) =>
      new LinkedInClient({
        apiUrl: t.fakes.linkedin.url,
        version: ACTIVE_VERSION,
        transport: beforeRead(t, 2, () => t.fakes.linkedin.fail(fault)),
      });
    expect(
      await publishingError(() => onSecondRead({ kind: 'rate_limited', operation: 'read' }).findRecent(account, since)),
    ).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
    expect(
      await publishingError(() => onSecondRead({ kind: 'server_error', operation: 'read' }).findRecent(account, since)),
    ).toMatchObject({ kind: 'transient', httpStatus: 500 });
    expect(
      await publishingError(() =>
        onSecondRead({ kind: 'expired_token', operation: 'read' }).findRecent(account, since),
      ),
    ).toMatchObject({ kind: 'auth_expired' });
  });

  it('the fake pages like LinkedIn: paging {start, count, links, total}, count at most 100, bad paging or sortBy refused', async () => {
    await publishMany(7, 1000);
    const get = async (query: string) => {
      const response = await t.transport.request({
        method: 'GET',
        url: `${t.fakes.linkedin.url}/rest/posts?author=${encodeURIComponent(author)}&q=author&${query}`,
        headers: {
          authorization: `Bearer ${account.accessToken}`,
          'linkedin-version': ACTIVE_VERSION,
          'x-restli-protocol-version': '2.0.0',
        },
      });
      return {
        status: response.status,
        body: JSON.parse(response.body.toString()) as { paging?: Record<string, unknown>; elements?: unknown[] },
      };
    };
    const first = await get('count=5');
    expect(first.body.paging).toMatchObject({
      start: 0,
      count: 5,
      total: 7,
      links: [{ rel: 'next', type: 'application/json', href: expect.stringContaining('start=5') }],
    });
    expect(first.body.elements).toHaveLength(5);
    const second = await get('count=5&start=5');
    expect(second.body.paging).toMatchObject({
      start: 5,
      count: 5,
      total: 7,
      links: [{ rel: 'prev', href: expect.stringContaining('start=0') }],
    });
    expect(second.body.elements).toHaveLength(2);
    expect((await get('count=500')).body.paging).toMatchObject({ count: 100 });
    expect((await get('start=-1')).status).toBe(400);
    expect((await get('sortBy=NEWEST')).status).toBe(400);
  });
});
