// Publishing approved posts to the HTTPS fakes of Facebook, LinkedIn and X through the real clients and
// the same publisher the scheduler uses: success, each error class, and the peer failures that matter here.
import { Alert } from '@app/alerts';
import { SocialAccount, TokenVault } from '@app/accounts';
import { AuditEvent, AuditLog } from '@app/audit';
import { PostTarget } from '@app/posts';
import { TargetPublisher } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import type { TestApp } from '../support/test-app';

describe('publishing to the networks', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Harbor Pediatrics',
      zone: 'America/Los_Angeles',
      env: { NETWORK_TIMEOUT_MS: '1500' },
    });
    ({ fakes, t, practice, author, reviewer, accounts } = f);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });

  const approvedPost = async (body: Record<string, unknown>, networks?: Array<keyof FakeAccounts>) =>
    (await f.approvedPost(body, networks)).id;
  const publishNow = (postId: string) => t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer));

  /** Makes every audit write that contains a matching event throw, as a failing audit table would. */
  function failAuditOf(matches: (event: AuditEvent) => boolean) {
    const audit = t.app.get(AuditLog);
    const original = audit.recordAcross.bind(audit);
    return jest.spyOn(audit, 'recordAcross').mockImplementation(async (manager, events) => {
      if ([...events.values()].flat().some(matches)) throw new Error('audit storage hiccup');
      return original(manager, events);
    });
  }

  it('publishes to all three networks once, storing each id and link', async () => {
    const postId = await approvedPost({
      baseText: 'Open Saturday (9-12) for sports physicals! #BackToSchool',
      variants: { x: 'Open Saturday 9-12 for sports physicals!' },
    });
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.status).toBe('published');
    for (const target of res.targets)
      expect(target).toMatchObject({
        status: 'published',
        externalId: expect.any(String),
        url: expect.stringMatching(/^https?:\/\//),
      });
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
    const [linkedin] = fakes.linkedin.posts();
    expect(linkedin.publishedText).toContain('Open Saturday (9-12) for sports physicals!');
    const audit = (
      await t.http.get(`/api/audit?entityId=${postId}`).set(bearer(practice.admin)).expect(200)
    ).body.items.map((e: { action: string }) => e.action);
    expect(audit.filter((a: string) => a === 'target.published')).toHaveLength(3);
    expect(audit).toContain('post.published');
  });

  it('publishes an uploaded image with its alt text to each network through its own upload flow', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3bd1b0000000049454e44ae426082',
      'hex',
    );
    const upload = (
      await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', png, { filename: 'smile.png', contentType: 'image/png' })
        .expect(201)
    ).body;
    expect(upload).toMatchObject({ url: `/api/media/${upload.id}`, mimeType: 'image/png' });
    await t.http.get(upload.url).set(bearer(author)).expect(200).expect('Content-Type', 'image/png');
    await t.http
      .post('/api/media')
      .set(bearer(author))
      .attach('file', Buffer.from('not an image'), { filename: 'x.png', contentType: 'image/png' })
      .expect(400);
    const other = await createPractice(t, 'Other Practice');
    await t.http.get(upload.url).set(bearer(other.admin)).expect(404);

    const postId = await approvedPost({
      baseText: 'Say hello to our new smile corner!',
      media: [{ url: upload.url, altText: 'A child smiling in the dental chair corner' }],
    });
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets.map((target: { status: string }) => target.status)).toEqual([
      'published',
      'published',
      'published',
    ]);
    expect(fakes.facebook.posts()[0].via).toBe('photos');
    expect(fakes.x.posts()[0].mediaIds).toHaveLength(1);
    expect(JSON.stringify(fakes.linkedin.posts()[0])).toMatch(/urn:li:image:/);
  });

  it('refuses to publish a post that is not approved', async () => {
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Draft', targetAccountIds: [accounts.x.id] })
        .expect(201)
    ).body;
    const res = await publishNow(post.id).expect(409);
    expect(res.body.currentState).toBe('draft');
    expect(fakes.x.posts()).toHaveLength(0);
    await t.http.post(`/api/posts/${post.id}/publish-now`).set(bearer(author)).expect(403);
  });

  it.each([
    ['facebook', 'expired_token', 'auth_expired'],
    ['x', 'revoked_token', 'auth_expired'],
    ['linkedin', 'permission_denied', 'permission_denied'],
    ['x', 'duplicate', 'duplicate'],
    ['linkedin', 'version_retired', 'version_retired'],
    ['facebook', 'rejected_content', 'rejected_content'],
  ] as const)('%s %s fails the target as %s, with the network message and one alert', async (network, fault, kind) => {
    fakes[network].fail({ kind: fault, operation: 'publish' });
    if (fault === 'revoked_token') {
      // Revoked for real: the access and refresh tokens are both dead, so no refresh can save the post (a dead refresh
      // token beside a working access token is a lost renewal, see token-renewal-lost).
      const account = await t.resources.dataSource
        .getRepository(SocialAccount)
        .findOneByOrFail({ id: accounts[network].id });
      const vault = new TokenVault(t.resources.config.SECRET_KEY);
      fakes[network].tokens.revoke(vault.open(account.refreshTokenEnc!, account.id));
      fakes[network].tokens.revoke(vault.open(account.accessTokenEnc!, account.id));
    }
    const postId = await approvedPost({ baseText: `Hand-washing tip ${uniqueTag()}` }, [network]);
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets[0]).toMatchObject({ status: 'failed', lastErrorKind: kind, lastError: expect.any(String) });
    expect(res.status).toBe('failed');
    expect(res.note).toBe(res.targets[0].lastError);
    const alerts = await t.resources.dataSource
      .getRepository(Alert)
      .findBy({ practiceId: practice.practiceId, dedupeKey: `target_failed:${res.targets[0].id}` });
    expect(alerts).toHaveLength(1);
    const account = await t.resources.dataSource
      .getRepository(SocialAccount)
      .findOneByOrFail({ id: accounts[network].id });
    expect(account.status).toBe(
      kind === 'auth_expired' || kind === 'permission_denied' ? 'needs_reconnect' : 'connected',
    );
  });

  it('refreshes an expired X token and retries instead of failing the post', async () => {
    fakes.x.fail({ kind: 'expired_token', operation: 'publish' });
    const postId = await approvedPost({ baseText: `Refresh me ${uniqueTag()}` }, ['x']);
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets[0]).toMatchObject({ status: 'scheduled', lastErrorKind: 'auth_expired' });
    const account = await t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id: accounts.x.id });
    expect(account.status).toBe('connected');
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: res.targets[0].id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    expect(await t.app.get(TargetPublisher).publish(res.targets[0].id, 'test-worker')).toMatchObject({
      result: 'published',
    });
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('retries an expired X token when the refresh cannot happen now (token endpoint down), without asking for a reconnect', async () => {
    fakes.x.fail({ kind: 'expired_token', operation: 'publish' });
    fakes.x.fail({ kind: 'server_error', operation: 'token' });
    const postId = await approvedPost({ baseText: `Refresh later ${uniqueTag()}` }, ['x']);
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets[0]).toMatchObject({ status: 'scheduled', lastErrorKind: 'auth_expired' });
    const target = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: res.targets[0].id });
    expect(target.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    expect(
      (await t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id: accounts.x.id })).status,
    ).toBe('connected');
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    expect(await t.app.get(TargetPublisher).publish(target.id, 'test-worker')).toMatchObject({ result: 'published' });
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it.each([
    ['x', 'server_error'],
    ['facebook', 'rate_limited'],
    ['linkedin', 'server_error'],
  ] as const)('%s %s schedules a retry instead of failing', async (network, fault) => {
    fakes[network].fail({ kind: fault, operation: 'publish' });
    const postId = await approvedPost({ baseText: `Sunscreen reminder ${uniqueTag()}` }, [network]);
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets[0]).toMatchObject({
      status: 'scheduled',
      attempts: 1,
      lastErrorKind: expect.stringMatching(/transient|rate_limited|unknown_outcome/),
    });
    const target = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: res.targets[0].id });
    expect(target.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
  });

  it('never posts twice when the network accepts the post but the answer never comes (accept-then-hang)', async () => {
    fakes.x.fail({ kind: 'accept_then_hang', operation: 'publish' });
    const postId = await approvedPost({ baseText: `Flu clinic Saturday ${uniqueTag()}` }, ['x']);
    const first = (await publishNow(postId).expect(200)).body;
    expect(first.targets[0]).toMatchObject({ status: 'scheduled', lastErrorKind: 'unknown_outcome' });
    expect(fakes.x.posts()).toHaveLength(1);
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: first.targets[0].id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    const outcome = await t.app.get(TargetPublisher).publish(first.targets[0].id, 'test-worker');
    expect(outcome).toMatchObject({ result: 'published', recovered: true });
    expect(fakes.x.posts()).toHaveLength(1);
    const target = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: first.targets[0].id });
    expect(target.externalId).toBe(fakes.x.posts()[0].id);
  });

  it('records a post found on the network after a worker died right after publishing (expired lease)', async () => {
    const postId = await approvedPost({ baseText: `Portal tip ${uniqueTag()}` }, ['facebook']);
    const [target] = await t.resources.dataSource.getRepository(PostTarget).findBy({ postId });
    // The dead worker: it claimed, the network accepted, and it died before recording anything.
    await t.resources.dataSource.getRepository(PostTarget).update(
      { id: target.id },
      {
        status: 'publishing',
        dueAt: new Date(),
        claimedBy: 'dead-worker',
        leaseUntil: new Date(Date.now() - 1000),
        attempts: 1,
      },
    );
    const text = (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer))).body.rendered.facebook;
    const { FacebookClient, HttpTransport } = await import('@app/publishing');
    const fb = new FacebookClient({
      graphUrl: fakes.env.FACEBOOK_GRAPH_URL,
      transport: new HttpTransport({ ca: fakes.caPem }),
    });
    const token = fakes.facebook.issueTestToken({ pageId: accounts.facebook.externalId });
    await fb.publish({ accessToken: token.accessToken, externalAccountId: accounts.facebook.externalId }, { text });
    expect(fakes.facebook.posts()).toHaveLength(1);
    const outcome = await t.app.get(TargetPublisher).publish(target.id, 'next-worker');
    expect(outcome).toMatchObject({ result: 'published', recovered: true });
    expect(fakes.facebook.posts()).toHaveLength(1);
  });

  it('publishes exactly once when several workers race for the same due target', async () => {
    const postId = await approvedPost({ baseText: `Race ${uniqueTag()}` }, ['linkedin']);
    const [target] = await t.resources.dataSource.getRepository(PostTarget).findBy({ postId });
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { status: 'scheduled', dueAt: new Date(Date.now() - 10) });
    const publisher = t.app.get(TargetPublisher);
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) => publisher.publish(target.id, `worker-${i}`)),
    );
    expect(outcomes.filter((o) => o.result === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o.result === 'not_claimed')).toHaveLength(5);
    expect(fakes.linkedin.posts()).toHaveLength(1);
  });

  it('keeps a publish whose audit and bookkeeping fail right after the network said yes (no re-post loop)', async () => {
    const postId = await approvedPost({ baseText: `After-2xx ${uniqueTag()}` }, ['x']);
    const spy = failAuditOf((event) => event.action === 'target.published');
    try {
      const res = (await publishNow(postId).expect(200)).body;
      expect(res.targets[0]).toMatchObject({ status: 'published', externalId: fakes.x.posts()[0].id });
      expect(spy).toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
    expect(fakes.x.posts()).toHaveLength(1);
    expect(fakes.x.requests.filter((r) => r.operation === 'publish')).toHaveLength(1);
  });

  it('records the other publishes of a batch in full when one of them cannot be recorded', async () => {
    const postId = await approvedPost({ baseText: `Batch record ${uniqueTag()}` });
    // Facebook answers first and its record is held until LinkedIn and X have both answered, so those two
    // are recorded together, in one batch that fails because of X.
    fakes.linkedin.fail({ kind: 'slow', operation: 'publish', delayMs: 400 });
    fakes.x.fail({ kind: 'slow', operation: 'publish', delayMs: 400 });
    const audit = t.app.get(AuditLog);
    const original = audit.recordAcross.bind(audit);
    const batches: string[][] = [];
    const spy = jest.spyOn(audit, 'recordAcross').mockImplementation(async (manager, events) => {
      const published = [...events.values()].flat().filter((e) => e.action === 'target.published');
      batches.push(published.map((e) => String(e.details?.network)));
      if (published.some((e) => e.details?.network === 'facebook'))
        await new Promise((resolve) => setTimeout(resolve, 1500));
      if (published.some((e) => e.details?.network === 'x')) throw new Error('audit storage hiccup');
      return original(manager, events);
    });
    try {
      const res = (await publishNow(postId).expect(200)).body;
      for (const target of res.targets)
        expect(target).toMatchObject({ status: 'published', externalId: expect.any(String) });
    } finally {
      spy.mockRestore();
    }
    expect(batches).toContainEqual(expect.arrayContaining(['linkedin', 'x']));
    const entries = (await t.http.get(`/api/audit?entityId=${postId}`).set(bearer(practice.admin)).expect(200)).body
      .items as Array<{ action: string; details: { network?: string } }>;
    expect(
      entries
        .filter((e) => e.action === 'target.published')
        .map((e) => e.details.network)
        .sort(),
    ).toEqual(['facebook', 'linkedin']);
    expect(fakes.facebook.posts().length + fakes.linkedin.posts().length + fakes.x.posts().length).toBe(3);
    expect((await t.http.get('/api/audit/verify').set(bearer(practice.admin)).expect(200)).body.intact).toBe(true);
  });

  it('stops a target whose rendered text changed after approval (practice phone edited)', async () => {
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { phones: ['(415) 555-0100'] } })
      .expect(200);
    const postId = await approvedPost({ baseText: 'Questions? Call {{practice.phone}}.' }, ['facebook']);
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { phones: ['(415) 555-0199'] } })
      .expect(200);
    const res = (await publishNow(postId).expect(200)).body;
    expect(res.targets[0]).toMatchObject({ status: 'failed', lastErrorKind: 'content_changed' });
    expect(fakes.facebook.posts()).toHaveLength(0);
  });

  it('never sends a private or local image URL to a network: it is refused when the post is submitted', async () => {
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: 'Our new waiting room!',
          media: [{ url: 'http://127.0.0.1:8080/room.jpg', altText: 'A bright waiting room' }],
          targetAccountIds: [accounts.facebook.id],
        })
        .expect(201)
    ).body;
    const refused = await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(400);
    expect(refused.body.message).toMatch(/Image 1 could not be downloaded .*private or local address/);
    expect(fakes.facebook.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });
});
