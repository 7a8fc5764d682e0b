// A post never stays "publishing" when nothing of it is on its way: publish-now whose networks all fail settles
// it, and a post whose networks wait in retry backoff shows as scheduled, so a person can cancel, reschedule or
// delete it meanwhile (it once answered 409 until the retry, up to six hours while an account was reconnected).
import { DateTime } from 'luxon';
import { PostTarget } from '@app/posts';
import type { RunningFakes } from '../fakes';
import { bearer, TestUser, uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import type { TestApp } from '../support/test-app';

const ZONE = 'America/Chicago';

describe('a post whose networks failed or wait for a retry', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    f = await startPublishingFixture({ practiceName: 'Birchwood Dental', zone: ZONE });
    ({ fakes, t, author, reviewer, accounts } = f);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });

  const dayAfter = (days: number, hour = '10:00') =>
    DateTime.now().setZone(ZONE).plus({ days }).toFormat(`yyyy-LL-dd'T'${hour}`);
  const scheduledPost = (text: string, networks?: Array<keyof FakeAccounts>) =>
    f.approvedPost({ baseText: `${text} ${uniqueTag()}`, scheduledFor: dayAfter(1) }, networks);
  const publishNow = async (postId: string) =>
    (await t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer)).expect(200)).body;
  const get = async (postId: string) =>
    (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
  const targets = (postId: string) => t.resources.dataSource.getRepository(PostTarget).findBy({ postId });

  it('settles publish-now as failed when every network refuses the post', async () => {
    const post = await scheduledPost('Every network says no');
    for (const network of ['facebook', 'linkedin', 'x'] as const)
      fakes[network].fail({ kind: 'rejected_content', operation: 'publish' });
    const res = await publishNow(post.id);
    expect(res.targets.map((x: { status: string }) => x.status)).toEqual(['failed', 'failed', 'failed']);
    expect(res.status).toBe('failed');
    expect((await get(post.id)).status).toBe('failed');
  });

  it('shows publish-now as scheduled, not publishing, when every network waits for a retry, and lets it be deleted', async () => {
    const post = await scheduledPost('Every network is down');
    for (const network of ['facebook', 'linkedin', 'x'] as const)
      fakes[network].fail({ kind: 'server_error', operation: 'publish' });
    await publishNow(post.id);
    const waiting = await get(post.id);
    expect(waiting.targets.map((x: { status: string }) => x.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    expect(waiting.status).toBe('scheduled');
    await t.http.delete(`/api/posts/${post.id}`).set(bearer(author)).expect(204);
    expect((await targets(post.id)).map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('lets a post be cancelled while one network waits for its retry and the other failed', async () => {
    const post = await scheduledPost('One refused, one in backoff', ['facebook', 'x']);
    fakes.facebook.fail({ kind: 'rejected_content', operation: 'publish' });
    fakes.x.fail({ kind: 'server_error', operation: 'publish' });
    await publishNow(post.id);
    expect((await get(post.id)).status).toBe('scheduled');
    const cancelled = (await t.http.post(`/api/posts/${post.id}/cancel`).set(bearer(reviewer)).expect(200)).body;
    expect(cancelled.status).not.toBe('publishing');
    const x = (await targets(post.id)).find((row) => row.network === 'x')!;
    expect(x).toMatchObject({ status: 'pending', dueAt: null });
  });

  it('lets a post be rescheduled while one network waits for its retry and the other is live; it goes out at the new time', async () => {
    const post = await scheduledPost('One live, one in backoff', ['facebook', 'x']);
    fakes.x.fail({ kind: 'server_error', operation: 'publish' });
    await publishNow(post.id);
    expect((await get(post.id)).status).toBe('scheduled');
    const later = dayAfter(3, '09:30');
    const moved = (
      await t.http.patch(`/api/posts/${post.id}`).set(bearer(author)).send({ scheduledFor: later }).expect(200)
    ).body;
    expect(moved.scheduledLocal ?? moved.post?.scheduledLocal).toBe(later);
    const x = (await targets(post.id)).find((row) => row.network === 'x')!;
    const at = DateTime.fromISO(later, { zone: ZONE }).toJSDate();
    // The retry time no longer decides: the target runs at the new time.
    expect(x.status).toBe('scheduled');
    expect(x.dueAt?.getTime()).toBe(at.getTime());
    expect(x.nextAttemptAt).toBeNull();
    // Live on Facebook: deleting stays refused, naming it.
    const refused = await t.http.delete(`/api/posts/${post.id}`).set(bearer(author)).expect(409);
    expect(refused.body.message).toMatch(/live on Facebook/);
  });
});
