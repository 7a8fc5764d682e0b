// GoogleBusinessClient and GoogleOAuth against the HTTPS Business Profile fake: local posts (standard, event,
// offer, buttons, photo), moderation at creation, read-back, locations, OAuth with PKCE and every error class.
import { GoogleBusinessClient, GoogleOAuth, type AccountCredentials } from '@app/publishing';
import { authorizeRedirect, publishingError, startTrustedFakes, uniqueText, type TrustedFakes } from './support';

describe('GoogleBusinessClient against the Business Profile fake', () => {
  let t: TrustedFakes;
  let client: GoogleBusinessClient;
  let oauth: GoogleOAuth;
  let account: AccountCredentials;
  let location: string;

  beforeAll(async () => {
    t = await startTrustedFakes();
    const env = t.fakes.env;
    oauth = new GoogleOAuth({
      authorizeUrl: env.GOOGLE_OAUTH_AUTHORIZE_URL,
      tokenUrl: env.GOOGLE_OAUTH_URL,
      clientId: env.GOOGLE_CLIENT_ID,
      clientSecret: env.GOOGLE_CLIENT_SECRET,
      redirectUri: 'https://planner.example.com/api/accounts/connect/google_business/callback',
      transport: t.transport,
    });
    client = new GoogleBusinessClient({
      businessUrl: env.GOOGLE_BUSINESS_URL,
      accountsUrl: env.GOOGLE_ACCOUNTS_URL,
      locationsUrl: env.GOOGLE_LOCATIONS_URL,
      oauth,
      transport: t.transport,
    });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    const issued = t.fakes.google.issueTestToken();
    location = issued.locations[0];
    account = { accessToken: issued.accessToken, refreshToken: issued.refreshToken, externalAccountId: location };
  });

  it('publishes a standard update with a Book button and one photo', async () => {
    const text = uniqueText('Now booking cleanings for December.');
    const result = await client.publish(account, {
      text,
      media: { url: 'https://cdn.example.com/office.jpg', mimeType: 'image/jpeg' },
      google: { topicType: 'STANDARD', callToAction: { actionType: 'BOOK', url: 'https://smile.example.com/book' } },
    });
    expect(result.externalId).toMatch(new RegExp(`^${location}/localPosts/\\d+$`));
    expect(result.url).toMatch(/^https:\/\/local\.google\.com\/place\?/);
    const [post] = t.fakes.google.posts();
    expect(post.body).toEqual({
      languageCode: 'en',
      summary: text,
      topicType: 'STANDARD',
      callToAction: { actionType: 'BOOK', url: 'https://smile.example.com/book' },
      media: [{ mediaFormat: 'PHOTO', sourceUrl: 'https://cdn.example.com/office.jpg' }],
    });
    expect(post.state).toBe('LIVE');
  });

  it('publishes an event in the practice zone as Google dates and times, and a Call button without url', async () => {
    await client.publish(account, {
      text: 'Free kids check-up day',
      google: {
        topicType: 'EVENT',
        callToAction: { actionType: 'CALL' },
        event: {
          title: 'Kids check-up day',
          start: { date: '2026-12-19', time: '09:00' },
          end: { date: '2026-12-19', time: '13:30' },
        },
      },
    });
    expect(t.fakes.google.posts()[0].body).toMatchObject({
      callToAction: { actionType: 'CALL' },
      event: {
        title: 'Kids check-up day',
        schedule: {
          startDate: { year: 2026, month: 12, day: 19 },
          endDate: { year: 2026, month: 12, day: 19 },
          startTime: { hours: 9, minutes: 0, seconds: 0, nanos: 0 },
          endTime: { hours: 13, minutes: 30, seconds: 0, nanos: 0 },
        },
      },
    });
  });

  it('publishes an offer with its coupon', async () => {
    await client.publish(account, {
      text: '20% off whitening in January',
      google: {
        topicType: 'OFFER',
        event: { title: 'January whitening', start: { date: '2027-01-01' }, end: { date: '2027-01-31' } },
        offer: { couponCode: 'SMILE20', termsConditions: 'New patients only' },
      },
    });
    expect(t.fakes.google.posts()[0].body.offer).toEqual({
      couponCode: 'SMILE20',
      termsConditions: 'New patients only',
    });
  });

  it('sends every field of the schedule (a TimeInterval "must contain all fields"): a date alone is the whole day', async () => {
    await client.publish(account, {
      text: '20% off whitening in January',
      google: {
        topicType: 'OFFER',
        event: { title: 'January whitening', start: { date: '2027-01-01' }, end: { date: '2027-01-31' } },
      },
    });
    expect(t.fakes.google.posts()[0].body.event).toEqual({
      title: 'January whitening',
      schedule: {
        startDate: { year: 2027, month: 1, day: 1 },
        startTime: { hours: 0, minutes: 0, seconds: 0, nanos: 0 },
        endDate: { year: 2027, month: 1, day: 31 },
        endTime: { hours: 23, minutes: 59, seconds: 59, nanos: 0 },
      },
    });
    // What an older client sent: dates without times. Google refuses it, naming the field.
    const parent = `${t.fakes.env.GOOGLE_BUSINESS_URL}/v4/${location}/localPosts`;
    const refused = await t.transport.request({
      method: 'POST',
      url: parent,
      headers: { authorization: `Bearer ${account.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'x',
        topicType: 'EVENT',
        event: {
          title: 'Open day',
          schedule: { startDate: { year: 2027, month: 1, day: 1 }, endDate: { year: 2027, month: 1, day: 1 } },
        },
      }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body.toString())).toMatchObject({
      error: {
        status: 'INVALID_ARGUMENT',
        details: [{ fieldViolations: [{ field: 'event.schedule.start_time' }] }],
      },
    });
  });

  it('sends no button on an offer (Google ignores callToAction on OFFER)', async () => {
    await client.publish(account, {
      text: 'Whitening offer',
      google: {
        topicType: 'OFFER',
        callToAction: { actionType: 'BOOK', url: 'https://smile.example.com/book' },
        event: { title: 'Whitening', start: { date: '2027-01-01' }, end: { date: '2027-01-31' } },
      },
    });
    expect(t.fakes.google.posts()[0].body).not.toHaveProperty('callToAction');
  });

  it('a 200 with state REJECTED (a phone number in the text) is rejected content, not published', async () => {
    const error = await publishingError(() =>
      client.publish(account, { text: 'Call us at (555) 123-4567 today', google: { topicType: 'STANDARD' } }),
    );
    expect(error).toMatchObject({ kind: 'rejected_content', reason: 'moderation_rejected' });
  });

  it.each([
    'http://localhost:3000/api/media/public/a.jpg',
    'http://127.0.0.1/a.jpg',
    'https://10.0.0.5/a.jpg',
    'https://192.168.1.20/a.png',
    'https://[::1]/a.jpg',
    'https://printer.local/a.jpg',
    'https://clinic-server/a.jpg',
  ])('refuses a photo at %s before any request: Google cannot download it (postiz #946)', async (url) => {
    for (const post of [
      { text: 'Our new waiting room', media: { url, mimeType: 'image/jpeg' } },
      { text: 'Our new waiting room', images: [{ url, mimeType: 'image/jpeg' }] },
    ]) {
      const error = await publishingError(() => client.publish(account, post));
      expect(error).toMatchObject({ kind: 'rejected_content', reason: 'private_media_url' });
      expect(error.retryable).toBe(false);
      expect(error.networkMessage).toMatch(/private or local address the network cannot reach/);
    }
    expect(t.fakes.google.requests).toHaveLength(0);
    expect(t.fakes.google.posts()).toHaveLength(0);
  });

  it('maps a refused field to rejected_content with the field Google named', async () => {
    const error = await publishingError(() =>
      client.publish(account, {
        text: 'x',
        google: {
          topicType: 'EVENT',
          event: { title: 'Backwards', start: { date: '2027-01-02' }, end: { date: '2027-01-01' } },
        },
      }),
    );
    expect(error).toMatchObject({ kind: 'rejected_content', networkCode: 'INVALID_ARGUMENT', httpStatus: 400 });
    expect(error.networkMessage).toContain('event.schedule: The end must not be before the start');
  });

  it('reads back recent local posts across pages, newest first', async () => {
    const since = new Date(Date.now() - 1000);
    const texts = Array.from({ length: 3 }, (_, i) => uniqueText(`post ${i}`));
    const names: string[] = [];
    for (const text of texts) names.push((await client.publish(account, { text })).externalId);
    const recent = await client.findRecent(account, since);
    expect(recent.map((p) => p.externalId).sort()).toEqual([...names].sort());
    expect(recent.map((p) => p.text).sort()).toEqual([...texts].sort());
  });

  it('reads back every page: localPosts.list promises no order, and the fake lists oldest first', async () => {
    // 150 older posts fill the first page and a half; ours, the newest, is on the second page.
    const hourAgo = Date.now() - 3600_000;
    for (let i = 0; i < 150; i++)
      t.fakes.google.localPosts.push({
        name: `${location}/localPosts/${900_000 + i}`,
        parent: location,
        body: { summary: `old ${i}`, topicType: 'STANDARD', languageCode: 'en' },
        state: 'LIVE',
        createTime: hourAgo + i,
        updateTime: hourAgo + i,
        searchUrl: 'https://local.google.com/place?id=1',
      });
    const since = new Date(Date.now() - 1000);
    const text = uniqueText('ours');
    const { externalId } = await client.publish(account, { text });
    const recent = await client.findRecent(account, since);
    expect(recent.map((p) => [p.externalId, p.text])).toEqual([[externalId, text]]);
  });

  it('a lost answer is an unknown outcome and read-back finds the post', async () => {
    const impatient = new GoogleBusinessClient({
      businessUrl: t.fakes.env.GOOGLE_BUSINESS_URL,
      accountsUrl: t.fakes.env.GOOGLE_ACCOUNTS_URL,
      locationsUrl: t.fakes.env.GOOGLE_LOCATIONS_URL,
      transport: t.impatient,
    });
    const text = uniqueText('lost');
    t.fakes.google.fail({ kind: 'accept_then_hang' });
    expect((await publishingError(() => impatient.publish(account, { text }))).kind).toBe('unknown_outcome');
    expect((await client.findRecent(account, new Date(Date.now() - 60_000))).map((p) => p.text)).toEqual([text]);
  });

  it.each([
    ['expired_token', 'auth_expired', 'UNAUTHENTICATED'],
    ['permission_denied', 'permission_denied', 'PERMISSION_DENIED'],
    ['rate_limited', 'rate_limited', 'RESOURCE_EXHAUSTED'],
    ['server_error', 'transient', 'UNAVAILABLE'],
    ['duplicate', 'duplicate', 'ALREADY_EXISTS'],
    ['rejected_content', 'rejected_content', 'INVALID_ARGUMENT'],
    ['missing_id', 'unknown_outcome', undefined],
  ] as const)('maps the %s fault to %s', async (fault, kind, status) => {
    t.fakes.google.fail({ kind: fault, retryAfterSeconds: 45 });
    const before = Date.now();
    const error = await publishingError(() => client.publish(account, { text: uniqueText('x') }));
    expect(error.kind).toBe(kind);
    if (status) expect(error.networkCode).toBe(status);
    if (kind === 'rate_limited') {
      // Google's RetryInfo {retryDelay: "45s"} sets the wait.
      expect(error.retryAt!.getTime()).toBeGreaterThanOrEqual(before + 45_000);
      expect(error.retryAt!.getTime()).toBeLessThan(Date.now() + 46_000);
    }
  });

  it('a location this login does not manage is permission_denied', async () => {
    const error = await publishingError(() =>
      client.publish({ ...account, externalAccountId: 'accounts/999/locations/1' }, { text: 'x' }),
    );
    expect(error).toMatchObject({ kind: 'permission_denied', networkCode: 'PERMISSION_DENIED' });
  });

  it('lists the locations a token manages and verifies one', async () => {
    const locations = await client.listLocations(account.accessToken);
    expect(locations.map((l) => l.externalId)).toEqual(t.fakes.google.locationParents());
    expect(locations[0]).toMatchObject({ accountName: 'Smile Dental Studio', address: '12 Main St, Springfield' });
    await expect(client.verify(account)).resolves.toEqual({
      ok: true,
      externalAccountId: location,
      name: 'Smile Dental Studio – Downtown',
      // v4 media.list: the PROFILE photo, though the cover comes first in the list.
      pictureUrl: `${t.fakes.google.url}/__media/gbp/AF1QipProfileDowntown01`,
    });
    const other = t.fakes.google.locationParents()[1];
    await expect(client.verify({ ...account, externalAccountId: other })).resolves.not.toHaveProperty(
      'pictureUrl',
      expect.anything(),
    );
    const bad = await publishingError(() => client.verify({ ...account, accessToken: 'ya29.not-a-token' }));
    expect(bad.kind).toBe('auth_expired');
  });

  it('connects with authorization code + PKCE and offline access, and refreshes keeping the refresh token', async () => {
    const request = oauth.createAuthorization();
    const url = new URL(request.url);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const back = await authorizeRedirect(t.transport, request.url);
    expect(back.searchParams.get('state')).toBe(request.state);
    const wrongVerifier = await publishingError(() =>
      oauth.exchangeCode(back.searchParams.get('code')!, 'x'.repeat(43)),
    );
    expect(wrongVerifier.kind).toBe('auth_expired');
    const again = await authorizeRedirect(t.transport, oauth.createAuthorization().url);
    const tokens = await oauth
      .exchangeCode(again.searchParams.get('code')!, request.codeVerifier)
      .catch((e: unknown) => e);
    // The code belongs to the second authorization's challenge: the first verifier must not redeem it.
    expect(tokens).toMatchObject({ kind: 'auth_expired' });
    const fresh = oauth.createAuthorization();
    const code = (await authorizeRedirect(t.transport, fresh.url)).searchParams.get('code')!;
    const good = await oauth.exchangeCode(code, fresh.codeVerifier);
    expect(good.refreshToken).toMatch(/^1\/\/0/);
    expect(good.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    const refreshed = await client.refresh({ ...account, refreshToken: good.refreshToken });
    expect(refreshed.accessToken).toMatch(/^ya29\./);
    expect(refreshed.refreshToken).toBeUndefined(); // Google keeps the old one: never overwrite it with nothing
    t.fakes.google.tokens.revoke(good.refreshToken!);
    const revoked = await publishingError(() => client.refresh({ ...account, refreshToken: good.refreshToken }));
    expect(revoked).toMatchObject({ kind: 'auth_expired', networkCode: 'invalid_grant' });
  });

  it("reads a location's reviews newest first, page by page, and replies (for the inbox)", async () => {
    const google = t.fakes.google;
    const old = google.addReview(location, {
      starRating: 'FIVE',
      comment: 'Great cleaning!',
      createTime: Date.now() - 3600_000,
      reviewer: { displayName: 'Sam P.', isAnonymous: false },
    });
    google.addReview(location, { starRating: 'TWO', reviewer: { displayName: '', isAnonymous: true } });
    google.addReview(t.fakes.google.locationParents()[1], { starRating: 'ONE', comment: 'other office' });
    const first = await client.listReviews(account, undefined, 1);
    expect(first).toMatchObject({ totalReviewCount: 2, averageRating: 3.5, nextPageToken: expect.any(String) });
    expect(first.reviews[0]).toMatchObject({ stars: 2, reviewer: { isAnonymous: true } });
    // orderBy takes "rating", "rating desc" or "updateTime desc" only (the client asks for the last).
    const ascending = await t.transport.request({
      method: 'GET',
      url: `${t.fakes.env.GOOGLE_BUSINESS_URL}/v4/${location}/reviews?orderBy=updateTime`,
      headers: { authorization: `Bearer ${account.accessToken}` },
    });
    expect(ascending.status).toBe(400);
    const second = await client.listReviews(account, first.nextPageToken, 1);
    expect(second.reviews[0]).toMatchObject({ reviewId: old.reviewId, stars: 5, comment: 'Great cleaning!' });
    expect(second.nextPageToken).toBeUndefined();

    await client.replyToReview(account, old.reviewId, 'Thank you for visiting us!');
    expect(old.reply?.comment).toBe('Thank you for visiting us!');
    const tooLong = await publishingError(() => client.replyToReview(account, old.reviewId, 'é'.repeat(2049)));
    expect(tooLong).toMatchObject({ kind: 'rejected_content', reason: 'invalid_reply' });
    await client.deleteReviewReply(account, old.reviewId);
    expect(old.reply).toBeUndefined();
    const missing = await publishingError(() => client.replyToReview(account, 'nope', 'Thanks'));
    expect(missing).toMatchObject({ kind: 'permission_denied', networkCode: 'NOT_FOUND' });
  });
});
