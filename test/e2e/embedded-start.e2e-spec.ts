// `npm start` on a machine without Redis: the built app (compiled as `npm run build` does, started as `npm start`
// starts it) with REDIS_URL unset serves the API and publishes a scheduled post to the network fakes, and never
// connects to port 6379 meanwhile. Two witnesses: every connection the process starts is recorded from inside it
// (test/support/connect-recorder.js, checked to see the fakes' connections), and its sockets are listed from the
// outside with `ss` while it runs.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DateTime } from 'luxon';
import { RunningFakes, startFakes } from '../fakes';
import { freePort, waitFor } from '../support/redis-server';
import { TEST_RUN_MODE } from '../support/test-app';
import { buildWorker, REPO_ROOT } from '../support/worker-process';

jest.setTimeout(240_000);
const ZONE = 'America/Chicago';
const REDIS_PORT = 6379;

/** The child's TCP sockets to or from port 6379, from `ss` (empty when ss is not installed). */
function redisSocketsOf(pid: number): string[] {
  try {
    const out = execFileSync('ss', ['-Htanp'], { encoding: 'utf8' });
    return out.split('\n').filter((line) => line.includes(`pid=${pid},`) && line.includes(`:${REDIS_PORT} `));
  } catch {
    return [];
  }
}

// The default configuration is embedded mode on SQLite: the e2e-sqlite project's run.
(TEST_RUN_MODE === 'embedded' ? describe : describe.skip)('npm start with no Redis (the built app)', () => {
  let build: { dir: string; remove(): void };
  let fakes: RunningFakes;
  let child: ChildProcess;
  let dataDir: string;
  let connectLog: string;
  let port: number;
  let output = '';
  const ssSeen: string[] = [];
  let ssWatch: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    build = await buildWorker();
    fakes = await startFakes();
    dataDir = mkdtempSync(join(tmpdir(), 'planner-embedded-'));
    connectLog = join(dataDir, 'connections.log');
    port = await freePort();
    // Only what a newcomer's shell would have, plus the fakes' addresses: no REDIS_URL, no DATABASE_URL.
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CONNECT_LOG: connectLog,
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
    };
    child = spawn(
      process.execPath,
      [
        '-r',
        join(REPO_ROOT, 'test', 'support', 'connect-recorder.js'),
        join(build.dir, 'apps', 'api', 'src', 'main.js'),
        '--with-worker',
      ],
      { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    ssWatch = setInterval(() => ssSeen.push(...redisSocketsOf(child.pid!)), 100);
    await waitFor(
      () => output.includes('Practice Social Planner is running at'),
      120_000,
      `the app to start: ${output}`,
    );
  });

  afterAll(async () => {
    clearInterval(ssWatch);
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await fakes?.close();
    build?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves, publishes a scheduled post to the fakes, and opens no connection to port 6379', async () => {
    const http = request(`http://127.0.0.1:${port}`);
    expect(output).toMatch(/embedded mode: this process publishes/);
    expect(existsSync(join(dataDir, 'planner.sqlite'))).toBe(true);

    await http
      .post('/api/setup')
      .send({
        practiceName: 'Prairie Family Dental',
        timezone: ZONE,
        adminName: 'Pat Morgan',
        adminEmail: 'pat@prairie.example.com',
        adminPassword: 'lilac-tractor-harbor-91',
      })
      .expect(201);
    const login = async (email: string, password: string) =>
      `Bearer ${(await http.post('/api/auth/login').send({ email, password }).expect(200)).body.accessToken}`;
    const admin = await login('pat@prairie.example.com', 'lilac-tractor-harbor-91');
    const invited = await http
      .post('/api/users')
      .set('Authorization', admin)
      .send({ email: 'sam@prairie.example.com', name: 'Sam Reviewer', roles: ['reviewer'] })
      .expect(201);
    await http
      .post('/api/auth/accept-invite')
      .send({
        token: (invited.body as { inviteUrl: string }).inviteUrl.split('/').pop(),
        password: 'copper-meadow-violin-27',
      })
      .expect(204);
    const reviewer = await login('sam@prairie.example.com', 'copper-meadow-violin-27');
    const issued = fakes.x.issueTestToken();
    const account = (
      await http
        .post('/api/accounts')
        .set('Authorization', admin)
        .send({ network: 'x', accessToken: issued.accessToken, refreshToken: issued.refreshToken })
        .expect(201)
    ).body as { id: string };

    // Far enough ahead that create, submit and approve finish before it on a loaded machine.
    const dueAt = DateTime.now().setZone(ZONE).plus({ seconds: 25 }).startOf('second');
    const post = (
      await http
        .post('/api/posts')
        .set('Authorization', admin)
        .send({
          baseText: 'Our Saturday hours start this week: 8 to noon.',
          targetAccountIds: [account.id],
          scheduledFor: dueAt.toISO({ includeOffset: true }),
        })
        .expect(201)
    ).body as { id: string };
    await http.post(`/api/posts/${post.id}/submit`).set('Authorization', admin).expect(200);
    const seen = (await http.get(`/api/posts/${post.id}`).set('Authorization', reviewer).expect(200)).body;
    await http
      .post(`/api/posts/${post.id}/approve`)
      .set('Authorization', reviewer)
      .send({ contentHash: seen.contentHash })
      .expect(200);

    await waitFor(() => fakes.x.posts().length === 1, 60_000, 'the post on the X fake');
    // At its time, not before (the fake's clock is this machine's).
    const [tweet] = fakes.x.posts();
    expect(tweet.text).toBe('Our Saturday hours start this week: 8 to noon.');
    expect(tweet.createdAt).toBeGreaterThanOrEqual(dueAt.toMillis());
    await waitFor(
      async () =>
        (await http.get(`/api/posts/${post.id}`).set('Authorization', admin)).body.targets?.[0]?.status === 'published',
      15_000,
      'the target recorded as published',
    );
    const health = (await http.get('/api/health').expect(200)).body;
    expect(health).toMatchObject({ status: 'ok', mode: 'embedded', redis: 'not_used', workers: 1, failing: [] });

    const connections = readFileSync(connectLog, 'utf8').trim().split('\n');
    // The recorder works: it saw the calls to the X fake.
    expect(connections).toContain(`127.0.0.1:${new URL(fakes.env.X_API_URL).port}`);
    expect(connections.filter((c) => c.endsWith(`:${REDIS_PORT}`))).toEqual([]);
    expect(ssSeen).toEqual([]);
    expect(output).not.toMatch(/Cannot connect to Redis|ioredis|ECONNREFUSED/i);
  });
});
