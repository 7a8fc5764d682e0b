// XClient and XOAuth (PKCE, rotating refresh tokens) against the HTTPS X fake.
import { XClient, XOAuth, fitsNetwork, isSamePostText, postLength, type AccountCredentials } from '@app/publishing';
import type { FaultSpec } from '../../fakes';
import {
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

const USER_ID = '1600000000000000001';

describe('XClient against the X fake', () => {
  let t: TrustedFakes;
  let client: XClient;
  let oauth: XOAuth;
  let account: AccountCredentials;

  beforeAll(async () => {
    t = await startTrustedFakes();
    oauth = new XOAuth(oauthOptions(t));
    client = new XClient({ apiUrl: t.fakes.env.X_API_URL, transport: t.transport, oauth });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    const tokens = t.fakes.x.issueTestToken();
    account = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, externalAccountId: USER_ID };
  });

  it('publishes text with POST /2/tweets and reads it back', async () => {
    const text = uniqueText('Reminder: book your cleaning 🦷');
    const since = new Date(Date.now() - 1000);
    const result = await client.publish(account, { text });
    expect(result.externalId).toMatch(/^\d{19}$/);
    expect(result.url).toBe(`https://x.com/i/web/status/${result.externalId}`);
    expect(t.fakes.x.posts()[0]).toMatchObject({ id: result.externalId, authorId: USER_ID, textSent: text });
    const recent = await client.findRecent(account, since);
    expect(recent).toEqual([{ externalId: result.externalId, text, createdAt: expect.any(Date), url: result.url }]);
    expect(await client.findRecent(account, new Date(Date.now() + 60_000))).toEqual([]);
  });

  it('publishes an image through the v2 media upload with alt text; the v1.1 upload endpoint is gone', async () => {
    const text = uniqueText('Meet Dr. Lee');
    const result = await client.publish(account, {
      text,
      media: { bytes: PNG, mimeType: 'image/png', altText: 'Dr. Lee at the front desk' },
    });
    const tweet = t.fakes.x.posts().find((p) => p.id === result.externalId)!;
    expect(tweet.mediaIds).toHaveLength(1);
    const media = t.fakes.x.media.get(tweet.mediaIds[0])!;
    expect(media).toMatchObject({
      contentType: 'image/png',
      category: 'tweet_image',
      altText: 'Dr. Lee at the front desk',
      ownerId: USER_ID,
    });
    expect(media.bytes.equals(PNG)).toBe(true);
    // X appends the media's t.co link to the text it keeps: read-back text is not the sent text.
    expect(tweet.text).toMatch(new RegExp(`^${text} https://t\\.co/\\S+$`));
    expect(t.fakes.x.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'POST /2/media/upload',
      'POST /2/media/metadata',
      'POST /2/tweets',
    ]);

    const retired = await t.transport.request({
      method: 'POST',
      url: `${t.fakes.x.url}/1.1/media/upload.json`,
      headers: { authorization: `Bearer ${account.accessToken}` },
      body: PNG,
    });
    expect(retired.status).toBe(404);
    expect(JSON.parse(retired.body.toString()).errors[0].code).toBe(34);
  });

  it('publishes up to 4 images in one post, in order; X refuses a fifth', async () => {
    const four = [1, 2, 3, 4].map((n) => ({ bytes: PNG, mimeType: 'image/png', altText: `Room ${n}` }));
    const result = await client.publish(account, { text: uniqueText('Tour'), media: four[0], images: four });
    const tweet = t.fakes.x.posts().find((p) => p.id === result.externalId)!;
    expect(tweet.mediaIds.map((id) => t.fakes.x.media.get(id)!.altText)).toEqual([
      'Room 1',
      'Room 2',
      'Room 3',
      'Room 4',
    ]);
    const five = [...four, { ...four[0], altText: 'Room 5' }];
    const error = await publishingError(() => client.publish(account, { text: uniqueText('Too many'), images: five }));
    expect(error.kind).toBe('rejected_content');
  });

  it('read-back text differs from the sent text (t.co links, media link, &amp;) and isSamePostText still matches it', async () => {
    const text = uniqueText('Check-ups & cleanings: https://smile-dental.com/book?src=x');
    const result = await client.publish(account, { text, media: { bytes: PNG, mimeType: 'image/png' } });
    const [found] = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(found.externalId).toBe(result.externalId);
    expect(found.text).not.toBe(text);
    expect(found.text).toContain('&amp;');
    expect(found.text).not.toContain('smile-dental.com');
    expect(isSamePostText('x', text, found.text)).toBe(true);
    expect(isSamePostText('x', uniqueText('something else'), found.text)).toBe(false);
  });

  it("over 280 weighted characters: the compose-time length check catches it first, and the fake refuses it with X's words", async () => {
    const text = `${'🦷'.repeat(141)}`; // 141 emoji = 282 weighted characters, only 141 "letters"
    expect(postLength(text, 'x')).toBe(282);
    expect(fitsNetwork(text, 'x')).toBe(false);
    const error = await publishingError(() => client.publish(account, { text }));
    expect(error).toMatchObject({ kind: 'rejected_content', httpStatus: 400 });
    expect(error.networkMessage).toMatch(/Tweet text is too long/);
    expect(t.fakes.x.posts()).toHaveLength(0);
  });

  it('connects with PKCE: authorize (S256) -> code -> token exchange with the verifier -> verify', async () => {
    const authorization = oauth.createAuthorization();
    const url = new URL(authorization.url);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toContain('media.write');
    const back = await authorizeRedirect(t.transport, authorization.url);
    expect(back.searchParams.get('state')).toBe(authorization.state);
    const tokens = await oauth.exchangeCode(back.searchParams.get('code')!, authorization.codeVerifier);
    expect(tokens.refreshToken).toBeTruthy();
    expect(Math.round((tokens.expiresAt!.getTime() - Date.now()) / 60_000)).toBe(120);
    await expect(client.verify({ accessToken: tokens.accessToken, externalAccountId: USER_ID })).resolves.toEqual({
      ok: true,
      externalAccountId: USER_ID,
      name: '@smiledentalstudio',
      // The profile picture, asked for with user.fields=profile_image_url (X's 48x48 "_normal" image).
      pictureUrl: expect.stringMatching(new RegExp(`/profile_images/${USER_ID}/avatar_normal\\.jpg$`)),
    });
    // The code is single-use, and a wrong verifier never works.
    expect(
      await publishingError(() => oauth.exchangeCode(back.searchParams.get('code')!, authorization.codeVerifier)),
    ).toMatchObject({ kind: 'auth_expired' });
    const again = oauth.createAuthorization();
    const code = (await authorizeRedirect(t.transport, again.url)).searchParams.get('code')!;
    expect(
      await publishingError(() => oauth.exchangeCode(code, 'wrong-verifier-wrong-verifier-wrong-verifier')),
    ).toMatchObject({ kind: 'auth_expired', networkCode: 'invalid_grant' });
  });

  it('the authorize endpoint refuses a request without PKCE S256', async () => {
    const url = new URL(oauth.createAuthorization().url);
    url.searchParams.set('code_challenge_method', 'plain');
    expect((await t.transport.request({ method: 'GET', url: url.toString() })).status).toBe(400);
    url.searchParams.delete('code_challenge');
    expect((await t.transport.request({ method: 'GET', url: url.toString() })).status).toBe(400);
  });

  it('refresh rotates the refresh token: the new pair works, the old refresh token is then rejected', async () => {
    const refreshed = await client.refresh(account);
    expect(refreshed.refreshToken).toBeTruthy();
    expect(refreshed.refreshToken).not.toBe(account.refreshToken);
    await expect(client.verify({ ...account, accessToken: refreshed.accessToken })).resolves.toMatchObject({
      ok: true,
    });
    const error = await publishingError(() => client.refresh(account));
    expect(error).toMatchObject({ kind: 'auth_expired', networkCode: 'invalid_grant', needsReconnect: true });
    await expect(client.refresh({ ...account, refreshToken: refreshed.refreshToken })).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
  });

  it('a refresh that gets a 5xx stays transient and the refresh token still works afterwards', async () => {
    t.fakes.x.fail({ kind: 'server_error', operation: 'token' });
    expect(await publishingError(() => client.refresh(account))).toMatchObject({
      kind: 'transient',
      needsReconnect: false,
    });
    await expect(client.refresh(account)).resolves.toMatchObject({ refreshToken: expect.any(String) });
  });

  it('verify refuses a token that belongs to another X account', async () => {
    expect(await publishingError(() => client.verify({ ...account, externalAccountId: '42' }))).toMatchObject({
      kind: 'permission_denied',
      reason: 'other_account',
    });
  });

  it('reports x-rate-limit-* on every answer and a natural 429 carries retryAt = x-rate-limit-reset', async () => {
    const limited = await startTrustedFakes({
      x: { rateLimits: { 'POST /2/tweets': { limit: 2, windowSeconds: 900 } } },
    });
    try {
      const c = new XClient({ apiUrl: limited.fakes.x.url, transport: limited.transport });
      const a = { accessToken: limited.fakes.x.issueTestToken().accessToken, externalAccountId: USER_ID };
      const me = await limited.transport.request({
        method: 'GET',
        url: `${limited.fakes.x.url}/2/users/me`,
        headers: { authorization: `Bearer ${a.accessToken}` },
      });
      expect(me.headers).toMatchObject({
        'x-rate-limit-limit': '75',
        'x-rate-limit-remaining': '74',
        'x-rate-limit-reset': expect.stringMatching(/^\d+$/),
      });
      await c.publish(a, { text: uniqueText('1') });
      await c.publish(a, { text: uniqueText('2') });
      const error = await publishingError(() => c.publish(a, { text: uniqueText('3') }));
      expect(error.kind).toBe('rate_limited');
      const reset = Number(await resetOf(limited, a.accessToken));
      expect(error.retryAt!.getTime()).toBe(reset * 1000);
      expect(error.retryAt!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    } finally {
      await limited.fakes.close();
    }
  });

  const cases: Array<[FaultSpec, string, number]> = [
    [{ kind: 'expired_token' }, 'auth_expired', 401],
    [{ kind: 'revoked_token' }, 'auth_expired', 401],
    [{ kind: 'rate_limited', retryAfterSeconds: 600 }, 'rate_limited', 429],
    [{ kind: 'duplicate' }, 'duplicate', 403],
    [{ kind: 'server_error' }, 'transient', 503],
    [{ kind: 'server_error', status: 502 }, 'unknown_outcome', 502],
    [{ kind: 'permission_denied' }, 'permission_denied', 403],
    [{ kind: 'rejected_content' }, 'rejected_content', 400],
    [{ kind: 'missing_id' }, 'unknown_outcome', 201],
  ];
  it.each(cases)(
    "fault %j maps to %s (HTTP %d) with X's detail in the practice message",
    async (fault, kind, status) => {
      t.fakes.x.fail(fault);
      const error = await publishingError(() => client.publish(account, { text: uniqueText('fault') }));
      expect(error).toMatchObject({ kind, httpStatus: status, network: 'x' });
      expect(error.practiceMessage).toContain(`X said: "${error.networkMessage}"`);
    },
  );

  it('rate_limited fault: retryAt comes from x-rate-limit-reset', async () => {
    t.fakes.x.fail({ kind: 'rate_limited', retryAfterSeconds: 600 });
    const error = await publishingError(() => client.publish(account, { text: 'x' }));
    expect(Math.round((error.retryAt!.getTime() - Date.now()) / 60_000)).toBe(10);
  });

  it('the same text twice is refused as duplicate content (403)', async () => {
    const text = uniqueText('Closed Monday');
    await client.publish(account, { text });
    const error = await publishingError(() => client.publish(account, { text }));
    expect(error).toMatchObject({ kind: 'duplicate', httpStatus: 403 });
    expect(error.networkMessage).toBe('You are not allowed to create a Tweet with duplicate content.');
  });

  it('accept-then-hang: unknown_outcome, the post IS stored and findRecent finds it', async () => {
    const impatient = new XClient({ apiUrl: t.fakes.x.url, transport: t.impatient });
    t.fakes.x.fail({ kind: 'accept_then_hang' });
    const text = uniqueText('Hang on');
    expect(await publishingError(() => impatient.publish(account, { text }))).toMatchObject({
      kind: 'unknown_outcome',
      reason: 'timeout',
    });
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toEqual([text]);
  });

  it('a late answer (accept, then respond after the client gave up) is still unknown_outcome', async () => {
    const impatient = new XClient({ apiUrl: t.fakes.x.url, transport: t.impatient });
    t.fakes.x.fail({ kind: 'accept_then_hang', delayMs: 600 });
    expect(await publishingError(() => impatient.publish(account, { text: uniqueText('late') }))).toMatchObject({
      kind: 'unknown_outcome',
    });
    expect(t.fakes.x.posts()).toHaveLength(1);
  });

  it('a token the fake never issued is 401 -> auth_expired', async () => {
    expect(
      await publishingError(() => client.publish({ ...account, accessToken: 'forged' }, { text: 'x' })),
    ).toMatchObject({ kind: 'auth_expired', httpStatus: 401 });
  });
});

async function resetOf(t: TrustedFakes, token: string): Promise<string> {
  // The 429 answer's own header, read the way the client reads it.
  const response = await t.transport.request({
    method: 'POST',
    url: `${t.fakes.x.url}/2/tweets`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'probe' }),
  });
  expect(response.status).toBe(429);
  return response.headers['x-rate-limit-reset'];
}

function oauthOptions(t: TrustedFakes) {
  return {
    apiUrl: t.fakes.env.X_API_URL,
    authorizeUrl: t.fakes.env.X_OAUTH_AUTHORIZE_URL,
    clientId: t.fakes.env.X_CLIENT_ID,
    clientSecret: t.fakes.env.X_CLIENT_SECRET,
    redirectUri: 'https://planner.example.com/oauth/x/callback',
    transport: t.transport,
  };
}

describe('XClient.findRecent on a busy account: pages through the timeline', () => {
  let t: TrustedFakes;
  let clock: TestClock;
  let client: XClient;
  let account: AccountCredentials;

  beforeAll(async () => {
    clock = new TestClock(Date.parse('2026-11-20T09:00:00Z'));
    // Limits high enough to publish 130 posts in a row (the defaults stop at 100 a day).
    t = await startTrustedFakes({
      x: {
        now: clock.now,
        userDailyPostLimit: 10_000,
        rateLimits: { 'POST /2/tweets': { limit: 10_000, windowSeconds: 900 } },
      },
    });
    client = new XClient({ apiUrl: t.fakes.x.url, transport: t.transport });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    account = { accessToken: t.fakes.x.issueTestToken().accessToken, externalAccountId: USER_ID };
  });

  it('finds every post at or after since, and only those, newest first, across pages of 100', async () => {
    const posts: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < 130; i++) {
      const at = clock.advance(30_000);
      posts.push({ id: (await client.publish(account, { text: `Tip ${i}: floss daily` })).externalId, at });
    }
    t.fakes.x.requests.length = 0;
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

    // X filters by start_time itself; the second page is asked for with the first page's next_token.
    const reads = t.fakes.x.requests.map((r) => new URL(r.url, t.fakes.x.url).searchParams);
    expect(reads).toHaveLength(2);
    expect(reads.map((q) => q.get('max_results'))).toEqual(['100', '100']);
    expect(reads[0].get('start_time')).toBe(since.toISOString().replace('.000Z', 'Z'));
    expect(reads[0].get('pagination_token')).toBeNull();
    expect(reads[1].get('pagination_token')).toMatch(/^\w+$/);

    expect(await client.findRecent(account, new Date(posts[0].at - 60_000))).toHaveLength(130);
    expect(await client.findRecent(account, new Date(posts[129].at + 1000))).toEqual([]);
  });

  it('stops after 10 pages on a huge account: the newest 1,000 posts', async () => {
    const start = clock.now();
    for (let i = 0; i < 1_050; i++) {
      const id = t.fakes.x.tweetIds.take();
      t.fakes.x.tweets.push({
        id,
        authorId: USER_ID,
        textSent: `seeded ${i}`,
        text: `seeded ${i}`,
        createdAt: start + i * 1000,
        mediaIds: [],
      });
    }
    t.fakes.x.requests.length = 0;
    const recent = await client.findRecent(account, new Date(start - 1000));
    expect(recent).toHaveLength(RECENT_MAX_PAGES * RECENT_PAGE_SIZE);
    expect(recent[0].text).toBe('seeded 1049');
    expect(recent.at(-1)!.text).toBe('seeded 50');
    expect(t.fakes.x.requests).toHaveLength(RECENT_MAX_PAGES);
  });

  it('an error on a later page is mapped like any other X answer, not swallowed into a partial list', async () => {
    for (let i = 0; i < 120; i++) {
      clock.advance(1000);
      await client.publish(account, { text: `Reminder ${i}` });
    }
    const since = new Date(clock.now() - 3600_000);
    const onSecondRead = (fault: FaultSpec) =>
      new XClient({ apiUrl: t.fakes.x.url, transport: beforeRead(t, 2, () => t.fakes.x.fail(fault)) });
    const limited = await publishingError(() =>
      onSecondRead({ kind: 'rate_limited', operation: 'read', retryAfterSeconds: 300 }).findRecent(account, since),
    );
    expect(limited).toMatchObject({ kind: 'rate_limited', httpStatus: 429 });
    expect(
      await publishingError(() => onSecondRead({ kind: 'server_error', operation: 'read' }).findRecent(account, since)),
    ).toMatchObject({ kind: 'transient', httpStatus: 503 });
    expect(
      await publishingError(() =>
        onSecondRead({ kind: 'expired_token', operation: 'read' }).findRecent(account, since),
      ),
    ).toMatchObject({ kind: 'auth_expired' });
  });

  it("the fake pages like X: max_results 5..100 (else X's 400), next_token and previous_token, unknown tokens refused", async () => {
    const get = async (query: string) => {
      const response = await t.transport.request({
        method: 'GET',
        url: `${t.fakes.x.url}/2/users/${USER_ID}/tweets?${query}`,
        headers: { authorization: `Bearer ${account.accessToken}` },
      });
      return { status: response.status, body: JSON.parse(response.body.toString()) as Record<string, unknown> };
    };
    for (const bad of ['101', '4', 'ten']) {
      expect(await get(`max_results=${bad}`)).toEqual({
        status: 400,
        body: {
          errors: [
            {
              parameters: { max_results: [bad] },
              message: `The \`max_results\` query parameter value [${bad}] is not between 5 and 100`,
            },
          ],
          title: 'Invalid Request',
          detail: 'One or more parameters to your request was invalid.',
          type: 'https://api.twitter.com/2/problems/invalid-request',
        },
      });
    }
    expect((await get('max_results=5&pagination_token=not-a-token')).status).toBe(400);
    for (let i = 0; i < 7; i++) {
      clock.advance(1000);
      await client.publish(account, { text: `Page test ${i}` });
    }
    const first = await get('max_results=5');
    expect(first.body.meta).toEqual({
      result_count: 5,
      newest_id: expect.any(String),
      oldest_id: expect.any(String),
      next_token: expect.any(String),
    });
    const second = await get(
      `max_results=5&pagination_token=${(first.body.meta as { next_token: string }).next_token}`,
    );
    expect(second.body.meta).toEqual({
      result_count: 2,
      newest_id: expect.any(String),
      oldest_id: expect.any(String),
      previous_token: expect.any(String),
    });
    expect((second.body.data as unknown[]).length).toBe(2);
  });
});
