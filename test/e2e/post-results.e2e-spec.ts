// What happened to a post on each network, and what a person can do about it, through the API against the HTTPS
// fakes: a partly published post ("2 of 3 published") everywhere, live posts never deleted, Retry (also after a
// reconnect), targets waiting while their account needs reconnecting, the follow-up job of publish-now, and the
// Unschedule / Duplicate / Delete actions with their roles and audit entries.
import { DateTime } from 'luxon';
import { Alert } from '@app/alerts';
import { SocialAccount } from '@app/accounts';
import { PostTarget } from '@app/posts';
import { PublishQueue, TargetPublisher } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { bearer, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { itInQueueMode, TEST_RUN_MODE, type TestApp } from '../support/test-app';

const ZONE = 'America/Chicago';

describe('results per network and the actions on a post', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    f = await startPublishingFixture({ practiceName: 'Lakeside Family Dental', zone: ZONE });
    ({ fakes, t, practice, author, reviewer, accounts } = f);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });

  const tomorrow = () => DateTime.now().setZone(ZONE).plus({ days: 1 }).toFormat("yyyy-LL-dd'T'10:00");
  const scheduledPost = async (text: string, networks?: Array<keyof FakeAccounts>) =>
    f.approvedPost({ baseText: `${text} ${uniqueTag()}`, scheduledFor: tomorrow() }, networks);
  const publishNow = (postId: string) => t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer));
  const retry = (postId: string, body: Record<string, unknown> = {}, user = reviewer) =>
    t.http.post(`/api/posts/${postId}/retry`).set(bearer(user)).send(body);
  const get = async (postId: string) =>
    (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
  const auditActions = async (postId: string): Promise<string[]> =>
    (await t.http.get(`/api/audit?entityId=${postId}`).set(bearer(practice.admin)).expect(200)).body.items.map(
      (e: { action: string }) => e.action,
    );
  type TargetView = {
    id: string;
    accountId: string;
    network: string;
    status: string;
    url: string | null;
    lastError: string | null;
    accountName: string;
    outcome: { state: string; summary: string; at: string | null; nextStep: string | null; retryable: boolean };
  };
  const on = (post: { targets: TargetView[] }, network: string) => post.targets.find((x) => x.network === network)!;

  it('shows a post live on Facebook and X but failed on LinkedIn as "2 of 3 published", with each network\'s result, and finds it by status', async () => {
    const post = await scheduledPost('Free fluoride varnish for kids this week');
    expect(post.status).toBe('scheduled');
    fakes.linkedin.fail({ kind: 'rejected_content', operation: 'publish', message: 'Content is not allowed' });

    const res = (await publishNow(post.id).expect(200)).body;
    expect(res).toMatchObject({
      status: 'partly_published',
      statusText: '2 of 3 published',
      progress: { published: 2, failed: 1, waiting: 0, total: 3 },
    });
    for (const network of ['facebook', 'x']) {
      expect(on(res, network)).toMatchObject({
        status: 'published',
        url: expect.stringMatching(/^https:\/\//),
        accountName: `Test ${network}`,
        outcome: { state: 'published', at: expect.any(String), nextStep: null, retryable: false },
      });
    }
    expect(on(res, 'facebook').outcome.summary).toBe('Published on Facebook');
    const linkedin = on(res, 'linkedin');
    expect(linkedin).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/^LinkedIn refused the content of this post\..*Content is not allowed/),
      outcome: { state: 'failed', summary: 'Did not go out on LinkedIn', at: expect.any(String), retryable: true },
    });
    expect(linkedin.outcome.nextStep).toMatch(/Duplicate it/);
    expect(res.actions).toEqual(['retry', 'mark']); // a reviewer's; never delete: it is live
    const authorView = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
    expect(authorView.actions).toEqual(['duplicate']);

    // The same on a second read, in the calendar's list, and by status filter.
    expect((await get(post.id)).statusText).toBe('2 of 3 published');
    const day = tomorrow().slice(0, 10);
    const list = async (status: string) =>
      (await t.http.get(`/api/posts?from=${day}&to=${day}&status=${status}`).set(bearer(author)).expect(200)).body.map(
        (p: { id: string }) => p.id,
      );
    expect(await list('partly_published')).toContain(post.id);
    expect(await list('failed')).not.toContain(post.id);
    const row = (await t.http.get(`/api/posts?from=${day}&to=${day}`).set(bearer(author)).expect(200)).body.find(
      (p: { id: string }) => p.id === post.id,
    );
    expect(row).toMatchObject({ status: 'partly_published', statusText: '2 of 3 published' });

    // One alert, naming the network properly.
    const alerts = await t.resources.dataSource
      .getRepository(Alert)
      .findBy({ practiceId: practice.practiceId, dedupeKey: `target_failed:${linkedin.id}` });
    expect(alerts.map((a) => a.title)).toEqual(['A LinkedIn post did not go out']);
    expect(await auditActions(post.id)).toContain('post.partly_published');
  });

  it('refuses to delete a post that is live on any network, keeping its record and links', async () => {
    const post = await scheduledPost('Holiday hours');
    fakes.x.fail({ kind: 'rejected_content', operation: 'publish' });
    await publishNow(post.id).expect(200);
    const refused = await t.http.delete(`/api/posts/${post.id}`).set(bearer(author)).expect(409);
    expect(refused.body.message).toMatch(/live on Facebook and LinkedIn, so it cannot be deleted/);
    expect(refused.body.message).toMatch(/Mark/);
    const kept = await get(post.id);
    expect(kept.status).toBe('partly_published');
    expect(on(kept, 'facebook').url).toMatch(/^https:\/\//);
    await t.http
      .post(`/api/posts/${post.id}/mark`)
      .set(bearer(reviewer))
      .send({ note: 'Posted on X by hand' })
      .expect(200);
  });

  it('retries the failed network only, for reviewers and admins, and settles the post as published', async () => {
    const post = await scheduledPost('Retry me');
    fakes.linkedin.fail({ kind: 'rejected_content', operation: 'publish' });
    const res = (await publishNow(post.id).expect(200)).body;
    const linkedin = on(res, 'linkedin');

    await retry(post.id, { targetId: linkedin.id }, author).expect(403);
    const wrong = await retry(post.id, { targetId: on(res, 'x').id }).expect(409);
    expect(wrong.body.message).toMatch(/Only a network that failed can be retried; on X this post is published/);
    await retry(post.id, { targetId: 'not-a-uuid' }).expect(400);

    const done = (await retry(post.id, { targetId: linkedin.id }).expect(200)).body;
    expect(done).toMatchObject({ status: 'published', statusText: 'Published' });
    expect(on(done, 'linkedin')).toMatchObject({ status: 'published', outcome: { state: 'published' } });
    expect(fakes.linkedin.posts()).toHaveLength(1);
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect(await auditActions(post.id)).toEqual(expect.arrayContaining(['post.retry', 'post.published']));
    const alert = await t.resources.dataSource
      .getRepository(Alert)
      .findOneByOrFail({ practiceId: practice.practiceId, dedupeKey: `target_failed:${linkedin.id}` });
    expect(alert.resolvedAt).not.toBeNull();
    const nothing = await retry(post.id).expect(409);
    expect(nothing.body.message).toMatch(/Nothing to retry/);
  });

  it('lets a network that failed for a reconnect be retried once the account is reconnected', async () => {
    const post = await scheduledPost('After reconnect', ['facebook', 'x']);
    fakes.facebook.fail({ kind: 'permission_denied', operation: 'publish' });
    const res = (await publishNow(post.id).expect(200)).body;
    expect(res.status).toBe('partly_published');
    // Not retryable yet: a retry would be refused until the account is reconnected (the page shows no button).
    expect(on(res, 'facebook')).toMatchObject({ status: 'failed', outcome: { retryable: false } });
    expect(
      (await t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id: accounts.facebook.id })).status,
    ).toBe('needs_reconnect');
    const before = await get(post.id);
    expect(on(before, 'facebook').outcome.nextStep).toBe(
      'Reconnect the Facebook account "Test facebook" under Accounts, then press Retry.',
    );
    const refused = await retry(post.id).expect(409);
    expect(refused.body.message).toMatch(/The Facebook account "Test facebook" still needs to be reconnected/);

    await reissueFakeTokens(t, fakes, accounts); // the reconnect
    expect(on(await get(post.id), 'facebook').outcome).toMatchObject({
      retryable: true,
      nextStep: 'The account has been reconnected: press Retry.',
    });
    const done = (await retry(post.id).expect(200)).body;
    expect(done.status).toBe('published');
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('keeps a due target waiting with its reason while the account needs reconnecting, and publishes it after the reconnect', async () => {
    const post = await scheduledPost('Waiting for reconnect', ['x']);
    const [target] = await t.resources.dataSource.getRepository(PostTarget).findBy({ postId: post.id });
    await t.resources.dataSource
      .getRepository(SocialAccount)
      .update({ id: accounts.x.id }, { status: 'needs_reconnect' });
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { dueAt: new Date(Date.now() - 60_000) });
    const publisher = t.app.get(TargetPublisher);

    const waiting = await publisher.publish(target.id, 'test-worker');
    expect(waiting).toMatchObject({ result: 'retry', reason: expect.stringMatching(/^Waiting: the X account/) });
    const view = await get(post.id);
    // Nothing is on its way: it shows as scheduled (not publishing) and can still be unscheduled while it waits.
    expect(view).toMatchObject({ status: 'scheduled', actions: ['publish_now', 'unschedule'] });
    expect(on(view, 'x')).toMatchObject({
      status: 'scheduled',
      lastError: expect.stringMatching(/needs to be reconnected\. It goes out as soon as it is/),
      outcome: { state: 'waiting', summary: 'Waiting on X: the account "Test x" needs to be reconnected' },
    });
    const row = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: target.id });
    expect(row.nextAttemptAt!.getTime() - Date.now()).toBeGreaterThan(30_000);
    const alert = await t.resources.dataSource
      .getRepository(Alert)
      .findOneByOrFail({ practiceId: practice.practiceId, dedupeKey: `waiting_for_reconnect:${accounts.x.id}` });
    expect(alert.title).toBe('Posts are waiting for an X account to be reconnected');
    expect(alert.resolvedAt).toBeNull();

    // The reconnect (an admin connects the same X account again) closes the alert, and the next attempt publishes.
    const issued = fakes.x.issueTestToken();
    await t.http
      .post('/api/accounts')
      .set(bearer(practice.admin))
      .send({ network: 'x', accessToken: issued.accessToken, refreshToken: issued.refreshToken })
      .expect(201);
    expect(
      (await t.resources.dataSource.getRepository(Alert).findOneByOrFail({ id: alert.id })).resolvedAt,
    ).not.toBeNull();
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    expect(await publisher.publish(target.id, 'test-worker')).toMatchObject({ result: 'published' });
    expect(fakes.x.posts()).toHaveLength(1);
    expect((await get(post.id)).status).toBe('published');
  });

  it('fails a target whose account is still not reconnected at its lateness limit', async () => {
    const post = await scheduledPost('Too late to wait', ['facebook']);
    const [target] = await t.resources.dataSource.getRepository(PostTarget).findBy({ postId: post.id });
    await t.resources.dataSource
      .getRepository(SocialAccount)
      .update({ id: accounts.facebook.id }, { status: 'needs_reconnect' });
    const publisher = t.app.get(TargetPublisher);
    // Lateness limit: 6 hours by default.
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { dueAt: new Date(Date.now() - 359 * 60_000), nextAttemptAt: null });
    expect(await publisher.publish(target.id, 'test-worker')).toMatchObject({ result: 'retry' });
    const row = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: target.id });
    // The last look is at the limit itself, not a minute past it.
    expect(row.nextAttemptAt!.getTime()).toBeLessThanOrEqual(row.dueAt!.getTime() + 360 * 60_000);
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { dueAt: new Date(Date.now() - 361 * 60_000), nextAttemptAt: null });
    expect(await publisher.publish(target.id, 'test-worker')).toMatchObject({ result: 'failed' });
    const failed = await get(post.id);
    expect(failed.status).toBe('failed');
    expect(on(failed, 'facebook').lastError).toMatch(
      /^It waited 361 minutes for the Facebook account to be reconnected, which is too late to publish it as planned/,
    );
    expect(fakes.facebook.posts()).toHaveLength(0);
  });

  // Queue mode only: embedded mode has no jobs; its due scan reads the planned time from the database.
  itInQueueMode('gives a retry planned during publish-now its job at the planned time at once', async () => {
    const post = await scheduledPost('Planned retry', ['x']);
    fakes.x.fail({ kind: 'server_error', operation: 'publish' });
    const res = (await publishNow(post.id).expect(200)).body;
    const row = await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ id: res.targets[0].id });
    expect(row.status).toBe('scheduled');
    expect(row.nextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    const queue = t.app.get(PublishQueue);
    expect(await queue.hasJob(row)).toBe(true);
    const jobs = (await queue.queue.getDelayed()).map((j) => String(j.id));
    expect(jobs.some((id) => id.startsWith(`publish:${row.id}:${row.nextAttemptAt!.getTime()}`))).toBe(true);
  });

  /** Published on Facebook, X waiting for its retry (the post shows as scheduled meanwhile). */
  const liveOnFacebookXWaiting = async (text: string) => {
    const post = await scheduledPost(text, ['facebook', 'x']);
    fakes.x.fail({ kind: 'server_error', operation: 'publish' });
    const res = (await publishNow(post.id).expect(200)).body;
    expect(res.status).toBe('scheduled');
    expect([on(res, 'facebook').status, on(res, 'x').status]).toEqual(['published', 'scheduled']);
    return post;
  };

  it('never sends a live network again when the post is unscheduled and scheduled again while another waits', async () => {
    const post = await liveOnFacebookXWaiting('Back-to-school checkups');
    const off = (await t.http.post(`/api/posts/${post.id}/unschedule`).set(bearer(author)).expect(200)).body;
    expect([on(off, 'facebook').status, on(off, 'x').status]).toEqual(['published', 'pending']);

    const again = (
      await t.http.patch(`/api/posts/${post.id}`).set(bearer(author)).send({ scheduledFor: tomorrow() }).expect(200)
    ).body;
    expect(again.status).toBe('scheduled');
    expect(on(again, 'facebook')).toMatchObject({ status: 'published', url: expect.stringMatching(/^https:\/\//) });
    expect(on(again, 'x').status).toBe('scheduled');
    expect((await publishNow(post.id).expect(200)).body.status).toBe('published');
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('keeps a live network published when an edit voids the approval, and sends only the others after the new one', async () => {
    const post = await liveOnFacebookXWaiting('Flu clinic Saturday');
    const edited = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ baseText: `Flu clinic Saturday, 9 to noon ${uniqueTag()}` })
        .expect(200)
    ).body;
    expect(edited.status).toBe('draft');
    expect([on(edited, 'facebook').status, on(edited, 'x').status]).toEqual(['published', 'pending']);

    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = await get(post.id);
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    const scheduled = await get(post.id);
    expect([scheduled.status, on(scheduled, 'facebook').status, on(scheduled, 'x').status]).toEqual([
      'scheduled',
      'published',
      'scheduled',
    ]);
    expect((await publishNow(post.id).expect(200)).body.status).toBe('published');
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('refuses to take a live network off a post (its record is what is live) and keeps every target', async () => {
    const post = await liveOnFacebookXWaiting('Sealant day');
    const before = await get(post.id);
    const xOnly = [on(before, 'x').accountId];
    const res = await t.http
      .patch(`/api/posts/${post.id}`)
      .set(bearer(author))
      .send({ baseText: `Sealant day, all week ${uniqueTag()}`, targetAccountIds: xOnly })
      .expect(409);
    expect(res.body.message).toMatch(/Facebook already has this post/);
    const after = await get(post.id);
    expect([after.status, on(after, 'facebook').status, on(after, 'x').status]).toEqual([
      'scheduled',
      'published',
      'scheduled',
    ]);
    expect(on(after, 'facebook').url).toBe(on(before, 'facebook').url);
  });

  it('unschedules (off the calendar, still approved), duplicates and deletes drafts, each audited and for its roles only', async () => {
    const post = await scheduledPost('Unschedule me');
    expect((await get(post.id)).actions).toEqual(['publish_now', 'unschedule']);
    const authorView = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
    expect(authorView.actions).toEqual(['unschedule', 'duplicate', 'delete']);
    await t.http.post(`/api/posts/${post.id}/publish-now`).set(bearer(author)).expect(403);

    const off = (await t.http.post(`/api/posts/${post.id}/unschedule`).set(bearer(author)).expect(200)).body;
    expect(off).toMatchObject({ status: 'approved', scheduledAt: null, scheduledLocal: null });
    expect(off.targets.map((x: TargetView) => x.status)).toEqual(['pending', 'pending', 'pending']);
    const day = tomorrow().slice(0, 10);
    const onCalendar = (await t.http.get(`/api/posts?from=${day}&to=${day}`).set(bearer(author)).expect(200)).body.map(
      (p: { id: string }) => p.id,
    );
    expect(onCalendar).not.toContain(post.id);
    const targetIds = off.targets.map((x: TargetView) => x.id);
    if (TEST_RUN_MODE === 'queue') {
      const jobs = (await t.app.get(PublishQueue).queue.getDelayed()).map((j) => String(j.id));
      expect(jobs.filter((id) => targetIds.some((targetId: string) => id.includes(targetId)))).toEqual([]);
    }
    await t.http.post(`/api/posts/${post.id}/unschedule`).set(bearer(author)).expect(409);

    await t.http.post(`/api/posts/${post.id}/duplicate`).set(bearer(reviewer)).expect(403);
    const copy = (await t.http.post(`/api/posts/${post.id}/duplicate`).set(bearer(author)).expect(201)).body;
    expect(copy).toMatchObject({ status: 'draft', scheduledAt: null, baseText: off.baseText });
    expect(await auditActions(copy.id)).toEqual(expect.arrayContaining(['post.created', 'post.duplicated']));

    await t.http.delete(`/api/posts/${copy.id}`).set(bearer(reviewer)).expect(403);
    await t.http.delete(`/api/posts/${copy.id}`).set(bearer(author)).expect(204);
    await t.http.get(`/api/posts/${copy.id}`).set(bearer(author)).expect(404);
    expect(await auditActions(post.id)).toContain('post.unscheduled');
    expect(await auditActions(copy.id)).toContain('post.deleted');
  });
});
