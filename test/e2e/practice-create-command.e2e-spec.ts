// `npm run -s practice:create`: the operator adds a second practice; its admin follows the printed one-time link,
// chooses a password, signs in, and sees only their own practice.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// Each test spawns the script (about 10-20 s per run on a loaded machine).
jest.setTimeout(180_000);

describe('npm run practice:create', () => {
  let t: TestApp;
  let first: TestPractice;
  const root = join(__dirname, '..', '..');
  const run = (args: string[]) =>
    spawnSync(
      process.execPath,
      ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'scripts/practice-create.ts', ...args],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: t.resources.config.DATABASE_URL,
          ...(t.resources.config.DATABASE_SCHEMA ? { DATABASE_SCHEMA: t.resources.config.DATABASE_SCHEMA } : {}),
          DATA_DIR: t.resources.config.DATA_DIR,
          SECRET_KEY: t.resources.config.SECRET_KEY,
          PUBLIC_URL: 'https://planner.example-group.test',
        },
      },
    );

  beforeAll(async () => {
    t = await startTestApp();
    first = await createPractice(t, 'Bright Smiles Dental', 'America/Chicago');
  });
  afterAll(() => t.close());

  it('creates the practice and prints a one-time invitation link for its admin, who then sees only that practice', async () => {
    const email = `admin-${Date.now()}@lakeside.example`;
    const result = run([
      '--name',
      'Lakeside Family Dental',
      '--timezone',
      'America/Denver',
      '--admin-email',
      email,
      '--admin-name',
      'Sam Ortiz',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const link = /https:\/\/planner\.example-group\.test\/invite\/([\w-]{16,})/.exec(result.stdout);
    expect(link).not.toBeNull();
    const token = link![1];
    const invite = (await t.http.get(`/api/auth/invite/${token}`).expect(200)).body;
    expect(invite).toMatchObject({ email, name: 'Sam Ortiz', roles: ['admin'] });
    expect(JSON.stringify(invite)).toContain('Lakeside Family Dental');

    const password = 'lakeside-admin-long-password';
    await t.http.post('/api/auth/accept-invite').send({ token, password }).expect(204);
    // Used once: the link does not work a second time.
    await t.http.post('/api/auth/accept-invite').send({ token, password }).expect(400);
    const session = (await t.http.post('/api/auth/login').send({ email, password }).expect(200)).body;
    const auth = { Authorization: `Bearer ${session.accessToken}` };
    const practice = (await t.http.get('/api/practice').set(auth).expect(200)).body;
    expect(practice).toMatchObject({ name: 'Lakeside Family Dental', timezone: 'America/Denver' });
    // Tenant isolation holds between the two practices.
    const post = (await t.http.post('/api/posts').set(bearer(first.admin)).send({ baseText: 'Ours' }).expect(201)).body;
    await t.http.get(`/api/posts/${post.id}`).set(auth).expect(404);
  });

  it('explains a missing flag and a bad zone, and creates nothing', async () => {
    const missing = run(['--name', 'Nowhere Dental']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/Missing --timezone, --admin-email/);
    const zone = run(['--name', 'Nowhere Dental', '--timezone', 'Mars/Olympus', '--admin-email', 'x@nowhere.example']);
    expect(zone.status).toBe(2);
    expect(zone.stderr).toMatch(/not an IANA time zone/);
    const rows = await t.resources.dataSource.query(
      `SELECT count(*) AS n FROM practices WHERE name = 'Nowhere Dental'`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it('adds a practice for someone who already runs another one: they accept in the app and switch to it', async () => {
    const result = run(['--name', 'Second Site Dental', '--timezone', 'UTC', '--admin-email', first.admin.email]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/already has an account here/);
    const practiceId = /practice id ([0-9a-f-]{36})/.exec(result.stdout)![1];
    const mine = await t.http.get('/api/me/practices').set(bearer(first.admin)).expect(200);
    expect(mine.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: practiceId, status: 'invited', roles: ['admin'] })]),
    );
    await t.http.post(`/api/me/practices/${practiceId}/switch`).set(bearer(first.admin)).expect(404);
    await t.http.post(`/api/me/practices/${practiceId}/accept`).set(bearer(first.admin)).expect(204);
    const switched = await t.http.post(`/api/me/practices/${practiceId}/switch`).set(bearer(first.admin)).expect(200);
    const there = { Authorization: `Bearer ${switched.body.accessToken}` };
    expect((await t.http.get('/api/practice').set(there).expect(200)).body.name).toBe('Second Site Dental');
    // The first practice's session is still the first practice's.
    expect((await t.http.get('/api/practice').set(bearer(first.admin)).expect(200)).body.name).toBe(
      'Bright Smiles Dental',
    );
  });
});
