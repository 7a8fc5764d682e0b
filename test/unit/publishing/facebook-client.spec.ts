// FacebookClient and FacebookOAuth against the HTTPS Graph fake.
import { FacebookClient, FacebookOAuth, type AccountCredentials } from '@app/publishing';
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

const PAGE_ID = '100000000000101';

describe('FacebookClient against the Graph fake', () => {
  let t: TrustedFakes;
  let client: FacebookClient;
  let oauth: FacebookOAuth;
  let account: AccountCredentials;

  beforeAll(async () => {
    t = await startTrustedFakes();
    oauth = new FacebookOAuth({
      graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL,
      authorizeUrl: t.fakes.env.FACEBOOK_OAUTH_AUTHORIZE_URL,
      appId: t.fakes.env.FACEBOOK_APP_ID,
      appSecret: t.fakes.env.FACEBOOK_APP_SECRET,
      redirectUri: 'https://planner.example.com/oauth/facebook/callback',
      transport: t.transport,
    });
    client = new FacebookClient({ graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL, transport: t.transport, oauth });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    account = {
      accessToken: t.fakes.facebook.issueTestToken({ kind: 'page', pageId: PAGE_ID }).accessToken,
      externalAccountId: PAGE_ID,
    };
  });

  it('publishes text with the Page token through the SDK, on the configured origin and version path', async () => {
    const text = uniqueText('Open Saturday (9-12) for check-ups!');
    const result = await client.publish(account, { text });
    expect(result.externalId).toMatch(new RegExp(`^${PAGE_ID}_\\d+$`));
    expect(result.url).toBe(`https://www.facebook.com/${PAGE_ID}/posts/${result.externalId.split('_')[1]}`);
    const [post] = t.fakes.facebook.posts();
    expect(post).toMatchObject({ id: result.externalId, pageId: PAGE_ID, message: text, published: true, via: 'feed' });
    const request = t.fakes.facebook.requests.find((r) => r.operation === 'publish')!;
    expect(request.url).toMatch(/^\/v24\.0\/100000000000101\/feed\?access_token=/);
  });

  it('publishes a photo by public URL with caption and alt text', async () => {
    const text = uniqueText('New hygienist');
    const result = await client.publish(account, {
      text,
      media: { url: 'https://cdn.example.com/team.jpg', mimeType: 'image/jpeg', altText: 'Our new hygienist smiling' },
    });
    const post = t.fakes.facebook.posts().find((p) => p.id === result.externalId)!;
    expect(post).toMatchObject({
      message: text,
      via: 'photos',
      photo: { url: 'https://cdn.example.com/team.jpg', altText: 'Our new hygienist smiling' },
    });
  });

  it('publishes a photo by bytes with its own multipart request', async () => {
    const text = uniqueText('Before and after whitening');
    const result = await client.publish(account, {
      text,
      media: { bytes: JPEG, mimeType: 'image/jpeg', altText: 'Whitening result' },
    });
    const stored = t.fakes.facebook.feed.find((p) => p.id === result.externalId)!;
    expect(stored.photo?.bytes?.equals(JPEG)).toBe(true);
    expect(stored.photo).toMatchObject({ contentType: 'image/jpeg', altText: 'Whitening result' });
    expect(stored.message).toBe(text);
  });

  it('publishes several photos as one post: each uploaded unpublished, then attached to one feed post', async () => {
    const text = uniqueText('Our new office, room by room');
    const pictures = [JPEG, PNG, Buffer.concat([JPEG.subarray(0, 20), Buffer.from('third'), JPEG.subarray(20)])];
    const result = await client.publish(account, {
      text,
      media: { bytes: pictures[0], mimeType: 'image/jpeg', altText: 'Reception' },
      images: [
        { bytes: pictures[0], mimeType: 'image/jpeg', altText: 'Reception' },
        { bytes: pictures[1], mimeType: 'image/png', altText: 'Waiting room' },
        { url: 'https://cdn.example.com/chair.jpg', mimeType: 'image/jpeg', altText: 'The chair' },
      ],
    });
    const posts = t.fakes.facebook.posts();
    expect(posts).toHaveLength(1); // unpublished photos are no posts of their own
    const [post] = t.fakes.facebook.feed;
    expect(post).toMatchObject({ id: result.externalId, message: text, via: 'feed' });
    expect(post.photos!.map((p) => p.altText)).toEqual(['Reception', 'Waiting room', 'The chair']);
    expect(post.photos![0].bytes!.equals(pictures[0])).toBe(true);
    expect(post.photos![1].bytes!.equals(pictures[1])).toBe(true);
    // The photo given by URL was downloaded by the network itself.
    expect(post.photos![2].bytes).toEqual(t.fakes.facebook.mediaFetches[0].bytes);
    // A photo can be attached once: a second post reusing it is refused.
    await expect(
      t.transport.request({
        method: 'POST',
        url: `${t.fakes.env.FACEBOOK_GRAPH_URL}/v24.0/${PAGE_ID}/feed?access_token=${account.accessToken}`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'again', attached_media: [{ media_fbid: post.photos![0].id }] }),
      }),
    ).resolves.toMatchObject({ status: 400 });
  });

  it('refuses a private media URL before calling Facebook, and the fake refuses it too', async () => {
    const error = await publishingError(() =>
      client.publish(account, {
        text: 'x',
        media: { url: 'http://localhost:3000/uploads/a.jpg', mimeType: 'image/jpeg' },
      }),
    );
    expect(error).toMatchObject({ kind: 'rejected_content', reason: 'private_media_url' });
    expect(t.fakes.facebook.requests.filter((r) => r.operation === 'publish')).toHaveLength(0);

    const raw = await t.transport.request({
      method: 'POST',
      url: `${t.fakes.facebook.url}/v24.0/${PAGE_ID}/photos?access_token=${account.accessToken}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'http://192.168.1.20/a.jpg', caption: 'x' }),
    });
    expect(raw.status).toBe(400);
    expect(JSON.parse(raw.body.toString()).error).toMatchObject({ code: 100, type: 'OAuthException' });
    expect(t.fakes.facebook.posts()).toHaveLength(0);
  });

  it('reads back recent posts with findRecent', async () => {
    const since = new Date(Date.now() - 1000);
    const a = await client.publish(account, { text: uniqueText('first') });
    const b = await client.publish(account, { text: uniqueText('second') });
    const recent = await client.findRecent(account, since);
    expect(recent.map((p) => p.externalId).sort()).toEqual([a.externalId, b.externalId].sort());
    expect(recent[0].createdAt.getTime()).toBeGreaterThanOrEqual(since.getTime() - 1000);
    expect(await client.findRecent(account, new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('connects through the Login dialog: code -> long-lived user token -> Pages with Page tokens and tasks', async () => {
    const authorization = oauth.createAuthorization();
    const back = await authorizeRedirect(t.transport, authorization.url);
    expect(back.searchParams.get('state')).toBe(authorization.state);
    const tokens = await oauth.exchangeCode(back.searchParams.get('code')!);
    expect(tokens.expiresAt!.getTime() - Date.now()).toBeGreaterThan(59 * 24 * 3600_000);

    const pages = await oauth.listPages(tokens.accessToken);
    expect(pages.map((p) => [p.id, p.canPublish])).toEqual([
      [PAGE_ID, true],
      ['100000000000102', false],
    ]);
    const usable = pages.find((p) => p.canPublish)!;
    expect(usable.tasks).toContain('CREATE_CONTENT');
    const pageAccount = { accessToken: usable.accessToken, externalAccountId: usable.id };
    await expect(client.verify(pageAccount)).resolves.toEqual({
      ok: true,
      externalAccountId: PAGE_ID,
      name: 'Smile Dental Studio',
      // Graph's `picture` field: {data: {url, width, height, is_silhouette}}.
      pictureUrl: expect.stringMatching(new RegExp(`/profile/${PAGE_ID}_50x50\\.jpg$`)),
    });
    await expect(client.publish(pageAccount, { text: uniqueText('connected') })).resolves.toMatchObject({
      externalId: expect.stringMatching(/^100000000000101_/),
    });

    // The user token is not a Page token (postiz #1881): verify says so, publishing gets #200.
    const userAccount = { accessToken: tokens.accessToken, externalAccountId: PAGE_ID };
    expect(await publishingError(() => client.verify(userAccount))).toMatchObject({
      kind: 'permission_denied',
      reason: 'not_a_page_token',
    });
    expect(await publishingError(() => client.publish(userAccount, { text: 'x' }))).toMatchObject({
      kind: 'permission_denied',
      networkCode: '200',
    });
    // A Page without CREATE_CONTENT cannot be published to, even with its own token.
    const other = pages.find((p) => !p.canPublish)!;
    expect(
      await publishingError(() =>
        client.publish({ accessToken: other.accessToken, externalAccountId: other.id }, { text: 'x' }),
      ),
    ).toMatchObject({
      kind: 'permission_denied',
    });
  });

  it('a used or unknown code is auth_expired; a wrong app secret is permission_denied for the admin', async () => {
    const back = await authorizeRedirect(t.transport, oauth.createAuthorization().url);
    const code = back.searchParams.get('code')!;
    await oauth.exchangeCode(code);
    expect(await publishingError(() => oauth.exchangeCode(code))).toMatchObject({
      kind: 'auth_expired',
      networkCode: '100/36009',
    });
    const wrong = new FacebookOAuth({ ...oauthOptions(t), appSecret: 'nope', transport: t.transport });
    const error = await publishingError(() => wrong.exchangeCode('abc'));
    expect(error.kind).toBe('permission_denied');
    expect(error.adminMessage).toMatch(/FACEBOOK_APP_SECRET/);
  });

  it('refresh exchanges for a new long-lived token that works; 5xx at the token endpoint stays transient', async () => {
    const refreshed = await client.refresh(account);
    expect(refreshed.accessToken).not.toBe(account.accessToken);
    await expect(client.verify({ ...account, accessToken: refreshed.accessToken })).resolves.toMatchObject({
      ok: true,
    });
    t.fakes.facebook.fail({ kind: 'server_error', operation: 'token' });
    expect(await publishingError(() => client.refresh(account))).toMatchObject({
      kind: 'transient',
      needsReconnect: false,
    });
  });

  it('a token that really expired or was revoked is auth_expired (190/463, 190/460)', async () => {
    t.fakes.facebook.tokens.expire(account.accessToken);
    expect(await publishingError(() => client.publish(account, { text: 'x' }))).toMatchObject({
      kind: 'auth_expired',
      networkCode: '190/463',
      needsReconnect: true,
    });
    const fresh = { ...account, accessToken: t.fakes.facebook.issueTestToken({ kind: 'page' }).accessToken };
    t.fakes.facebook.tokens.revoke(fresh.accessToken);
    expect(await publishingError(() => client.publish(fresh, { text: 'x' }))).toMatchObject({
      kind: 'auth_expired',
      networkCode: '190/460',
    });
    expect(
      await publishingError(() => client.publish({ ...account, accessToken: 'EAAnotissued' }, { text: 'x' })),
    ).toMatchObject({ kind: 'auth_expired', networkCode: '190' });
  });

  const cases: Array<[FaultSpec, string, string | undefined]> = [
    [{ kind: 'expired_token' }, 'auth_expired', '190/463'],
    [{ kind: 'revoked_token' }, 'auth_expired', '190/460'],
    [{ kind: 'rate_limited', retryAfterSeconds: 1200 }, 'rate_limited', '80001'],
    [{ kind: 'rate_limited', code: 4 }, 'rate_limited', '4'],
    [{ kind: 'duplicate' }, 'duplicate', '506'],
    [{ kind: 'server_error' }, 'transient', '1'],
    [{ kind: 'server_error', status: 503 }, 'transient', '2'],
    [{ kind: 'permission_denied' }, 'permission_denied', '200'],
    [{ kind: 'permission_denied', code: 10 }, 'permission_denied', '10'],
    [{ kind: 'rejected_content' }, 'rejected_content', '368'],
    [{ kind: 'missing_id' }, 'unknown_outcome', undefined],
  ];
  it.each(cases)(
    "fault %j maps to %s (code %s) with a practice message carrying Facebook's words",
    async (fault, kind, code) => {
      t.fakes.facebook.fail(fault);
      const error = await publishingError(() => client.publish(account, { text: uniqueText('fault') }));
      expect(error.kind).toBe(kind);
      expect(error.network).toBe('facebook');
      if (code) expect(error.networkCode).toBe(code);
      expect(error.practiceMessage).toContain(error.networkMessage);
      expect(error.practiceMessage.length).toBeGreaterThan(error.networkMessage.length + 20);
    },
  );

  it('rate_limited carries retryAt from estimated_time_to_regain_access (minutes)', async () => {
    t.fakes.facebook.fail({ kind: 'rate_limited', retryAfterSeconds: 1200 });
    const before = Date.now();
    const error = await publishingError(() => client.publish(account, { text: 'x' }));
    expect(error.retryAt!.getTime() - before).toBeGreaterThanOrEqual(20 * 60_000 - 1000);
    expect(error.retryAt!.getTime() - before).toBeLessThanOrEqual(20 * 60_000 + 5000);
    expect(error.practiceMessage).toMatch(/after \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
  });

  it('the same message twice is refused as a duplicate (#506)', async () => {
    const text = uniqueText('Flu shots now');
    await client.publish(account, { text });
    expect(await publishingError(() => client.publish(account, { text }))).toMatchObject({ kind: 'duplicate' });
  });

  it('accept-then-hang: unknown_outcome, the post IS stored and findRecent finds it', async () => {
    const slowClient = new FacebookClient({ graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL, transport: t.impatient });
    t.fakes.facebook.fail({ kind: 'accept_then_hang' });
    const text = uniqueText('Hang on');
    const error = await publishingError(() => slowClient.publish(account, { text }));
    expect(error).toMatchObject({ kind: 'unknown_outcome', reason: 'timeout' });
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toContain(text);
  });

  it('connection reset after the request is unknown_outcome; nothing listening is transient', async () => {
    t.fakes.facebook.fail({ kind: 'accept_then_reset' });
    expect(await publishingError(() => client.publish(account, { text: uniqueText('reset') }))).toMatchObject({
      kind: 'unknown_outcome',
    });
    expect(t.fakes.facebook.posts()).toHaveLength(1);
    const nowhere = new FacebookClient({ graphUrl: 'https://127.0.0.1:9', transport: t.transport });
    expect(await publishingError(() => nowhere.publish(account, { text: 'x' }))).toMatchObject({
      kind: 'transient',
      reason: 'ECONNREFUSED',
    });
  });

  it('a slow answer within the timeout still succeeds', async () => {
    t.fakes.facebook.fail({ kind: 'slow', delayMs: 150 });
    await expect(client.publish(account, { text: uniqueText('slow') })).resolves.toMatchObject({
      externalId: expect.any(String),
    });
  });
});

describe('FacebookClient against a Page at its Business Use Case limit', () => {
  let t: TrustedFakes;
  beforeAll(async () => {
    t = await startTrustedFakes({ facebook: { pagePostsPerHour: 2 } });
  });
  afterAll(() => t.fakes.close());

  it('the third post in an hour gets #80001 and a retryAt from the header', async () => {
    const client = new FacebookClient({ graphUrl: t.fakes.facebook.url, transport: t.transport });
    const account = {
      accessToken: t.fakes.facebook.issueTestToken({ kind: 'page' }).accessToken,
      externalAccountId: PAGE_ID,
    };
    await client.publish(account, { text: uniqueText('one') });
    await client.publish(account, { text: uniqueText('two') });
    const error = await publishingError(() => client.publish(account, { text: uniqueText('three') }));
    expect(error).toMatchObject({ kind: 'rate_limited', networkCode: '80001' });
    expect(error.retryAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });
});

function oauthOptions(t: TrustedFakes) {
  return {
    graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL,
    authorizeUrl: t.fakes.env.FACEBOOK_OAUTH_AUTHORIZE_URL,
    appId: t.fakes.env.FACEBOOK_APP_ID,
    appSecret: t.fakes.env.FACEBOOK_APP_SECRET,
    redirectUri: 'https://planner.example.com/oauth/facebook/callback',
  };
}

describe('FacebookClient.findRecent on a busy Page: follows the feed cursor', () => {
  let t: TrustedFakes;
  let clock: TestClock;
  let client: FacebookClient;
  let account: AccountCredentials;

  beforeAll(async () => {
    clock = new TestClock(Date.parse('2026-11-20T09:00:00Z'));
    // The Business Use Case limit would stop 130 publishes in an hour; this Page may.
    t = await startTrustedFakes({ facebook: { now: clock.now, pagePostsPerHour: 10_000 } });
    client = new FacebookClient({ graphUrl: t.fakes.facebook.url, transport: t.transport });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    account = {
      accessToken: t.fakes.facebook.issueTestToken({ kind: 'page', pageId: PAGE_ID }).accessToken,
      externalAccountId: PAGE_ID,
    };
  });

  const publishMany = async (n: number, spacingMs: number): Promise<Array<{ id: string; at: number }>> => {
    const posts: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < n; i++) {
      const at = clock.advance(spacingMs);
      posts.push({ id: (await client.publish(account, { text: `Tip ${i}: floss daily` })).externalId, at });
    }
    t.fakes.facebook.requests.length = 0;
    return posts;
  };
  const reads = () => t.fakes.facebook.requests.map((r) => new URL(r.url, t.fakes.facebook.url));

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

    // Graph filters by `since` itself; the second page is the first page's paging.next, token and all.
    const [first, second, ...more] = reads();
    expect(more).toEqual([]);
    expect(first.pathname).toBe(`/v24.0/${PAGE_ID}/feed`);
    expect([first.searchParams.get('limit'), first.searchParams.get('since'), first.searchParams.get('after')]).toEqual(
      ['100', String(since.getTime() / 1000), null],
    );
    expect(second.pathname).toBe(`/v24.0/${PAGE_ID}/feed`);
    expect(second.searchParams.get('after')).toBeTruthy();
    expect(second.searchParams.get('access_token')).toBe(account.accessToken);
    expect(second.searchParams.get('since')).toBe(String(since.getTime() / 1000));

    expect(await client.findRecent(account, new Date(posts[0].at - 60_000))).toHaveLength(130);
  });

  it('stops after 10 pages on a huge Page: the newest 1,000 posts', async () => {
    const start = clock.now();
    for (let i = 0; i < 1_050; i++) {
      const id = `${PAGE_ID}_${t.fakes.facebook.postIds.take()}`;
      t.fakes.facebook.feed.push({
        id,
        pageId: PAGE_ID,
        message: `seeded ${i}`,
        createdTime: start + i * 1000,
        published: true,
        via: 'feed',
      });
    }
    const recent = await client.findRecent(account, new Date(start - 1000));
    expect(recent).toHaveLength(RECENT_MAX_PAGES * RECENT_PAGE_SIZE);
    expect([recent[0].text, recent.at(-1)!.text]).toEqual(['seeded 1049', 'seeded 50']);
    expect(reads()).toHaveLength(RECENT_MAX_PAGES);
  });

  it('an error on a later page is mapped like any other Graph answer, not swallowed into a partial list', async () => {
    await publishMany(120, 1000);
    const since = new Date(clock.now() - 3600_000);
    const onSecondRead = (fault: FaultSpec) =>
      new FacebookClient({
        graphUrl: t.fakes.facebook.url,
        transport: beforeRead(t, 2, () => t.fakes.facebook.fail(fault)),
      });
    expect(
      await publishingError(() =>
        onSecondRead({ kind: 'rate_limited', operation: 'read', code: 32 }).findRecent(account, since),
      ),
    ).toMatchObject({ kind: 'rate_limited', networkCode: '32' });
    expect(
      await publishingError(() => onSecondRead({ kind: 'server_error', operation: 'read' }).findRecent(account, since)),
    ).toMatchObject({ kind: 'transient', httpStatus: 500 });
    expect(
      await publishingError(() =>
        onSecondRead({ kind: 'expired_token', operation: 'read' }).findRecent(account, since),
      ),
    ).toMatchObject({ kind: 'auth_expired', networkCode: '190/463' });
  });

  it('the fake pages like Graph: cursors, next/previous as full URLs on its own origin, no next on the last page', async () => {
    await publishMany(7, 1000);
    const get = async (url: string) =>
      JSON.parse((await t.transport.request({ method: 'GET', url })).body.toString()) as {
        data: Array<{ id: string }>;
        paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
      };
    const first = await get(
      `${t.fakes.facebook.url}/v24.0/${PAGE_ID}/feed?limit=5&access_token=${account.accessToken}`,
    );
    expect(first.data).toHaveLength(5);
    expect(first.paging).toEqual({
      cursors: { before: expect.any(String), after: expect.any(String) },
      next: expect.stringMatching(new RegExp(`^${t.fakes.facebook.url}/v24\\.0/${PAGE_ID}/feed\\?`)),
    });
    const second = await get(first.paging!.next!);
    expect(second.data).toHaveLength(2);
    expect(second.paging!.next).toBeUndefined();
    expect(new URL(second.paging!.previous!).searchParams.get('before')).toBe(second.paging!.cursors!.before);
    const back = await get(second.paging!.previous!);
    expect(back.data.map((p) => p.id)).toEqual(first.data.map((p) => p.id));
    expect([...first.data, ...second.data].map((p) => p.id)).toEqual(
      t.fakes.facebook
        .posts()
        .map((p) => p.id)
        .reverse(),
    );
  });
});
