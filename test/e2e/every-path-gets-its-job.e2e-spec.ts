// Peer failure postiz #818 / #1724: posts made through the API sat in "queued" forever, because a row was written
// without its job. Posts made by CSV import (then approved) and by evergreen fill are published like the others:
// in queue mode every target has its delayed job at its time as soon as it is scheduled, with no reconciler pass
// to repair it (its passes are an hour apart here); in embedded mode the due scan picks every target up at its
// time and it goes out. (Posts made in the composer: scheduler.e2e-spec.ts.)
import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { SocialAccount } from '@app/accounts';
import { FixedClock } from '@app/core';
import { Post, PostTarget } from '@app/posts';
import { CadenceGuard, PublishQueue, startWorker } from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { bearer, uniqueTag } from '../support/factories';
import type { FakeAccounts } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { waitFor } from '../support/redis-server';
import { TEST_RUN_MODE, type TestApp } from '../support/test-app';

jest.setTimeout(90_000);
const ZONE = 'America/Chicago';

describe(`every way a post is made gets published (postiz #818, ${TEST_RUN_MODE} mode)`, () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let t: TestApp;
  let accounts: FakeAccounts;
  let worker: INestApplicationContext;
  /** Embedded mode: the worker's clock, moved to each target's time so its due scan finds it (no waiting). */
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    f = await startPublishingFixture({
      practiceName: 'Bluebonnet Family Medicine',
      zone: ZONE,
      // No reconciler pass during the test (its first comes a second after the start): nothing repairs a missing job.
      env: { RECONCILE_SECONDS: '3600', ACCOUNT_PUBLISHES_PER_MINUTE: '0' },
    });
    ({ fakes, t, accounts } = f);
    worker = await startWorker(TEST_RUN_MODE === 'embedded' ? { ...t.resources, clock } : t.resources);
  });
  afterAll(async () => {
    await worker?.close();
    await f?.close();
  });

  const targetsOf = (postIds: string[]) =>
    Promise.all(postIds.map((postId) => t.resources.dataSource.getRepository(PostTarget).findBy({ postId }))).then(
      (all) => all.flat(),
    );

  async function approve(postId: string): Promise<void> {
    await t.http.post(`/api/posts/${postId}/submit`).set(bearer(f.author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${postId}`).set(bearer(f.reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${postId}/approve`)
      .set(bearer(f.reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
  }

  /** Queue mode: each has its delayed job at its time. Embedded mode: at its time the due scan publishes it. */
  async function expectEachPublishedAtItsTime(targets: PostTarget[]): Promise<void> {
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) expect(target).toMatchObject({ status: 'scheduled', dueAt: expect.any(Date) });
    if (TEST_RUN_MODE === 'queue') {
      const queue = t.app.get(PublishQueue);
      const delayed = await queue.queue.getDelayed();
      for (const target of targets) {
        expect(await queue.hasJob(target)).toBe(true);
        const job = delayed.find((j) => j.data.targetId === target.id);
        expect(job?.id).toBe(`publish:${target.id}:${target.dueAt!.getTime()}:${target.accountId}`);
      }
      return;
    }
    for (const at of [...new Set(targets.map((target) => target.dueAt!.getTime()))].sort()) {
      clock.set(new Date(at));
      const due = targets.filter((target) => target.dueAt!.getTime() === at);
      await waitFor(
        async () =>
          (await targetsOf([...new Set(due.map((d) => d.postId))])).every(
            (d) => d.status === 'published' || d.status === 'failed',
          ),
        20_000,
        `the targets due ${new Date(at).toISOString()} picked up by the due scan`,
      );
    }
    const after = await targetsOf([...new Set(targets.map((target) => target.postId))]);
    for (const target of after) expect(target).toMatchObject({ status: 'published', externalId: expect.any(String) });
    // Each once: publish calls, not posts (the fakes refuse a repeated text).
    const calls = (['facebook', 'linkedin', 'x'] as const).map(
      (network) => fakes[network].requests.filter((r) => r.operation === 'publish').length,
    );
    expect(calls.reduce((a, b) => a + b, 0)).toBe(targets.length);
  }

  beforeEach(() => fakes.reset());

  it('a CSV import, once approved', async () => {
    const day = DateTime.now().setZone(ZONE).plus({ days: 3 }).toFormat('yyyy-LL-dd');
    const tag = uniqueTag();
    const file = Buffer.from(
      'date,time,networks,text\n' +
        `${day},10:00,"facebook;linkedin;x",Flu shots are in this week ${tag}\n` +
        `${day},10:30,"facebook;x",Walk-ins welcome until six ${tag}\n` +
        `${day},10:30,linkedin,We are hiring a dental assistant ${tag}\n`,
    );
    const imported = (
      await t.http
        .post('/api/posts/import')
        .set(bearer(f.author))
        .attach('file', file, { filename: 'week.csv', contentType: 'text/csv' })
        .expect(201)
    ).body as { posts: Array<{ id: string; status: string }> };
    expect(imported.posts.map((p) => p.status)).toEqual(['draft', 'draft', 'draft']);
    for (const post of imported.posts) await approve(post.id);
    const targets = await targetsOf(imported.posts.map((p) => p.id));
    expect(targets).toHaveLength(6);
    await expectEachPublishedAtItsTime(targets);
  });

  it('an evergreen fill', async () => {
    const source = (
      await t.http
        .post('/api/posts')
        .set(bearer(f.author))
        .send({
          baseText: `Brushing twice a day keeps cavities away ${uniqueTag()}`,
          tags: ['evergreen'],
          targetAccountIds: [accounts.x.id],
        })
        .expect(201)
    ).body as { id: string };
    await approve(source.id);
    await t.resources.dataSource.getRepository(SocialAccount).update(
      { id: accounts.x.id },
      {
        cadence: {
          minPostsPerWeek: 2,
          maxGapDays: 3,
          windows: [{ days: [1, 2, 3, 4, 5], from: '09:30', to: '16:00' }],
        },
        evergreenFill: true,
      },
    );
    const report = await worker.get(CadenceGuard).run(f.practice.practiceId);
    expect(report.filled).toBeGreaterThanOrEqual(1);
    const fills = await t.resources.dataSource
      .getRepository(Post)
      .findBy({ practiceId: f.practice.practiceId, origin: 'evergreen_fill' });
    expect(fills).toHaveLength(report.filled);
    await expectEachPublishedAtItsTime(await targetsOf(fills.map((p) => p.id)));
  });
});
