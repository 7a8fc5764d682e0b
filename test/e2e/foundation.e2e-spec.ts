// Setup, sign-in, roles, tenant isolation and input validation, over HTTP, on each database.
import { createPractice, bearer, PASSWORD, TestPractice } from '../support/factories';
import { startWorker } from '@app/scheduler';
import { waitFor } from '../support/redis-server';
import { startTestApp, TEST_RUN_MODE, TestApp } from '../support/test-app';

const setupBody = {
  practiceName: 'Bright Smiles Dental',
  timezone: 'America/Chicago',
  adminName: 'Pat Morgan',
  adminEmail: 'Pat@BrightSmiles.example',
  adminPassword: 'long-enough-password',
};

describe('first-run setup', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports setup as not done on an empty database', async () => {
    await t.http.get('/api/setup').expect(200, { complete: false });
  });

  it('names each invalid field and refuses unknown ones', async () => {
    const res = await t.http
      .post('/api/setup')
      .send({ ...setupBody, adminEmail: 'not-an-email', adminPassword: 'short', isSuperUser: true })
      .expect(400);
    expect(res.body.fields).toEqual(
      expect.objectContaining({
        adminEmail: expect.arrayContaining([expect.stringContaining('adminEmail')]),
        adminPassword: expect.arrayContaining([expect.stringContaining('adminPassword')]),
        isSuperUser: ['property isSuperUser should not exist'],
      }),
    );
    await t.http.get('/api/setup').expect(200, { complete: false });
  });

  it('refuses a time zone that is not an IANA zone', async () => {
    const res = await t.http
      .post('/api/setup')
      .send({ ...setupBody, timezone: 'Central Time' })
      .expect(400);
    expect(res.body.message).toContain('timezone');
  });

  it('rejects malformed JSON with a 400, not a 500', async () => {
    const res = await t.http
      .post('/api/setup')
      .set('Content-Type', 'application/json')
      .send('{"practiceName": ')
      .expect(400);
    expect(res.body.message).toMatch(/not valid JSON/);
  });

  it('creates the practice and admin once, then answers 409', async () => {
    const created = await t.http.post('/api/setup').send(setupBody).expect(201);
    expect(created.body).toEqual({ practiceId: expect.any(String), adminId: expect.any(String) });
    const again = await t.http
      .post('/api/setup')
      .send({ ...setupBody, adminEmail: 'other@example.test' })
      .expect(409);
    expect(again.body).toMatchObject({
      statusCode: 409,
      error: 'Conflict',
      message: expect.stringContaining('already'),
    });
    await t.http.get('/api/setup').expect(200, { complete: true });
  });

  it('lets the admin sign in (e-mail is case-insensitive) and read the practice', async () => {
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'pat@brightsmiles.example', password: setupBody.adminPassword })
      .expect(200);
    expect(login.body.user).toMatchObject({ email: 'pat@brightsmiles.example', roles: ['admin'] });
    const practice = await t.http
      .get('/api/practice')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .expect(200);
    expect(practice.body).toMatchObject({ name: 'Bright Smiles Dental', timezone: 'America/Chicago' });
  });
});

describe('sign-in and sessions', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_15_MIN: '4' });
    practice = await createPractice(t);
  });
  afterAll(() => t.close());

  it('returns a bearer token and sets an httpOnly SameSite session cookie', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .send({ email: practice.admin.email, password: PASSWORD })
      .expect(200);
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('planner_session='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password and an unknown e-mail with the same 401', async () => {
    const wrong = await t.http
      .post('/api/auth/login')
      .send({ email: practice.admin.email, password: 'nope-nope-nope' })
      .expect(401);
    const unknown = await t.http
      .post('/api/auth/login')
      .send({ email: 'nobody@example.test', password: 'nope-nope-nope' })
      .expect(401);
    expect(wrong.body.message).toBe(unknown.body.message);
  });

  it('answers 401 without a session and with a forged token', async () => {
    await t.http.get('/api/users/me').expect(401);
    const forged = practice.admin.token.replace(/\.[^.]+$/, '.c2lnbmF0dXJl');
    await t.http.get('/api/users/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('rate-limits failed sign-ins per e-mail with 429 and Retry-After', async () => {
    const victim = await practice.user(['author']);
    for (let i = 0; i < 4; i++)
      await t.http.post('/api/auth/login').send({ email: victim.email, password: 'wrong-password!' }).expect(401);
    const limited = await t.http.post('/api/auth/login').send({ email: victim.email, password: PASSWORD }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('requires the CSRF token for state changes made with the cookie session', async () => {
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: practice.admin.email, password: PASSWORD })
      .expect(200);
    const cookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const csrf = cookies.find((c) => c.startsWith('planner_csrf='))!.split('=')[1];
    await t.http.get('/api/users/me').set('Cookie', cookies.join('; ')).expect(200);
    await t.http.patch('/api/practice').set('Cookie', cookies.join('; ')).send({ name: 'Renamed' }).expect(403);
    await t.http
      .patch('/api/practice')
      .set('Cookie', cookies.join('; '))
      .set('x-csrf-token', csrf)
      .send({ name: 'Renamed' })
      .expect(200);
    // A lost CSRF cookie comes back on the next read of the session, so changes work again.
    const sessionOnly = cookies.filter((c) => c.startsWith('planner_session='));
    const read = await t.http.get('/api/users/me').set('Cookie', sessionOnly.join('; ')).expect(200);
    const fresh = ([] as string[]).concat(read.headers['set-cookie'] ?? []).find((c) => c.startsWith('planner_csrf='))!;
    const token = fresh.split(';')[0].split('=')[1];
    await t.http
      .patch('/api/practice')
      .set('Cookie', [...sessionOnly, `planner_csrf=${token}`].join('; '))
      .set('x-csrf-token', token)
      .send({ name: 'Renamed again' })
      .expect(200);
  });

  it('ends the sessions of a deactivated user at once', async () => {
    const author = await practice.user(['author']);
    await t.http.get('/api/users/me').set(bearer(author)).expect(200);
    await t.http.patch(`/api/users/${author.id}`).set(bearer(practice.admin)).send({ active: false }).expect(200);
    await t.http.get('/api/users/me').set(bearer(author)).expect(401);
    await t.http.post('/api/auth/login').send({ email: author.email, password: PASSWORD }).expect(401);
  });
});

describe('users, roles and invitations', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t);
  });
  afterAll(() => t.close());

  it('invites a reviewer who then chooses a password and signs in', async () => {
    const created = await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email: 'rev@example.test', name: 'Riley Reviewer', roles: ['reviewer'] })
      .expect(201);
    expect(created.body).toMatchObject({
      roles: ['reviewer'],
      passwordSet: false,
      inviteUrl: expect.stringMatching(/\/invite\/[\w-]{20,}$/),
    });
    const token = created.body.inviteUrl.split('/').pop();
    const invite = (await t.http.get(`/api/auth/invite/${token}`).expect(200)).body;
    expect(invite).toMatchObject({
      practiceName: expect.any(String),
      name: 'Riley Reviewer',
      email: 'rev@example.test',
      roles: ['reviewer'],
      expiresAt: expect.any(String),
    });
    expect(Date.parse(invite.expiresAt)).toBeGreaterThan(Date.now());
    await t.http.post('/api/auth/accept-invite').send({ token, password: 'Riley-picks-a-passphrase' }).expect(204);
    await t.http.post('/api/auth/accept-invite').send({ token, password: 'another-password' }).expect(400);
    expect((await t.http.get(`/api/auth/invite/${token}`).expect(404)).body.message).toMatch(/invalid or has expired/);
    await t.http.get('/api/auth/invite/not-a-real-token-at-all').expect(404);
    const login = await t.http
      .post('/api/auth/login')
      .send({ email: 'rev@example.test', password: 'Riley-picks-a-passphrase' })
      .expect(200);
    expect(login.body.user.roles).toEqual(['reviewer']);
  });

  it('refuses a second user with the same e-mail', async () => {
    await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email: practice.admin.email.toUpperCase(), name: 'Dup', roles: ['author'] })
      .expect(409);
  });

  it('keeps user management and settings for admins only', async () => {
    const author = await practice.user(['author']);
    const reviewer = await practice.user(['reviewer']);
    for (const caller of [author, reviewer]) {
      await t.http.get('/api/users').set(bearer(caller)).expect(403);
      await t.http
        .post('/api/users')
        .set(bearer(caller))
        .send({ email: 'x@example.test', name: 'X', roles: ['admin'] })
        .expect(403);
      await t.http
        .patch(`/api/users/${caller.id}`)
        .set(bearer(caller))
        .send({ roles: ['admin'] })
        .expect(403);
      await t.http.patch('/api/practice').set(bearer(caller)).send({ name: 'Mine now' }).expect(403);
    }
    await t.http.get('/api/practice').set(bearer(author)).expect(200);
    await t.http.get('/api/audit').set(bearer(author)).expect(403);
    await t.http.get('/api/audit').set(bearer(reviewer)).expect(200);
  });

  it('refuses invalid roles and keeps at least one admin', async () => {
    const res = await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email: 'y@example.test', name: 'Y', roles: ['owner'] })
      .expect(400);
    expect(res.body.fields.roles).toBeDefined();
    await t.http
      .patch(`/api/users/${practice.admin.id}`)
      .set(bearer(practice.admin))
      .send({ roles: ['author'] })
      .expect(403);
  });

  it('updates the practice profile that the PHI checker allowlists', async () => {
    const res = await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({
        timezone: 'America/Denver',
        profile: { phones: ['(303) 555-0100'], staff: ['Dr. Sarah Lee'], website: 'https://smiles.example.com' },
      })
      .expect(200);
    expect(res.body.profile).toMatchObject({ phones: ['(303) 555-0100'], staff: ['Dr. Sarah Lee'], addresses: [] });
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { website: 'not a url' } })
      .expect(400);
    await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ timezone: 'Mars/Olympus' }).expect(400);
  });

  it('records every change in an intact audit chain', async () => {
    const page = await t.http.get('/api/audit?pageSize=100').set(bearer(practice.admin)).expect(200);
    const actions = page.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'practice.created',
        'user.created',
        'auth.login',
        'user.invite_accepted',
        'practice.updated',
      ]),
    );
    await t.http
      .get('/api/audit/verify')
      .set(bearer(practice.admin))
      .expect(200)
      .expect((r) => expect(r.body).toMatchObject({ intact: true, breaks: [] }));
    const csv = await t.http.get('/api/audit/export.csv').set(bearer(practice.admin)).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe(
      'seq,at,actor,action,entity_type,entity_id,before_hash,after_hash,details,prev_hash,hash',
    );
    expect(csv.text.trim().split('\r\n')).toHaveLength(page.body.total + 1);
  });
});

describe('tenant isolation', () => {
  let t: TestApp;
  let a: TestPractice;
  let b: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
    a = await createPractice(t, 'Practice A');
    b = await createPractice(t, 'Practice B', 'Europe/London');
  });
  afterAll(() => t.close());

  it("answers 404 for another practice's users, for reading and for changing", async () => {
    const bUser = await b.user(['author']);
    await t.http.get(`/api/users/${bUser.id}`).set(bearer(a.admin)).expect(404);
    await t.http
      .patch(`/api/users/${bUser.id}`)
      .set(bearer(a.admin))
      .send({ roles: ['admin'] })
      .expect(404);
    await t.http.patch(`/api/users/${bUser.id}`).set(bearer(a.admin)).send({ active: false }).expect(404);
    await t.http.get('/api/users/me').set(bearer(bUser)).expect(200);
  });

  it('lists and changes only the caller’s own practice', async () => {
    const listA = await t.http.get('/api/users').set(bearer(a.admin)).expect(200);
    expect(listA.body.map((u: { id: string }) => u.id)).not.toContain(b.admin.id);
    await t.http.patch('/api/practice').set(bearer(a.admin)).send({ name: 'A renamed' }).expect(200);
    const practiceB = await t.http.get('/api/practice').set(bearer(b.admin)).expect(200);
    expect(practiceB.body.name).toBe('Practice B');
  });

  it("keeps each practice's audit log separate", async () => {
    const auditA = await t.http.get('/api/audit?pageSize=500').set(bearer(a.admin)).expect(200);
    const auditB = await t.http.get(`/api/audit?entityId=${b.admin.id}`).set(bearer(a.admin)).expect(200);
    expect(auditA.body.items.every((e: { entityId: string }) => e.entityId !== b.admin.id)).toBe(true);
    expect(auditB.body.total).toBe(0);
  });

  it('answers 400, not 404 or 500, for an id that is not a UUID', async () => {
    await t.http.get('/api/users/1%20OR%201=1').set(bearer(a.admin)).expect(400);
  });
});

describe('API conventions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('reports the run mode, database and Redis health, and says degraded while no worker is live', async () => {
    const res = await t.http.get('/api/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'degraded',
      mode: TEST_RUN_MODE,
      database: 'ok',
      redis: TEST_RUN_MODE === 'queue' ? 'ok' : 'not_used',
      workers: 0,
      failing: ['workers'],
    });
  });

  it('says ok once a worker is live', async () => {
    const worker = await startWorker(t.resources);
    try {
      await waitFor(
        async () => (await t.http.get('/api/health')).body.status === 'ok',
        10_000,
        'health ok with a worker',
      );
      expect((await t.http.get('/api/health').expect(200)).body).toMatchObject({
        status: 'ok',
        failing: [],
        workers: 1,
      });
    } finally {
      await worker.close();
    }
  });

  it('documents every endpoint in OpenAPI', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/setup',
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/accept-invite',
        '/api/users',
        '/api/users/{id}',
        '/api/users/me',
        '/api/practice',
        '/api/audit',
        '/api/audit/verify',
        '/api/audit/export.csv',
        '/api/health',
      ]),
    );
    expect(doc.body.components.schemas.SetupDto.required).toEqual(
      expect.arrayContaining(['practiceName', 'timezone', 'adminEmail']),
    );
    await t.http.get('/api/docs').redirects(1).expect(200).expect('Content-Type', /html/);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.http.get('/api/nothing-here').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });

  it('tags each response with a request id', async () => {
    const res = await t.http.get('/api/health').set('x-request-id', 'req-12345678').expect(200);
    expect(res.headers['x-request-id']).toBe('req-12345678');
  });
});
