// The scheduler end to end, in both run modes: posts go out at their time (queue mode: two workers on Bull; embedded
// mode: the app's own due scan), cancelled and unapproved posts never go out, retries run in quiet periods. Queue
// mode: jobs follow reschedule and cancel, the reconciler restores what Redis lost. Embedded mode: a restart loses
// nothing.
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bull';
import { DateTime } from 'luxon';
import { Alert } from '@app/alerts';
import { Post, PostTarget, TargetSchedule } from '@app/posts';
import { SystemClock } from '@app/core';
import {
  createPublishQueue,
  DueScan,
  Launcher,
  PUBLISH_BULL_QUEUE,
  PublishQueue,
  Reconciler,
  startWorker,
} from '@app/scheduler';
import type { RunningFakes } from '../fakes';
import { bearer, TestPractice, TestUser, uniqueTag } from '../support/factories';
import type { FakeAccounts } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { PrivateRedis, waitFor } from '../support/redis-server';
import { itInEmbeddedMode, itInQueueMode, TEST_RUN_MODE, type TestApp } from '../support/test-app';

// Generous: the suite also runs in two more process zones (jest.config.js), on a shared, loaded machine.
jest.setTimeout(120_000);
const ZONE = 'America/New_York';
/** Jobs run this long before their targets' time to prepare them; the worker publishes at the time itself. */
const PREPARE_MS = 2000;

describe(`scheduler (${TEST_RUN_MODE} mode)`, () => {
  let f: PublishingFixture;
  let fakes: RunningFakes;
  let redis: PrivateRedis | undefined;
  let t: TestApp;
  let workers: INestApplicationContext[];
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    if (TEST_RUN_MODE === 'queue') redis = await PrivateRedis.start();
    f = await startPublishingFixture({
      practiceName: 'Riverside Dental',
      zone: ZONE,
      env: {
        ...(redis ? { REDIS_URL: redis.url } : {}),
        RECONCILE_SECONDS: '1',
        ACCOUNT_PUBLISHES_PER_MINUTE: '0',
        PUBLISH_PREPARE_SECONDS: String(PREPARE_MS / 1000),
      },
    });
    ({ fakes, t, practice, reviewer, author, accounts } = f);
    // Embedded mode has one publisher: the app process (its due scan); queue mode any number of workers.
    workers = redis
      ? [await startWorker(t.resources), await startWorker(t.resources)]
      : [await startWorker(t.resources)];
  });
  afterAll(async () => {
    for (const worker of workers ?? []) await worker.close();
    await f?.close();
    await redis?.stop();
  });

  const local = (msFromNow: number) => DateTime.now().setZone(ZONE).plus({ milliseconds: msFromNow });
  const queue = () => t.app.get<Queue>(PUBLISH_BULL_QUEUE);
  const targetsOf = (postId: string) => t.resources.dataSource.getRepository(PostTarget).findBy({ postId });
  /** Publish requests each fake received (refused ones included), by network. */
  const publishCalls = () => ({
    facebook: fakes.facebook.requests.filter((r) => r.operation === 'publish').length,
    linkedin: fakes.linkedin.requests.filter((r) => r.operation === 'publish').length,
    x: fakes.x.requests.filter((r) => r.operation === 'publish').length,
  });

  async function schedule(baseText: string, at: string, networks?: Array<keyof FakeAccounts>) {
    const approved = await f.approvedPost({ baseText, scheduledFor: at }, networks);
    expect(approved.status).toBe('scheduled');
    return approved.id;
  }

  async function delayedJobsFor(postId: string) {
    const ids = new Set((await targetsOf(postId)).map((target) => target.id));
    return (await queue().getDelayed()).filter((job) => ids.has(job.data.targetId));
  }

  itInQueueMode(
    'adds one delayed job per target (due to prepare it just before its instant), moves them on reschedule and removes them on cancel',
    async () => {
      const postId = await schedule(`Floss daily ${uniqueTag()}`, '2027-03-15T09:00');
      const jobs = await delayedJobsFor(postId);
      expect(jobs).toHaveLength(3);
      for (const job of jobs)
        expect(job.timestamp + Number(job.opts.delay)).toBeCloseTo(Date.parse('2027-03-15T13:00:00Z') - PREPARE_MS, -3);
      await t.http
        .patch(`/api/posts/${postId}`)
        .set(bearer(author))
        .send({ scheduledFor: '2027-03-16T10:30' })
        .expect(200);
      const moved = await delayedJobsFor(postId);
      expect(moved).toHaveLength(3);
      for (const job of moved)
        expect(job.timestamp + Number(job.opts.delay)).toBeCloseTo(Date.parse('2027-03-16T14:30:00Z') - PREPARE_MS, -3);
      await t.http.post(`/api/posts/${postId}/cancel`).set(bearer(reviewer)).expect(200);
      expect(await delayedJobsFor(postId)).toHaveLength(0);
    },
  );

  (TEST_RUN_MODE === 'queue' ? it.each : it.skip.each)([
    ['the Friday before spring-forward', '2027-03-12T09:00', '2027-03-12T14:00:00Z'],
    ['the Monday after spring-forward', '2027-03-15T09:00', '2027-03-15T13:00:00Z'],
    ['the Friday before fall-back', '2027-11-05T09:00', '2027-11-05T13:00:00Z'],
    ['the Monday after fall-back', '2027-11-08T09:00', '2027-11-08T14:00:00Z'],
  ])(
    'fires a 09:00 New York post at 09:00 local on %s (jobs follow a reschedule across the change)',
    async (_when, local9, utc) => {
      const postId = await schedule(`Hours reminder ${uniqueTag()}`, '2027-01-04T09:00', ['x']);
      await t.http.patch(`/api/posts/${postId}`).set(bearer(author)).send({ scheduledFor: local9 }).expect(200);
      const [job] = await delayedJobsFor(postId);
      // The job's id carries its due instant to the millisecond; it runs PREPARE_MS before it (its delay was
      // counted from the moment it was added), and the worker publishes at the instant itself.
      expect(new Date(Number(String(job.id).split(':')[2])).toISOString()).toBe(new Date(utc).toISOString());
      expect(job.timestamp + Number(job.opts.delay)).toBeCloseTo(Date.parse(utc) - PREPARE_MS, -2);
      const [target] = await targetsOf(postId);
      expect(DateTime.fromJSDate(target.dueAt!).setZone(ZONE).toFormat('HH:mm')).toBe('09:00');
      await t.http.post(`/api/posts/${postId}/cancel`).set(bearer(reviewer)).expect(200);
    },
  );

  itInQueueMode('adds the same job whether the adding process runs the per-account limiter or not', async () => {
    const postId = await schedule(`Sunscreen ${uniqueTag()}`, '2027-04-01T09:00');
    const added = await delayedJobsFor(postId);
    expect(added).toHaveLength(3);
    // The API here runs without the limiter; a worker with it must see (and not re-add) the very same jobs.
    const limited = createPublishQueue({
      redisUrl: redis!.url,
      prefix: t.resources.config.QUEUE_PREFIX,
      accountRate: { max: 5, durationMs: 60_000 },
    });
    try {
      const worker = new PublishQueue(
        limited,
        t.resources.redis!,
        new TargetSchedule(t.resources.dataSource),
        new SystemClock(),
        t.resources.config.QUEUE_PREFIX,
      );
      for (const target of await targetsOf(postId)) {
        await worker.ensureJob(target);
        expect(await worker.hasJob(target)).toBe(true);
      }
      const after = await delayedJobsFor(postId);
      expect(after.map((job) => job.id).sort()).toEqual(added.map((job) => job.id).sort());
      for (const job of after) expect(String(job.id).endsWith(`:${job.data.accountId}`)).toBe(true);
    } finally {
      await limited.close();
    }
  });

  it(`publishes 20 targets on 3 networks due in the same minute, each exactly once (${TEST_RUN_MODE === 'queue' ? 'two workers' : 'one process'})`, async () => {
    fakes.reset();
    // Far enough ahead that all seven posts are approved before it on a loaded machine (4 s was not on SQLite,
    // nor 12 s with the zoned runs beside it).
    const at = local(30_000);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        await schedule(
          `Same minute ${i} ${uniqueTag()}`,
          at.toISO({ includeOffset: true, suppressMilliseconds: true })!,
          i === 6 ? ['facebook', 'x'] : ['facebook', 'linkedin', 'x'],
        ),
      );
    await waitFor(
      async () => (await Promise.all(ids.map(targetsOf))).flat().every((target) => target.status === 'published'),
      60_000,
      'all 20 targets published',
    );
    expect(fakes.facebook.posts().length + fakes.linkedin.posts().length + fakes.x.posts().length).toBe(20);
    // Calls, not posts: the fakes refuse a second post with the same text, so a duplicate call leaves no second
    // post behind (postiz #439 / #1172). Each network got exactly one publish call per target.
    expect(publishCalls()).toEqual({ facebook: 7, linkedin: 6, x: 7 });
    const externalIds = (await Promise.all(ids.map(targetsOf))).flat().map((target) => target.externalId);
    expect(new Set(externalIds).size).toBe(20);
    for (const target of (await Promise.all(ids.map(targetsOf))).flat()) {
      expect(target.publishedAt!.getTime()).toBeGreaterThanOrEqual(at.toMillis() - 1000);
    }
  });

  it('never publishes a cancelled or deleted post', async () => {
    fakes.reset();
    // Far enough ahead that both are scheduled (approved in time) on a loaded machine.
    const due = local(10_000);
    const cancelled = await schedule(`Cancelled ${uniqueTag()}`, due.toISO({ includeOffset: true })!, ['x']);
    const deleted = await schedule(`Deleted ${uniqueTag()}`, due.toISO({ includeOffset: true })!, ['x']);
    await t.http.post(`/api/posts/${cancelled}/cancel`).set(bearer(reviewer)).expect(200);
    await t.http.delete(`/api/posts/${deleted}`).set(bearer(author)).expect(204);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due.toMillis() - Date.now()) + 2000));
    expect(fakes.x.posts()).toHaveLength(0);
  });

  itInQueueMode('restores every job after Redis loses everything (FLUSHALL), and still publishes on time', async () => {
    fakes.reset();
    const postId = await schedule(`After flush ${uniqueTag()}`, local(6000).toISO({ includeOffset: true })!, [
      'linkedin',
      'x',
    ]);
    const { createRedis } = await import('@app/core');
    const admin = createRedis(redis!.url);
    await admin.connect();
    await admin.flushall();
    admin.disconnect();
    expect(await delayedJobsFor(postId)).toHaveLength(0);
    await waitFor(async () => (await delayedJobsFor(postId)).length === 2, 10_000, 'reconciler restored the jobs');
    await waitFor(
      async () => (await targetsOf(postId)).every((target) => target.status === 'published'),
      20_000,
      'published after flush',
    );
    expect(fakes.linkedin.posts()).toHaveLength(1);
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('retries a failed target in a quiet period, when nothing else is due', async () => {
    fakes.reset();
    fakes.facebook.fail({ kind: 'server_error', operation: 'publish' });
    const postId = await schedule(`Retry me ${uniqueTag()}`, local(8000).toISO({ includeOffset: true })!, ['facebook']);
    await waitFor(async () => (await targetsOf(postId))[0].lastErrorKind !== null, 40_000, 'first attempt failed');
    const [target] = await targetsOf(postId);
    expect(target).toMatchObject({ status: 'scheduled', attempts: 1 });
    // Bring the retry forward (and in queue mode drop its job: only the reconciler can pick it up now; embedded
    // mode's due scan reads the retry time from the database).
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update({ id: target.id }, { nextAttemptAt: new Date(Date.now() - 1000) });
    if (redis) for (const job of await delayedJobsFor(postId)) await job.remove();
    await waitFor(async () => (await targetsOf(postId))[0].status === 'published', 15_000, 'retried and published');
    expect(fakes.facebook.posts()).toHaveLength(1);
    expect((await targetsOf(postId))[0].attempts).toBe(2);
  });

  itInQueueMode('resumes after a Redis restart', async () => {
    fakes.reset();
    const postId = await schedule(`After restart ${uniqueTag()}`, local(7000).toISO({ includeOffset: true })!, ['x']);
    await redis!.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis!.restart();
    await waitFor(
      async () => (await targetsOf(postId))[0].status === 'published',
      30_000,
      'published after the Redis restart',
    );
    expect(fakes.x.posts()).toHaveLength(1);
  });

  it('does not publish a post that is still unapproved at its time, and alerts', async () => {
    fakes.reset();
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: 'Never approved',
          targetAccountIds: [accounts.x.id],
          scheduledFor: local(5000).toISO({ includeOffset: true }),
        })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const alerted = (kind: 'unapproved_near_slot' | 'unapproved_missed') => async () =>
      (await t.resources.dataSource.getRepository(Alert).findBy({ practiceId: practice.practiceId, kind })).some(
        (a) => a.link === `/posts/${post.id}`,
      );
    await waitFor(alerted('unapproved_near_slot'), 4_000, 'a warning before its time');
    await waitFor(alerted('unapproved_missed'), 15_000, 'unapproved_missed alert at its time');
    expect(fakes.x.posts()).toHaveLength(0);
  });

  // Hootsuite's rule, ours too: a post not approved by its time expires instead of publishing late.
  it('does not publish a post approved after its time: it stays approved and off the schedule, says why, and nothing goes out over the next passes', async () => {
    fakes.reset();
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: `Approved too late ${uniqueTag()}`,
          targetAccountIds: [accounts.x.id, accounts.facebook.id],
          scheduledFor: local(3_600_000).toISO({ includeOffset: true }),
        })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    // Its time passes while it waits for review (two minutes ago).
    const passed = local(-120_000).set({ second: 0, millisecond: 0 });
    await t.resources.dataSource
      .getRepository(Post)
      .update(
        { id: post.id },
        { scheduledAt: passed.toJSDate(), scheduledLocal: passed.toFormat("yyyy-LL-dd'T'HH:mm") },
      );
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    const approved = (
      await t.http
        .post(`/api/posts/${post.id}/approve`)
        .set(bearer(reviewer))
        .send({ contentHash: seen.contentHash })
        .expect(200)
    ).body;
    const reason = 'Approved, but its time has passed. Pick a new time to schedule it.';
    expect(approved).toMatchObject({ status: 'approved', note: reason });
    for (const target of await targetsOf(post.id)) expect(target).toMatchObject({ status: 'pending', dueAt: null });
    if (redis) expect(await delayedJobsFor(post.id)).toHaveLength(0);

    // The next passes of the publisher (embedded: the due scan; queue: the reconciler restoring due jobs) find
    // nothing to publish.
    for (let pass = 0; pass < 3; pass++) {
      // Any worker's pass will do (the lock lets one run per period, and the workers' own loops compete for it).
      if (redis)
        await waitFor(
          async () => (await Promise.all(workers.map((w) => w.get(Reconciler).runOnce()))).some((r) => r !== null),
          20_000,
          'a pass',
        );
      else await workers[0].get(DueScan).runOnce();
    }
    expect(fakes.x.requests.filter((r) => r.operation === 'publish')).toHaveLength(0);
    expect(fakes.facebook.requests.filter((r) => r.operation === 'publish')).toHaveLength(0);
    expect((await targetsOf(post.id)).map((target) => target.status)).toEqual(['pending', 'pending']);

    // The reason stays visible: on the post, and on its calendar row.
    const later = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
    expect(later).toMatchObject({ status: 'approved', statusText: 'Not published: its time passed', note: reason });
    const day = passed.toFormat('yyyy-LL-dd');
    const calendar = (await t.http.get(`/api/posts?from=${day}&to=${day}`).set(bearer(author)).expect(200))
      .body as Array<{
      id: string;
      statusText: string;
    }>;
    expect(calendar.find((row) => row.id === post.id)).toMatchObject({ statusText: 'Not published: its time passed' });
  });

  itInEmbeddedMode(
    'loses nothing across a restart: a target held for its time when the process stops is published by the next one',
    async () => {
      fakes.reset();
      const postId = await schedule(
        `Across a restart ${uniqueTag()}`,
        local(PREPARE_MS + 2500).toISO({ includeOffset: true })!,
        ['facebook', 'x'],
      );
      await waitFor(() => workers[0].get(Launcher).holding >= 2, 5000, 'the scan holds both targets');
      await workers[0].close();
      expect((await targetsOf(postId)).map((target) => target.status)).toEqual(['scheduled', 'scheduled']);
      workers = [await startWorker(t.resources)];
      await waitFor(
        async () => (await targetsOf(postId)).every((target) => target.status === 'published'),
        15_000,
        'published by the restarted process',
      );
      expect(fakes.facebook.posts().length + fakes.x.posts().length).toBe(2);
      for (const target of await targetsOf(postId))
        expect(target.publishedAt!.getTime()).toBeGreaterThanOrEqual(target.dueAt!.getTime());
    },
  );

  itInEmbeddedMode(
    'keeps reschedule and cancel in the database only: no Redis, and the scan follows them',
    async () => {
      fakes.reset();
      expect(t.resources.redis).toBeUndefined();
      const moved = await schedule(`Moved ${uniqueTag()}`, local(3000).toISO({ includeOffset: true })!, ['x']);
      const later = local(6000);
      await t.http
        .patch(`/api/posts/${moved}`)
        .set(bearer(author))
        .send({ scheduledFor: later.toISO({ includeOffset: true }) })
        .expect(200);
      await waitFor(
        async () => (await targetsOf(moved))[0].status === 'published',
        15_000,
        'published at the new time',
      );
      expect((await targetsOf(moved))[0].publishedAt!.getTime()).toBeGreaterThanOrEqual(later.toMillis() - 1000);
      expect(fakes.x.posts()).toHaveLength(1);
    },
  );

  itInQueueMode(
    'restores in one pass only the jobs that are gone or ended, and leaves the live ones alone',
    async () => {
      // A year ahead: beyond the reconciler's own look-ahead, so only this test's calls touch these jobs.
      const postId = await schedule(`Reconcile pass ${uniqueTag()}`, '2027-11-02T09:00', ['facebook', 'linkedin', 'x']);
      const publishQueue = t.app.get(PublishQueue);
      const timings = (await targetsOf(postId)).map((target) => ({
        id: target.id,
        accountId: target.accountId,
        dueAt: target.dueAt,
        nextAttemptAt: target.nextAttemptAt,
      }));
      expect(await publishQueue.restoreJobs(timings)).toBe(0);
      const [gone, ended] = await delayedJobsFor(postId);
      await gone.remove();
      // An ended job keeps its id in Redis, which would make a plain add a no-op.
      // (Bull moves a job to failed only from active: here as its script would leave it, id in the failed set.)
      const bull = queue().client;
      await bull.zrem(queue().toKey('delayed'), String(ended.id));
      await bull.zadd(queue().toKey('failed'), Date.now(), String(ended.id));
      expect(await ended.getState()).toBe('failed');
      expect(await delayedJobsFor(postId)).toHaveLength(1);
      expect(await publishQueue.restoreJobs(timings)).toBe(2);
      const restored = await delayedJobsFor(postId);
      expect(restored.map((job) => job.data.targetId).sort()).toEqual(timings.map((timing) => timing.id).sort());
      expect(await publishQueue.restoreJobs(timings)).toBe(0);
    },
  );

  it('runs the reconciler in one worker at a time', async () => {
    const reconcilers = workers.map((w) => w.get(Reconciler));
    const runs = await Promise.all(reconcilers.map((r) => r.runOnce()));
    expect(runs.filter((r) => r !== null).length).toBeLessThanOrEqual(1);
  });
});
