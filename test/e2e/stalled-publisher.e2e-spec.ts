// Peer failures Mixpost #131 / MixpostApp #8: posts stuck at "publishing", nothing in the logs, because the worker
// was not running and nothing said so. Here the publisher stops heart-beating without a word (queue mode: a worker
// process killed with -9; embedded mode: the app's due scan stalls) and the API's clock moves past the heartbeat
// window: /api/health says degraded, naming the workers, and the PublisherWatch raises its critical alert for the
// practice's overdue post.
import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Alert } from '@app/alerts';
import { NO_PUBLISHER_ALERT, PublisherWatch, startWorker } from '@app/scheduler';
import { bearer, createAccount, createPractice, TestPractice, uniqueTag } from '../support/factories';
import { waitFor } from '../support/redis-server';
import { ShiftedClock, startTestApp, TEST_RUN_MODE, type TestApp } from '../support/test-app';
import { WorkerProcess } from '../support/worker-process';

// A worker process starts in a few seconds, more on a loaded machine.
jest.setTimeout(120_000);
const ZONE = 'America/Denver';
const MINUTE = 60_000;

describe(`a publisher that stops heart-beating (${TEST_RUN_MODE} mode)`, () => {
  let t: TestApp;
  let clock: ShiftedClock;
  let practice: TestPractice;
  let process_: WorkerProcess | undefined;
  let context: INestApplicationContext | undefined;

  beforeAll(async () => {
    t = await startTestApp({}, { clock: (base) => (clock = new ShiftedClock(base)) });
    practice = await createPractice(t, 'Aspen Ridge Dental', ZONE);
  });
  afterAll(async () => {
    process_?.kill9();
    await context?.close();
    await t?.close();
  });

  const health = async () => (await t.http.get('/api/health').expect(200)).body;

  /** A worker process (queue mode) or the app's own due scan (embedded mode), as production runs it. */
  async function startPublisher(): Promise<void> {
    if (TEST_RUN_MODE === 'embedded') {
      context = await startWorker(t.resources);
      return;
    }
    const c = t.resources.config;
    process_ = await WorkerProcess.start({
      label: 'stalling worker',
      env: {
        DATABASE_URL: c.DATABASE_URL!,
        ...(c.DATABASE_SCHEMA ? { DATABASE_SCHEMA: c.DATABASE_SCHEMA } : {}),
        REDIS_URL: c.REDIS_URL!,
        QUEUE_PREFIX: c.QUEUE_PREFIX,
        SECRET_KEY: c.SECRET_KEY,
        DATA_DIR: c.DATA_DIR,
        LOG_LEVEL: 'warn',
        INBOX_POLL_SECONDS: '86400',
      },
      startTimeoutMs: 90_000,
    });
  }

  /** Gone without a word: kill -9 (no shutdown hook removes its heartbeat), or a due scan that no longer runs. */
  async function stopPublisherSilently(): Promise<void> {
    if (process_) {
      process_.kill9();
      await process_.exited;
    }
    if (context) {
      // Closing stops the scan; nothing takes its presence back, as when the loop hangs.
      await context.close();
      context = undefined;
    }
  }

  it('health says degraded once the last heartbeat is older than its window, and the watch alerts for the overdue post', async () => {
    const author = await practice.user(['author']);
    const reviewer = await practice.user(['reviewer']);
    const account = await createAccount(t, practice.practiceId, 'facebook');
    const due = DateTime.now().setZone(ZONE).plus({ minutes: 3 }).set({ second: 0, millisecond: 0 });
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: `Open late on Thursdays ${uniqueTag()}`,
          targetAccountIds: [account.id],
          scheduledFor: due.toFormat("yyyy-LL-dd'T'HH:mm"),
        })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);

    await startPublisher();
    await waitFor(async () => (await health()).workers === 1, 20_000, 'the publisher reported in');
    expect(await health()).toMatchObject({ status: 'ok', workers: 1, failing: [] });

    await stopPublisherSilently();
    // Its last heartbeat is still within the window: nobody can tell yet.
    expect(await health()).toMatchObject({ status: 'ok', workers: 1 });

    clock.advance(MINUTE + 1000);
    expect(await health()).toMatchObject({ status: 'degraded', workers: 0, failing: ['workers'] });

    // The post's time comes and goes (more than the watch's grace): the API raises one critical alert itself.
    clock.advance(5 * MINUTE);
    const watch = t.app.get(PublisherWatch);
    expect(await watch.run()).toEqual({ publishers: 0, practicesAlerted: 1, resolved: 0 });
    expect(await watch.run()).toEqual({ publishers: 0, practicesAlerted: 0, resolved: 0 });
    const alerts = await t.resources.dataSource
      .getRepository(Alert)
      .findBy({ practiceId: practice.practiceId, dedupeKey: NO_PUBLISHER_ALERT, openMarker: 'open' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      kind: 'late_publish',
      severity: 'critical',
      title: 'Scheduled posts are not going out',
      link: '/calendar',
    });
    expect(alerts[0].message).toContain(
      `A scheduled post due since ${due.toFormat("ccc d LLL 'at' HH:mm ZZZZ")} has not gone out: no publishing worker is running.`,
    );
    const [target] = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body.targets;
    expect(target.status).toBe('scheduled');
  });
});
