// The per-account limiter (ACCOUNT_PUBLISHES_PER_MINUTE): a busy account waits its turn without failing
// anything, and never holds up the practice's other accounts. Queue mode: Bull's grouped limiter; embedded mode: the
// due scan's per-account pace.
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bull';
import { DateTime } from 'luxon';
import { PostTarget } from '@app/posts';
import { PUBLISH_BULL_QUEUE, startWorker } from '@app/scheduler';
import { uniqueTag } from '../support/factories';
import type { FakeAccounts } from '../support/fake-accounts';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';
import { PrivateRedis, waitFor } from '../support/redis-server';
import { TEST_RUN_MODE } from '../support/test-app';

jest.setTimeout(60_000);
const ZONE = 'America/Denver';

describe(`per-account publish limit (${TEST_RUN_MODE} mode)`, () => {
  let f: PublishingFixture;
  let redis: PrivateRedis | undefined;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    if (TEST_RUN_MODE === 'queue') redis = await PrivateRedis.start();
    f = await startPublishingFixture({
      practiceName: 'Foothills Family Medicine',
      zone: ZONE,
      env: { ...(redis ? { REDIS_URL: redis.url } : {}), ACCOUNT_PUBLISHES_PER_MINUTE: '2' },
    });
    worker = await startWorker(f.t.resources);
  });
  afterAll(async () => {
    await worker?.close();
    await f?.close();
    await redis?.stop();
  });

  const schedule = async (baseText: string, at: string, network: keyof FakeAccounts) =>
    (await f.approvedPost({ baseText, scheduledFor: at }, [network])).id;

  it('publishes 2 a minute on the busy account, keeps the rest waiting (not failed), and the quiet accounts go out on time', async () => {
    // Far enough ahead that all seven posts are approved before it on a loaded machine (3 s was not: "in the past").
    const at = DateTime.now().setZone(ZONE).plus({ seconds: 12 }).toISO({ includeOffset: true })!;
    const busy: string[] = [];
    for (let i = 0; i < 5; i++) busy.push(await schedule(`Clinic news ${i} ${uniqueTag()}`, at, 'x'));
    const quiet = [
      await schedule(`Flu shots ${uniqueTag()}`, at, 'facebook'),
      await schedule(`Portal tip ${uniqueTag()}`, at, 'linkedin'),
    ];
    const { t, fakes } = f;
    const targets = async (postIds: string[]) =>
      (
        await Promise.all(postIds.map((postId) => t.resources.dataSource.getRepository(PostTarget).findBy({ postId })))
      ).flat();

    await waitFor(
      async () => (await targets(quiet)).every((target) => target.status === 'published'),
      20_000,
      'the quiet accounts published',
    );
    await waitFor(
      async () => (await targets(busy)).filter((target) => target.status === 'published').length === 2,
      20_000,
      'two busy-account posts published',
    );
    await new Promise((resolve) => setTimeout(resolve, 3000)); // nothing more goes out on X within the minute
    const busyTargets = await targets(busy);
    expect(busyTargets.filter((target) => target.status === 'published')).toHaveLength(2);
    expect(busyTargets.filter((target) => target.status === 'scheduled')).toHaveLength(3);
    expect(fakes.x.posts()).toHaveLength(2);
    // The three waiting ones still have their jobs (delayed by the limiter), so they go out in the next minutes
    // (embedded mode: they stay scheduled in the database, which the scan reads every second).
    if (!redis) return;
    const waiting = new Set(busyTargets.filter((target) => target.status === 'scheduled').map((target) => target.id));
    const jobs = [
      ...(await t.app.get<Queue>(PUBLISH_BULL_QUEUE).getDelayed()),
      ...(await t.app.get<Queue>(PUBLISH_BULL_QUEUE).getWaiting()),
    ];
    expect(new Set(jobs.map((job) => job.data.targetId).filter((id) => waiting.has(id))).size).toBe(3);
  });
});
