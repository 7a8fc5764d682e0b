// A claim's lease outlives slow network calls: an image post on X is several calls, each slow here, and together
// longer than the lease. The worker renews the lease while they run, so nobody takes the target over; and an
// attempt whose claim was taken over all the same (its worker could not renew) records nothing, while the worker
// that holds the claim reads back and records the post the first one made.
import { PostTarget } from '@app/posts';
import { AuditEvent } from '@app/audit';
import { TargetPublisher } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { bearer, TestUser, uniqueTag } from '../support/factories';
import { FakeAccounts, reissueFakeTokens } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import type { TestApp } from '../support/test-app';

const LEASE_MS = 3000;
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2a3bd1b0000000049454e44ae426082',
  'hex',
);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('leases while an image post is slow', () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let author: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Quarry Hill Dental',
      zone: 'America/Denver',
      env: { NETWORK_TIMEOUT_MS: '2500', PUBLISH_LEASE_SECONDS: String(LEASE_MS / 1000) },
    });
    ({ fakes, t, author, accounts } = f);
  });
  afterAll(async () => {
    await f?.close();
  });
  beforeEach(async () => {
    fakes.reset();
    await reissueFakeTokens(t, fakes, accounts);
  });

  const targets = () => t.resources.dataSource.getRepository(PostTarget);

  /** An approved image post on X whose target is due now; every call to X then takes 1.2 s. */
  async function dueImagePost(): Promise<PostTarget> {
    const upload = (
      await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', PNG, { filename: 'chair.png', contentType: 'image/png' })
        .expect(201)
    ).body;
    const post = await f.approvedPost(
      { baseText: `Our new chair ${uniqueTag()}`, media: [{ url: upload.url, altText: 'A new dental chair' }] },
      ['x'],
    );
    const [target] = await targets().findBy({ postId: post.id });
    await targets().update({ id: target.id }, { status: 'scheduled', dueAt: new Date(Date.now() - 10) });
    fakes.x.fail({ kind: 'slow', operation: 'any', delayMs: 1200, times: 'until_cleared' });
    return target;
  }

  it('renews the lease while the calls run, so a second worker cannot take the target over', async () => {
    const target = await dueImagePost();
    const publisher = t.app.get(TargetPublisher);
    const first = publisher.publish(target.id, 'worker-a');
    try {
      await until(async () => (await targets().findOneByOrFail({ id: target.id })).status === 'publishing');
      const claimedUntil = (await targets().findOneByOrFail({ id: target.id })).leaseUntil!;
      // Past the lease the claim was given: without renewal it has ended and worker B would take it over.
      await until(async () => Date.now() > claimedUntil.getTime() + 500);
      const row = await targets().findOneByOrFail({ id: target.id });
      expect(row.status).toBe('publishing');
      expect(row.leaseUntil!.getTime()).toBeGreaterThan(Date.now());
      expect(await publisher.publish(target.id, 'worker-b')).toEqual({ result: 'not_claimed' });
    } finally {
      // Never left running past the suite, whatever failed above.
      await first.catch(() => undefined);
    }
    expect(await first).toMatchObject({ result: 'published', recovered: false });
    expect(fakes.x.posts()).toHaveLength(1);
    expect(fakes.x.posts()[0].mediaIds).toHaveLength(1);
  });

  it('records nothing from an attempt whose claim was taken over; the next worker reads its post back', async () => {
    const target = await dueImagePost();
    const publisher = t.app.get(TargetPublisher);
    const first = publisher.publish(target.id, 'worker-a');
    await until(async () => (await targets().findOneByOrFail({ id: target.id })).status === 'publishing');
    // Worker B takes the target over while A's calls run (as after a lease A could not renew).
    await targets().update({ id: target.id }, { claimedBy: 'worker-b#1', leaseUntil: new Date(Date.now() + 60_000) });

    expect(await first).toEqual({ result: 'not_claimed' });
    const row = await targets().findOneByOrFail({ id: target.id });
    expect(row).toMatchObject({ status: 'publishing', claimedBy: 'worker-b#1', externalId: null });
    const audit = (await t.http.get(`/api/audit?entityId=${target.postId}`).set(bearer(f.practice.admin)).expect(200))
      .body.items as AuditEvent[];
    expect(audit.map((e) => e.action)).not.toContain('target.published');

    // B's lease ends (B died); the next worker reads back and records what A posted, if A got that far.
    fakes.x.clearFaults();
    await targets().update({ id: target.id }, { leaseUntil: new Date(Date.now() - 1000) });
    const posted = fakes.x.posts().length;
    const next = await publisher.publish(target.id, 'worker-c');
    expect(next).toMatchObject({ result: 'published', recovered: posted === 1 });
    expect(fakes.x.posts()).toHaveLength(1);
    expect((await targets().findOneByOrFail({ id: target.id })).externalId).toBe(fakes.x.posts()[0].id);
  });
});
