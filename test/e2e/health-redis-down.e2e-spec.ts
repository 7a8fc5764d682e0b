// /api/health against a Redis of its own that the test stops: 503 naming Redis, then healthy again.
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { startTestApp, TestApp } from '../support/test-app';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('Ready to accept connections')) resolve(); });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

describe('health when Redis stops', () => {
  let t: TestApp;
  let redis: ChildProcess;
  let port: number;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    redis.kill('SIGKILL');
    await t.close();
  });

  it('answers 503 naming Redis while it is down, and 200 once it is back', async () => {
    await t.http.get('/api/health').expect(200);
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    const down = await t.http.get('/api/health').expect(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'ok', redis: 'down', failing: ['redis'] });
    redis = await startRedis(port);
    await waitFor(async () => (await t.http.get('/api/health')).status === 200);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
