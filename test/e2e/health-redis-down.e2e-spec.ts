// /api/health against a Redis of its own that the test stops: 503 naming Redis, then healthy again.
import { PrivateRedis, waitFor } from '../support/redis-server';
import { describeInQueueMode, startTestApp, TestApp } from '../support/test-app';

// Queue mode only (e2e-postgres): embedded mode has no Redis to lose.
describeInQueueMode('health when Redis stops', () => {
  let t: TestApp;
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await redis.stop();
    await t.close();
  });

  it('answers 503 naming Redis while it is down, and 200 once it is back', async () => {
    await t.http.get('/api/health').expect(200);
    await redis.stop();
    const down = await t.http.get('/api/health').expect(503);
    expect(down.body).toMatchObject({
      status: 'degraded',
      database: 'ok',
      redis: 'down',
      failing: ['redis', 'workers'],
    });
    await redis.restart();
    await waitFor(async () => (await t.http.get('/api/health')).status === 200, 10_000, 'health back to 200');
  });
});
