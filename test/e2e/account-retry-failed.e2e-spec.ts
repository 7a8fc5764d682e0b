// "Retry failed posts" on an account after a reconnect: one action retries every failed post of that account that a
// retry can help (read back first, so nothing twice), leaves other accounts' failures alone, is refused while the
// account still needs reconnecting, is kept to the roles that may retry, and is audited.
import { bearer, uniqueTag } from '../support/factories';
import { reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';

jest.setTimeout(120_000);

describe('retry every failed post of one account', () => {
  let f: PublishingFixture;

  beforeAll(async () => {
    f = await startPublishingFixture({ practiceName: 'Riverbend Dental', zone: 'America/Chicago' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('after a reconnect, retries the account’s failed posts in one audited action', async () => {
    const { t, fakes, accounts, reviewer, author, practice } = f;
    const publishNow = async (postId: string) =>
      (await t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer)).expect(200)).body;
    const retryFailed = (accountId: string, user = reviewer) =>
      t.http.post(`/api/accounts/${accountId}/retry-failed`).set(bearer(user));

    // Facebook refuses one post's content, then the Page's token: two failed Facebook posts, the account to reconnect.
    const a = await f.approvedPost({ baseText: `Whitening week ${uniqueTag()}` }, ['facebook']);
    fakes.facebook.fail({ kind: 'rejected_content', operation: 'publish', message: 'Temporarily blocked' });
    expect((await publishNow(a.id)).targets[0]).toMatchObject({ status: 'failed', lastErrorKind: 'rejected_content' });
    const b = await f.approvedPost({ baseText: `Sealants for kids ${uniqueTag()}` }, ['facebook', 'x']);
    fakes.facebook.fail({ kind: 'permission_denied', operation: 'publish' });
    expect((await publishNow(b.id)).status).toBe('partly_published');
    // An X failure: another account's, left alone.
    const c = await f.approvedPost({ baseText: `Open late Thursday ${uniqueTag()}` }, ['x']);
    fakes.x.fail({ kind: 'duplicate', operation: 'publish' });
    expect((await publishNow(c.id)).status).toBe('failed');

    const listed = (await t.http.get('/api/accounts').set(bearer(reviewer)).expect(200)).body;
    expect(listed.find((x: { id: string }) => x.id === accounts.facebook.id)).toMatchObject({
      status: 'needs_reconnect',
      failedPosts: 2,
    });

    const early = await retryFailed(accounts.facebook.id).expect(409);
    expect(early.body.message).toMatch(/still needs to be reconnected/);
    await retryFailed(accounts.facebook.id, author).expect(403);
    await retryFailed('6b1f8e7e-3c1a-4d4e-9a55-8a0d1c2b3e4f').expect(404);

    await reissueFakeTokens(t, fakes, accounts); // the reconnect
    const done = (await retryFailed(accounts.facebook.id).expect(200)).body;
    expect(done).toMatchObject({ retried: 2, published: 2 });
    expect(fakes.facebook.posts()).toHaveLength(2);
    for (const id of [a.id, b.id])
      expect((await t.http.get(`/api/posts/${id}`).set(bearer(reviewer)).expect(200)).body.status).toBe('published');
    expect((await t.http.get(`/api/posts/${c.id}`).set(bearer(reviewer)).expect(200)).body.status).toBe('failed');
    expect(fakes.x.posts()).toHaveLength(1);

    const audit = (await t.http.get('/api/audit?action=account.retry_failed').set(bearer(practice.admin)).expect(200))
      .body.items;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityId: accounts.facebook.id, details: { posts: expect.any(Array) } });
    expect(audit[0].details.posts.sort()).toEqual([a.id, b.id].sort());
    const postEntries = (await t.http.get('/api/audit?action=post.retry').set(bearer(practice.admin)).expect(200)).body
      .items;
    expect(postEntries.map((e: { entityId: string }) => e.entityId).sort()).toEqual([a.id, b.id].sort());

    // Nothing left to retry on that account.
    expect((await retryFailed(accounts.facebook.id).expect(409)).body.message).toMatch(/Nothing to retry/);
  });
});
