// The per-account limiter (ACCOUNT_PUBLISHES_PER_MINUTE): a busy account waits its turn without failing
// anything, and never holds up the practice's other accounts.
import { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bull';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { PostTarget } from '@app/calendar';
import { PUBLISH_BULL_QUEUE, startWorker } from '@app/scheduler';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { connectFakeAccounts, FakeAccounts } from '../support/fake-accounts';
import { PrivateRedis, waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);
const ZONE = 'America/Denver';

describe('per-account publish limit', () => {
  let fakes: RunningFakes;
  let redis: PrivateRedis;
  let t: TestApp;
  let worker: INestApplicationContext;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;

  beforeAll(async () => {
    fakes = await startFakes();
    redis = await PrivateRedis.start();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, REDIS_URL: redis.url, ACCOUNT_PUBLISHES_PER_MINUTE: '2' });
    worker = await startWorker(t.resources);
    practice = await createPractice(t, 'Foothills Family Medicine', ZONE);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = await connectFakeAccounts(t, fakes, practice.practiceId);
  });
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await redis?.stop();
    await fakes?.close();
  });

  async function schedule(baseText: string, at: string, network: keyof FakeAccounts): Promise<string> {
    const post = (await t.http.post('/api/posts').set(bearer(author)).send({ baseText, targetAccountIds: [accounts[network].id], scheduledFor: at }).expect(201)).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer))).body;
    await t.http.post(`/api/posts/${post.id}/approve`).set(bearer(reviewer)).send({ contentHash: seen.contentHash }).expect(200);
    return post.id as string;
  }

  it('publishes 2 a minute on the busy account, keeps the rest waiting (not failed), and the quiet accounts go out on time', async () => {
    const at = DateTime.now().setZone(ZONE).plus({ seconds: 3 }).toISO({ includeOffset: true })!;
    const busy: string[] = [];
    for (let i = 0; i < 5; i++) busy.push(await schedule(`Clinic news ${i} ${randomUUID().slice(0, 4)}`, at, 'x'));
    const quiet = [await schedule(`Flu shots ${randomUUID().slice(0, 4)}`, at, 'facebook'), await schedule(`Portal tip ${randomUUID().slice(0, 4)}`, at, 'linkedin')];
    const targets = async (postIds: string[]) => (await Promise.all(postIds.map((postId) => t.resources.dataSource.getRepository(PostTarget).findBy({ postId })))).flat();

    await waitFor(async () => (await targets(quiet)).every((target) => target.status === 'published'), 20_000, 'the quiet accounts published');
    await waitFor(async () => (await targets(busy)).filter((target) => target.status === 'published').length === 2, 20_000, 'two busy-account posts published');
    await new Promise((resolve) => setTimeout(resolve, 3000)); // nothing more goes out on X within the minute
    const busyTargets = await targets(busy);
    expect(busyTargets.filter((target) => target.status === 'published')).toHaveLength(2);
    expect(busyTargets.filter((target) => target.status === 'scheduled')).toHaveLength(3);
    expect(fakes.x.posts()).toHaveLength(2);
    // The three waiting ones still have their jobs (delayed by the limiter), so they go out in the next minutes.
    const waiting = new Set(busyTargets.filter((target) => target.status === 'scheduled').map((target) => target.id));
    const jobs = [...(await t.app.get<Queue>(PUBLISH_BULL_QUEUE).getDelayed()), ...(await t.app.get<Queue>(PUBLISH_BULL_QUEUE).getWaiting())];
    expect(new Set(jobs.map((job) => job.data.targetId).filter((id) => waiting.has(id))).size).toBe(3);
  });
});
