// Instagram and Google Business Profile end to end over HTTP, against the HTTPS fakes and the real clients:
// connect (OAuth and pasted tokens), compose with their rules, approve, publish, read back, each error class,
// and a fault run with no duplicate and no lost post.
import { SocialAccount } from '@app/accounts';
import { PostTarget } from '@app/posts';
import { HttpTransport, serveOriginsLocallyForTests } from '@app/publishing';
import { TargetPublisher } from '@app/scheduler';
import { startFakes, type RunningFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { IMAGE_HOST_ORIGIN, ImageHost, startImageHost, testJpeg } from '../support/image-host';
import { listenForNetworks, startTestApp, TestApp } from '../support/test-app';

// Every post here downloads its images (from the image host at submission, from the app by the fakes): give the
// suite room on a loaded machine.
jest.setTimeout(60_000);

const PUBLIC_URL = 'https://planner.example-dental.com';
const IG_ID = '17841400000000101';
const IMAGE = { url: 'https://cdn.example-dental.com/smile.jpg', altText: 'A smiling patient in the chair' };

describe('Instagram and Google Business Profile', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let admin: TestUser;
  let author: TestUser;
  let reviewer: TestUser;
  let transport: HttpTransport;
  let images: ImageHost;
  let instagram: { id: string };
  let google: { id: string; externalId: string };

  beforeAll(async () => {
    fakes = await startFakes();
    transport = new HttpTransport({ ca: fakes.caPem, timeoutMs: 5000 });
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL, NETWORK_TIMEOUT_MS: '1500' });
    // The networks download images from the app (PUBLIC_URL) and the app downloads them from the practice's host.
    fakes.serveOrigin(PUBLIC_URL, await listenForNetworks(t));
    images = await startImageHost();
    images.put('/smile.jpg', testJpeg('smile'));
    images.put('/office.jpg', testJpeg('office'));
    serveOriginsLocallyForTests({ [IMAGE_HOST_ORIGIN]: images.localUrl });
    practice = await createPractice(t, 'Lakeside Family Dental', 'America/Chicago');
    admin = practice.admin;
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
  });
  afterAll(async () => {
    serveOriginsLocallyForTests();
    await t?.close();
    await fakes?.close();
    await images?.close();
  });

  const targetRepo = () => t.resources.dataSource.getRepository(PostTarget);
  const accountRow = (id: string) => t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id });

  /** The browser's round trip: /connect/:network, the fake's sign-in (redirects straight back), the callback. */
  async function oauth(network: string) {
    const start = await t.http.get(`/api/accounts/connect/${network}`).set(bearer(admin)).expect(302);
    const cookie = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`planner_oauth_${network}=`))!
      .split(';')[0];
    const authorize = new URL(start.headers.location);
    const answer = await transport.request({ method: 'GET', url: authorize.toString() });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.location);
    const done = await t.http.get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(302);
    return { authorize, back, location: new URL(done.headers.location, PUBLIC_URL) };
  }

  async function approvedPost(body: Record<string, unknown>, accountIds: string[]): Promise<string> {
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ targetAccountIds: accountIds, ...body })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    return post.id;
  }
  const publishNow = async (postId: string) =>
    (await t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer)).expect(200)).body;

  /** Runs a target again now, as the scheduler would once its retry time came. */
  async function retryNow(targetId: string) {
    await targetRepo().update({ id: targetId }, { nextAttemptAt: new Date(Date.now() - 1000) });
    return t.app.get(TargetPublisher).publish(targetId, 'test-worker');
  }

  describe('connecting', () => {
    it('Instagram: through the Facebook login, the Page linked account is connected with the Page token', async () => {
      const { authorize, back, location } = await oauth('instagram');
      expect(authorize.searchParams.get('scope')).toContain('instagram_content_publish');
      expect(back.pathname).toBe('/api/accounts/connect/facebook/callback'); // Facebook Login's registered redirect
      const id = location.searchParams.get('connected')!;
      const row = await accountRow(id);
      expect(row).toMatchObject({ network: 'instagram', externalId: IG_ID, handle: '@smiledentalstudio' });
      instagram = { id };
      const listed = (await t.http.get('/api/accounts').set(bearer(admin)).expect(200)).body;
      expect(JSON.stringify(listed)).not.toMatch(/EAAP|EAAU/); // no token ever leaves the API
    });

    it('Google: code + PKCE with offline access, then the practice picks its locations', async () => {
      const { authorize, location } = await oauth('google_business');
      expect(authorize.searchParams.get('access_type')).toBe('offline');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      const pick = location.searchParams.get('pick')!;
      expect(location.searchParams.get('network')).toBe('google_business');
      const pages = (
        await t.http.get('/api/accounts/connect/google_business/pages').query({ pick }).set(bearer(admin)).expect(200)
      ).body.pages;
      expect(pages.map((p: { name: string }) => p.name)).toEqual([
        'Smile Dental Studio – Downtown',
        'Smile Dental Studio – Northside',
      ]);
      const connected = (
        await t.http
          .post('/api/accounts/connect/google_business/pages')
          .set(bearer(admin))
          .send({ pick, pageIds: pages.map((p: { id: string }) => p.id) })
          .expect(201)
      ).body;
      expect(connected).toHaveLength(2);
      const row = await accountRow(connected[0].id);
      expect(row.refreshTokenEnc).not.toBeNull();
      expect(row.tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
      google = { id: row.id, externalId: row.externalId };
      expect(google.externalId).toMatch(/^accounts\/\d+\/locations\/\d+$/);
    });

    it('a pasted Google token verifies by listing its locations before anything is stored', async () => {
      const before = await t.resources.dataSource
        .getRepository(SocialAccount)
        .countBy({ practiceId: practice.practiceId });
      const bad = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'google_business', accessToken: 'ya29.not-issued' })
        .expect(400);
      expect(bad.body.message).toMatch(/Google Business Profile/);
      const issued = fakes.google.issueTestToken();
      const ambiguous = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'google_business', accessToken: issued.accessToken })
        .expect(400);
      expect(ambiguous.body.message).toContain(issued.locations[1]);
      expect(
        await t.resources.dataSource.getRepository(SocialAccount).countBy({ practiceId: practice.practiceId }),
      ).toBe(before);
      const ok = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'google_business', accessToken: issued.accessToken, externalAccountId: issued.locations[1] })
        .expect(201);
      expect(ok.body).toMatchObject({ network: 'google_business', name: 'Smile Dental Studio – Northside' });
    });

    it('a pasted Instagram token must reach that account', async () => {
      const other = fakes.facebook.issueTestToken({ kind: 'page', pageId: '100000000000102' }).accessToken;
      await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'instagram', accessToken: other, externalAccountId: IG_ID })
        .expect(400);
    });
  });

  describe('composing', () => {
    it('Instagram needs an image and at most 5 hashtags; Google refuses phone numbers: said before submission', async () => {
      const post = (
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({
            baseText: 'Call us at (555) 123-4567 #a #b #c #d #e #f',
            targetAccountIds: [instagram.id, google.id],
          })
          .expect(201)
      ).body;
      const submit = await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(400);
      expect(submit.body.message).toContain('Instagram posts need an image');
      expect(submit.body.message).toContain('6 hashtags; Instagram allows at most 5');
      expect(submit.body.message).toContain('"Call" button');
    });

    it('Google settings are validated (a link for Book, an end after the start)', async () => {
      const res = await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: 'x',
          googlePost: { topicType: 'EVENT', callToAction: { actionType: 'BOOK', url: 'http://insecure' } },
        })
        .expect(400);
      expect(JSON.stringify(res.body.message)).toContain('callToAction.url must be an https URL');
      const post = (
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({
            baseText: 'Kids day',
            targetAccountIds: [google.id],
            googlePost: { topicType: 'EVENT', event: { title: 'Kids day', start: '2027-01-02', end: '2027-01-01' } },
          })
          .expect(201)
      ).body;
      const submit = await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(400);
      expect(submit.body.message).toContain('ends before it starts');
    });
  });

  describe('publishing', () => {
    beforeEach(() => fakes.reset());

    it('publishes a carousel to Instagram once, storing the media id and permalink', async () => {
      const caption = `Our new office, ready for you! #smile ${uniqueTag()}`;
      const postId = await approvedPost(
        {
          baseText: 'Base text for other networks',
          variants: { instagram: caption },
          media: [IMAGE, { ...IMAGE, url: 'https://cdn.example-dental.com/office.jpg' }],
        },
        [instagram.id],
      );
      const res = await publishNow(postId);
      expect(res.targets[0]).toMatchObject({ status: 'published' });
      const media = fakes.facebook.instagram.media;
      expect(media).toHaveLength(1);
      expect(media[0]).toMatchObject({ caption, mediaType: 'CAROUSEL_ALBUM' });
      expect(res.targets[0]).toMatchObject({ externalId: media[0].id, url: media[0].permalink });
    });

    it('publishes a Google event with a Book button, its dates in the practice zone', async () => {
      const postId = await approvedPost(
        {
          baseText: `Free kids check-ups this Saturday ${uniqueTag()}`,
          media: [IMAGE],
          googlePost: {
            topicType: 'EVENT',
            callToAction: { actionType: 'BOOK', url: 'https://lakeside.example.com/book' },
            event: { title: 'Kids check-up day', start: '2027-01-09T09:00', end: '2027-01-09T13:00' },
          },
        },
        [google.id],
      );
      const res = await publishNow(postId);
      expect(res.targets[0].status).toBe('published');
      const [post] = fakes.google.posts();
      expect(post.parent).toBe(google.externalId);
      expect(post.body).toMatchObject({
        topicType: 'EVENT',
        callToAction: { actionType: 'BOOK', url: 'https://lakeside.example.com/book' },
        event: {
          title: 'Kids check-up day',
          schedule: { startDate: { year: 2027, month: 1, day: 9 }, startTime: { hours: 9, minutes: 0 } },
        },
        media: [{ mediaFormat: 'PHOTO', sourceUrl: expect.stringMatching(`^${PUBLIC_URL}/api/media/public/`) }],
      });
      expect(res.targets[0].externalId).toBe(post.name);
      // Google downloaded the approved copy from the app itself, not the practice's host.
      expect(fakes.google.mediaFetches.map((f) => f.bytes)).toEqual([testJpeg('smile')]);
    });

    it('an edit of the Google settings after approval sends the post back for review', async () => {
      const postId = await approvedPost({ baseText: `Offer ${uniqueTag()}`, googlePost: { topicType: 'STANDARD' } }, [
        google.id,
      ]);
      const edited = await t.http
        .patch(`/api/posts/${postId}`)
        .set(bearer(author))
        .send({ googlePost: { topicType: 'STANDARD', callToAction: { actionType: 'CALL' } } })
        .expect(200);
      expect(edited.body.status).toBe('draft');
    });

    it.each([
      ['instagram', 'expired_token', 'api', 'auth_expired'],
      ['instagram', 'permission_denied', 'publish', 'permission_denied'],
      ['instagram', 'media_error', 'media', 'rejected_content'],
      ['google_business', 'revoked_token', 'publish', 'auth_expired'],
      ['google_business', 'permission_denied', 'publish', 'permission_denied'],
      ['google_business', 'rejected_content', 'publish', 'rejected_content'],
      ['google_business', 'duplicate', 'publish', 'duplicate'],
    ] as const)(
      '%s %s (on %s) fails the target as %s with the network message',
      async (network, fault, operation, kind) => {
        const fake = network === 'instagram' ? fakes.facebook : fakes.google;
        const account = network === 'instagram' ? instagram : google;
        fake.fail({ kind: fault, operation, times: fault === 'expired_token' ? 'until_cleared' : 1 });
        if (fault === 'revoked_token') {
          // Revoked for real: the refresh fails too, so the practice must reconnect.
          fakes.google.fail({ kind: 'server_error', operation: 'token', status: 400 });
        }
        const postId = await approvedPost({ baseText: `Tip ${uniqueTag()}`, media: [IMAGE] }, [account.id]);
        const res = await publishNow(postId);
        fake.clearFaults();
        if (kind === 'auth_expired' && res.targets[0].status === 'scheduled') {
          // A refreshable token: the refresh happened and the retry will publish; the class was still recorded.
          expect(res.targets[0].lastErrorKind).toBe('auth_expired');
        } else {
          expect(res.targets[0]).toMatchObject({
            status: 'failed',
            lastErrorKind: kind,
            lastError: expect.any(String),
          });
        }
        expect(network === 'instagram' ? fakes.facebook.instagram.media : fakes.google.posts()).toHaveLength(0);
        await t.resources.dataSource.getRepository(SocialAccount).update({ id: account.id }, { status: 'connected' });
      },
    );

    it.each([
      ['instagram', { kind: 'rate_limited', operation: 'publish', code: 80002, retryAfterSeconds: 600 }],
      ['instagram', { kind: 'server_error', operation: 'media' }],
      ['google_business', { kind: 'rate_limited', operation: 'publish', retryAfterSeconds: 120 }],
      ['google_business', { kind: 'server_error', operation: 'publish' }],
    ] as const)('%s %o waits and retries, then publishes once', async (network, fault) => {
      const fake = network === 'instagram' ? fakes.facebook : fakes.google;
      const account = network === 'instagram' ? instagram : google;
      fake.fail(fault);
      const postId = await approvedPost({ baseText: `Retry me ${uniqueTag()}`, media: [IMAGE] }, [account.id]);
      const res = await publishNow(postId);
      expect(res.targets[0]).toMatchObject({
        status: 'scheduled',
        lastErrorKind: fault.kind === 'rate_limited' ? 'rate_limited' : 'transient',
      });
      if (fault.kind === 'rate_limited') {
        const target = await targetRepo().findOneByOrFail({ id: res.targets[0].id });
        expect(target.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(
          Date.now() + (fault.retryAfterSeconds - 5) * 1000,
        );
      }
      expect(await retryNow(res.targets[0].id)).toMatchObject({ result: 'published' });
      expect(network === 'instagram' ? fakes.facebook.instagram.media : fakes.google.posts()).toHaveLength(1);
    });

    it('past the Instagram 24-hour quota the target waits with a reason instead of failing', async () => {
      fakes.facebook.instagram.publishesPerDay = 1;
      try {
        await publishNow(await approvedPost({ baseText: `First ${uniqueTag()}`, media: [IMAGE] }, [instagram.id]));
        const res = await publishNow(
          await approvedPost({ baseText: `Second ${uniqueTag()}`, media: [IMAGE] }, [instagram.id]),
        );
        expect(res.targets[0]).toMatchObject({ status: 'scheduled', lastErrorKind: 'rate_limited' });
        expect(res.targets[0].lastError).toContain('1 of its 1 posts');
        const target = await targetRepo().findOneByOrFail({ id: res.targets[0].id });
        expect(target.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
        expect(fakes.facebook.instagram.media).toHaveLength(1);
      } finally {
        fakes.facebook.instagram.publishesPerDay = 100;
      }
    });

    it.each(['instagram', 'google_business'] as const)(
      '%s: a lost publish answer is read back before the retry, and recorded instead of posting twice',
      async (network) => {
        const fake = network === 'instagram' ? fakes.facebook : fakes.google;
        const account = network === 'instagram' ? instagram : google;
        fake.fail({ kind: 'accept_then_hang', operation: 'publish' });
        const postId = await approvedPost({ baseText: `Flu clinic ${uniqueTag()}`, media: [IMAGE] }, [account.id]);
        const first = await publishNow(postId);
        expect(first.targets[0]).toMatchObject({ status: 'scheduled', lastErrorKind: 'unknown_outcome' });
        expect(await retryNow(first.targets[0].id)).toMatchObject({ result: 'published', recovered: true });
        const live = network === 'instagram' ? fakes.facebook.instagram.media : fakes.google.posts();
        expect(live).toHaveLength(1);
        const target = await targetRepo().findOneByOrFail({ id: first.targets[0].id });
        expect(target.externalId).toBe('id' in live[0] ? live[0].id : live[0].name);
      },
    );

    it('a fault run: hangs, resets, 5xx and throttles on both networks end with 0 duplicates and 0 lost', async () => {
      const faults = ['accept_then_hang', 'accept_then_reset', 'server_error', 'rate_limited', 'slow'] as const;
      for (const kind of faults) {
        fakes.facebook.fail({ kind, operation: 'publish', delayMs: kind === 'slow' ? 200 : undefined, code: 80002 });
        fakes.google.fail({ kind, operation: 'publish', delayMs: kind === 'slow' ? 200 : undefined });
      }
      const texts: string[] = [];
      const targetIds: string[] = [];
      for (let i = 0; i < 6; i++) {
        const text = `Fault run ${i} ${uniqueTag()}`;
        texts.push(text);
        const postId = await approvedPost({ baseText: text, media: [IMAGE] }, [instagram.id, google.id]);
        targetIds.push(...(await publishNow(postId)).targets.map((x: { id: string }) => x.id));
      }
      for (let round = 0; round < 8; round++) {
        const pending = await targetRepo().findBy(targetIds.map((id) => ({ id, status: 'scheduled' as const })));
        if (pending.length === 0) break;
        for (const target of pending) await retryNow(target.id);
      }
      const statuses = await targetRepo().findBy(targetIds.map((id) => ({ id })));
      expect(statuses.map((s) => s.status)).toEqual(statuses.map(() => 'published'));
      const captions = fakes.facebook.instagram.media.map((m) => m.caption);
      const summaries = fakes.google.posts().map((p) => p.body.summary);
      for (const text of texts) {
        expect(captions.filter((c) => c === text)).toHaveLength(1); // 0 duplicates, 0 lost
        expect(summaries.filter((s) => s === text)).toHaveLength(1);
      }
    }, 120_000); // many publishes and retries, each downloading its image: slow on a loaded machine
  });

  it('a post lists its Instagram and Google targets like any other network', async () => {
    const postId = await approvedPost({ baseText: `Calendar ${uniqueTag()}`, media: [IMAGE] }, [
      instagram.id,
      google.id,
    ]);
    const post = (await t.http.get(`/api/posts/${postId}`).set(bearer(author)).expect(200)).body;
    expect(post.targets.map((x: { network: string }) => x.network).sort()).toEqual(['google_business', 'instagram']);
  });
});
