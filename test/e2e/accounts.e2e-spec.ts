// Connecting social accounts over HTTP: OAuth against the HTTPS fakes (Facebook Page picker, LinkedIn, X with PKCE),
// tokens entered by hand (verified first), and where tokens must never show up: rows, the SQLite file, responses, logs.
import * as fs from 'node:fs';
import { AccountsService, SocialAccount } from '@app/accounts';
import { AuditEntry } from '@app/audit';
import { sqlitePathOf } from '@app/core';
import { FacebookClient, HttpTransport } from '@app/publishing';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://planner.example-dental.test';
const FB_USER = '10000000000001';
const PAGES = {
  main: { id: '200000000000201', name: 'Bright Smiles Dental' },
  kids: { id: '200000000000202', name: 'Bright Smiles Kids' },
  reviews: { id: '200000000000203', name: 'Bright Smiles Reviews' },
};
const X_USER = '1600000000000000001';
const LI_ORG = '2414183';

/**
 * Every log line the app writes. pino writes to process.stdout here (a socket); when it is given a file descriptor it
 * uses fs.write through sonic-boom instead, so both are captured.
 */
function captureLogs(): { text(): string; restore(): void } {
  // The module object itself (an `import * as` namespace is a copy, and spying on a copy catches nothing).
  const realFs: typeof import('node:fs') = require('node:fs');
  const chunks: string[] = [];
  const text = (data: unknown) =>
    Buffer.isBuffer(data) || data instanceof Uint8Array ? Buffer.from(data).toString('utf8') : String(data);
  const size = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).length);
  const streamWrite = (chunk: unknown, ...rest: unknown[]) => {
    chunks.push(text(chunk));
    const callback = rest[rest.length - 1];
    if (typeof callback === 'function') process.nextTick(callback as () => void);
    return true;
  };
  const spies: Array<{ mockRestore(): void }> = [
    jest.spyOn(process.stdout, 'write').mockImplementation(streamWrite as typeof process.stdout.write),
    jest.spyOn(process.stderr, 'write').mockImplementation(streamWrite as typeof process.stderr.write),
  ];
  const write = realFs.write;
  const writeSync = realFs.writeSync;
  spies.push(
    jest.spyOn(realFs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1 && fd !== 2) return (write as (...args: unknown[]) => void)(fd, data, ...rest);
      chunks.push(text(data));
      const callback = rest[rest.length - 1];
      if (typeof callback === 'function') process.nextTick(callback as (...args: unknown[]) => void, null, size(data));
    }) as unknown as typeof realFs.write),
    jest.spyOn(realFs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1 && fd !== 2) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest);
      chunks.push(text(data));
      return size(data);
    }) as unknown as typeof realFs.writeSync),
  );
  return { text: () => chunks.join(''), restore: () => spies.forEach((spy) => spy.mockRestore()) };
}

/** Every access/refresh token a fake has issued (user tokens included: those must never be stored either). */
function issuedTokens(fakes: RunningFakes): string[] {
  const values: string[] = [];
  for (const fake of [fakes.facebook, fakes.linkedin, fakes.x]) {
    const store = (fake.tokens as unknown as { tokens: Map<string, { type: string; value: string }> }).tokens;
    for (const record of store.values()) if (record.type !== 'code') values.push(record.value);
  }
  return values;
}

describe('social accounts', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let logs: ReturnType<typeof captureLogs>;
  let practice: TestPractice;
  let admin: TestUser;
  let author: TestUser;
  let transport: HttpTransport;
  /** Everything the API answered, to prove no token ever left it. */
  const answered: string[] = [];

  beforeAll(async () => {
    logs = captureLogs();
    fakes = await startFakes({
      facebook: {
        pages: [
          { ...PAGES.main, roles: { [FB_USER]: ['ANALYZE', 'CREATE_CONTENT', 'MANAGE'] } },
          { ...PAGES.kids, roles: { [FB_USER]: ['CREATE_CONTENT', 'MODERATE'] } },
          { ...PAGES.reviews, roles: { [FB_USER]: ['ANALYZE'] } },
        ],
      },
    });
    transport = new HttpTransport({ ca: fakes.caPem, timeoutMs: 5000 });
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL, LOG_LEVEL: 'debug' });
    practice = await createPractice(t);
    admin = practice.admin;
    author = await practice.user(['author']);
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
    logs?.restore();
  });

  const seen = <T extends { body: unknown; headers: Record<string, unknown> }>(res: T): T => {
    answered.push(JSON.stringify(res.body ?? ''), JSON.stringify(res.headers));
    return res;
  };
  const accountRow = (id: string) => t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id });
  const credentials = async (id: string) => t.app.get(AccountsService).credentialsFor(practice.practiceId, id);
  const countAccounts = () =>
    t.resources.dataSource.getRepository(SocialAccount).countBy({ practiceId: practice.practiceId });

  /** GET /connect/:network, then the fake's authorize page (it redirects straight back), as a browser would. */
  async function startOAuth(network: string, user: TestUser = admin) {
    const start = seen(await t.http.get(`/api/accounts/connect/${network}`).set(bearer(user)).expect(302));
    const cookie = ([] as string[])
      .concat(start.headers['set-cookie'] ?? [])
      .find((c) => c.startsWith(`planner_oauth_${network}=`))!
      .split(';')[0];
    const authorize = new URL(start.headers.location);
    const answer = await transport.request({ method: 'GET', url: authorize.toString() });
    expect(answer.status).toBe(302);
    const back = new URL(answer.headers.location);
    return { authorize, back, cookie };
  }

  async function connectOAuth(network: string) {
    const { back, cookie } = await startOAuth(network);
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/accounts/connect/${network}/callback`);
    return seen(await t.http.get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(302));
  }

  describe('OAuth', () => {
    it('Facebook with two publishable Pages: the person picks, and the Page token (never the user token) is stored', async () => {
      const done = await connectOAuth('facebook');
      const location = new URL(done.headers.location, PUBLIC_URL);
      expect(location.pathname).toBe('/accounts');
      const pick = location.searchParams.get('pick')!;
      expect(pick).toBeTruthy();
      expect(location.searchParams.get('network')).toBe('facebook');
      expect(await countAccounts()).toBe(0);

      const choices = seen(
        await t.http.get('/api/accounts/connect/facebook/pages').query({ pick }).set(bearer(admin)).expect(200),
      );
      // Only Pages with CREATE_CONTENT are offered.
      expect(choices.body.pages).toEqual([
        { id: PAGES.main.id, name: PAGES.main.name, handle: null },
        { id: PAGES.kids.id, name: PAGES.kids.name, handle: null },
      ]);
      const refused = await t.http
        .post('/api/accounts/connect/facebook/pages')
        .set(bearer(admin))
        .send({ pick, pageIds: [PAGES.reviews.id] })
        .expect(400);
      expect(refused.body.message).toContain(PAGES.reviews.id);

      const chosen = seen(
        await t.http
          .post('/api/accounts/connect/facebook/pages')
          .set(bearer(admin))
          .send({ pick, pageIds: [PAGES.kids.id] })
          .expect(201),
      );
      expect(chosen.body).toEqual([
        expect.objectContaining({
          network: 'facebook',
          externalId: PAGES.kids.id,
          name: PAGES.kids.name,
          status: 'connected',
          tokenExpiresAt: null,
        }),
      ]);
      const id = chosen.body[0].id as string;

      const creds = await credentials(id);
      const record = fakes.facebook.tokens.get(creds.accessToken)!;
      expect(record.data).toMatchObject({ kind: 'page', pageId: PAGES.kids.id });
      // Publishing with what was stored lands on the Page.
      const client = new FacebookClient({ graphUrl: fakes.facebook.url, transport });
      const post = await client.publish(creds, { text: 'Kids brush for two minutes!' });
      expect(post.externalId.startsWith(`${PAGES.kids.id}_`)).toBe(true);

      // The pick was single use.
      await t.http.get('/api/accounts/connect/facebook/pages').query({ pick }).set(bearer(admin)).expect(404);
    });

    it('Facebook with one publishable Page connects it directly', async () => {
      const kids = fakes.facebook.pages.get(PAGES.kids.id)!;
      kids.roles[FB_USER] = ['ANALYZE'];
      try {
        const done = await connectOAuth('facebook');
        const id = new URL(done.headers.location, PUBLIC_URL).searchParams.get('connected')!;
        const account = seen(await t.http.get(`/api/accounts/${id}`).set(bearer(author)).expect(200)).body;
        expect(account).toMatchObject({
          network: 'facebook',
          externalId: PAGES.main.id,
          name: PAGES.main.name,
          status: 'connected',
        });
        expect(fakes.facebook.tokens.get((await credentials(id)).accessToken)!.data).toMatchObject({
          kind: 'page',
          pageId: PAGES.main.id,
        });
      } finally {
        kids.roles[FB_USER] = ['CREATE_CONTENT', 'MODERATE'];
      }
    });

    it('LinkedIn connects the one organization the member administers, with its refresh token and expiry', async () => {
      const done = await connectOAuth('linkedin');
      const id = new URL(done.headers.location, PUBLIC_URL).searchParams.get('connected')!;
      const account = seen(await t.http.get(`/api/accounts/${id}`).set(bearer(admin)).expect(200)).body;
      expect(account).toMatchObject({
        network: 'linkedin',
        externalId: LI_ORG,
        name: 'Smile Dental Group',
        status: 'connected',
        refreshesAutomatically: true,
      });
      expect(Date.parse(account.tokenExpiresAt) - Date.now()).toBeGreaterThan(59 * 86_400_000);
      expect(account.health).toMatch(
        /^Token expires in 60 days; it will be refreshed automatically until \d{4}-\d{2}-\d{2}, then it must be reconnected\.$/,
      );
      const creds = await credentials(id);
      expect(fakes.linkedin.tokens.check(creds.accessToken, 'access').ok).toBe(true);
      expect(fakes.linkedin.tokens.check(creds.refreshToken, 'refresh').ok).toBe(true);
    });

    it('LinkedIn with several administered pages goes through the picker too', async () => {
      const other = fakes.linkedin.organizations.get('5550001')!;
      other.admins.push(fakes.linkedin.loginAs);
      try {
        const done = await connectOAuth('linkedin');
        const location = new URL(done.headers.location, PUBLIC_URL);
        expect(location.searchParams.get('network')).toBe('linkedin');
        const pick = location.searchParams.get('pick')!;
        const choices = (
          await t.http.get('/api/accounts/connect/linkedin/pages').query({ pick }).set(bearer(admin)).expect(200)
        ).body;
        expect(choices.pages.map((p: { id: string }) => p.id).sort()).toEqual([LI_ORG, '5550001']);
        const chosen = seen(
          await t.http
            .post('/api/accounts/connect/linkedin/pages')
            .set(bearer(admin))
            .send({ pick, pageIds: ['5550001'] })
            .expect(201),
        ).body;
        expect(chosen).toEqual([
          expect.objectContaining({ externalId: '5550001', name: 'Another Clinic', status: 'connected' }),
        ]);
      } finally {
        other.admins.pop();
      }
    });

    it('X uses PKCE and verifies through /2/users/me: external id and @handle', async () => {
      const { authorize, back, cookie } = await startOAuth('x');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      const done = seen(await t.http.get(`${back.pathname}${back.search}`).set('Cookie', cookie).expect(302));
      const id = new URL(done.headers.location, PUBLIC_URL).searchParams.get('connected')!;
      const account = seen(await t.http.get(`/api/accounts/${id}`).set(bearer(admin)).expect(200)).body;
      expect(account).toMatchObject({
        network: 'x',
        externalId: X_USER,
        handle: '@smiledentalstudio',
        status: 'connected',
        refreshesAutomatically: true,
      });
      expect(account.health).toBe('Token expires in 2 hours; it will be refreshed automatically.');
      const creds = await credentials(id);
      expect(fakes.x.tokens.check(creds.refreshToken, 'refresh').ok).toBe(true);
    });

    it('refuses a reused, unknown or foreign state, and a sign-in finished in another browser', async () => {
      const { back, cookie } = await startOAuth('x');
      const path = `${back.pathname}${back.search}`;
      await t.http.get(path).set('Cookie', cookie).expect(302);
      const reused = await t.http.get(path).set('Cookie', cookie).expect(400);
      expect(reused.body.message).toMatch(/expired or was already used/);

      const unknown = await t.http
        .get('/api/accounts/connect/x/callback')
        .query({ state: 'a'.repeat(32), code: 'abc' })
        .expect(400);
      expect(unknown.body).toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/expired or was already used/),
      });
      const page = await t.http
        .get('/api/accounts/connect/x/callback')
        .query({ state: 'b'.repeat(32), code: 'abc' })
        .set('Accept', 'text/html')
        .expect(400);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('expired or was already used');

      const other = await startOAuth('x');
      const noCookie = await t.http.get(`${other.back.pathname}${other.back.search}`).expect(400);
      expect(noCookie.body.message).toMatch(/started in another browser/);
      // ...and it cannot be retried with the cookie either: the state was used up.
      await t.http.get(`${other.back.pathname}${other.back.search}`).set('Cookie', other.cookie).expect(400);

      const wrongNetwork = await startOAuth('linkedin');
      const moved = await t.http
        .get('/api/accounts/connect/x/callback')
        .query(Object.fromEntries(wrongNetwork.back.searchParams))
        .set('Cookie', wrongNetwork.cookie.replace('planner_oauth_linkedin', 'planner_oauth_x'))
        .expect(400);
      expect(moved.body.message).toMatch(/started for LinkedIn/);
    });

    it('says clearly when the person declined at the network, and stores nothing', async () => {
      const before = await countAccounts();
      const { authorize, cookie } = await startOAuth('linkedin');
      const state = authorize.searchParams.get('state')!;
      const res = await t.http
        .get('/api/accounts/connect/linkedin/callback')
        .query({ state, error: 'user_cancelled_authorize', error_description: 'The user cancelled the authorization' })
        .set('Cookie', cookie)
        .expect(400);
      expect(res.body.message).toMatch(
        /LinkedIn did not connect the account because access was not granted \(The user cancelled the authorization\)/,
      );
      expect(await countAccounts()).toBe(before);
    });

    it('only admins start a connection', async () => {
      await t.http.get('/api/accounts/connect/facebook').set(bearer(author)).expect(403);
      await t.http.get('/api/accounts/connect/myspace').set(bearer(admin)).expect(400);
    });
  });

  describe('tokens entered by hand', () => {
    it('X: verified with /2/users/me before storing; the id and @handle come from X', async () => {
      const issued = fakes.x.issueTestToken();
      const res = seen(
        await t.http
          .post('/api/accounts')
          .set(bearer(admin))
          .send({ network: 'x', accessToken: issued.accessToken, refreshToken: issued.refreshToken })
          .expect(201),
      );
      expect(res.body).toMatchObject({
        network: 'x',
        externalId: X_USER,
        handle: '@smiledentalstudio',
        status: 'connected',
      });
      // Same account as the OAuth one: reconnected in place, not duplicated.
      expect(
        await t.resources.dataSource
          .getRepository(SocialAccount)
          .countBy({ practiceId: practice.practiceId, network: 'x' }),
      ).toBe(1);
    });

    it("a token that does not verify is a 400 with the network's words, and nothing is stored", async () => {
      const before = await countAccounts();
      const bogus = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'x', accessToken: 'X2A-not-a-real-token' })
        .expect(400);
      expect(bogus.body.message).toMatch(
        /^X did not accept this connection, so nothing was stored\. X said: Unauthorized/,
      );

      // A Facebook *user* token for a Page id: the postiz #1881 mistake, refused loudly.
      const user = fakes.facebook.issueTestToken({ kind: 'user' });
      const userToken = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'facebook', accessToken: user.accessToken, externalAccountId: PAGES.reviews.id })
        .expect(400);
      expect(userToken.body.message).toMatch(/store the Page token/);

      const revoked = fakes.linkedin.issueTestToken();
      fakes.linkedin.tokens.revoke(revoked.accessToken);
      const li = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'linkedin', accessToken: revoked.accessToken, externalAccountId: LI_ORG })
        .expect(400);
      expect(li.body.message).toMatch(/^LinkedIn did not accept this connection/);

      const missingId = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'facebook', accessToken: 'EAAP123' })
        .expect(400);
      expect(missingId.body.message).toMatch(/externalAccountId is required for Facebook/);
      expect(await countAccounts()).toBe(before);
    });

    it('Facebook Page token with a known expiry', async () => {
      const page = fakes.facebook.issueTestToken({ pageId: PAGES.reviews.id });
      const expires = new Date(Date.now() + 30 * 86_400_000).toISOString();
      const res = seen(
        await t.http
          .post('/api/accounts')
          .set(bearer(admin))
          .send({
            network: 'facebook',
            accessToken: page.accessToken,
            externalAccountId: PAGES.reviews.id,
            tokenExpiresAt: expires,
            name: 'Reviews page',
          })
          .expect(201),
      );
      expect(res.body).toMatchObject({
        externalId: PAGES.reviews.id,
        name: 'Reviews page',
        tokenExpiresAt: expires,
        health: 'Token expires in 30 days; it will be refreshed automatically.',
      });
    });

    it('validates the body and needs the admin role', async () => {
      await t.http
        .post('/api/accounts')
        .set(bearer(author))
        .send({ network: 'x', accessToken: 'whatever' })
        .expect(403);
      const res = await t.http
        .post('/api/accounts')
        .set(bearer(admin))
        .send({ network: 'myspace', accessToken: '', extra: 1 })
        .expect(400);
      expect(res.body.fields).toMatchObject({
        network: expect.any(Array),
        accessToken: expect.any(Array),
        extra: ['property extra should not exist'],
      });
    });
  });

  describe('settings, disconnect and tenant isolation', () => {
    let accountId: string;
    beforeAll(async () => {
      accountId = (await t.http.get('/api/accounts').set(bearer(admin)).expect(200)).body.find(
        (a: { externalId: string }) => a.externalId === LI_ORG,
      ).id;
    });

    it('lists accounts for every role, with health and no token fields', async () => {
      const reviewer = await practice.user(['reviewer']);
      const list = seen(await t.http.get('/api/accounts').set(bearer(reviewer)).expect(200)).body as Array<
        Record<string, unknown>
      >;
      expect(list.length).toBeGreaterThanOrEqual(4);
      for (const account of list) {
        expect(Object.keys(account).sort()).toEqual([
          'cadence',
          'createdAt',
          'evergreenFill',
          'externalId',
          'failedPosts',
          'handle',
          'health',
          'id',
          'lastError',
          'lastErrorAt',
          'lastPublishedAt',
          'name',
          'network',
          'pictureUrl',
          'reconnectBy',
          'refreshesAutomatically',
          'scheduledPosts',
          'status',
          'tokenExpiresAt',
          'tokenExpiry',
          'updatedAt',
        ]);
      }
    });

    it('updates name, cadence and evergreen fill (admin only), validating the cadence, and audits it', async () => {
      const cadence = { minPostsPerWeek: 3, maxGapDays: 4, windows: [{ days: [5, 1, 2], from: '08:00', to: '17:30' }] };
      const res = seen(
        await t.http
          .patch(`/api/accounts/${accountId}`)
          .set(bearer(admin))
          .send({ name: 'Smile Dental (LinkedIn)', cadence, evergreenFill: true })
          .expect(200),
      );
      expect(res.body).toMatchObject({
        name: 'Smile Dental (LinkedIn)',
        evergreenFill: true,
        cadence: { minPostsPerWeek: 3, maxGapDays: 4, windows: [{ days: [1, 2, 5], from: '08:00', to: '17:30' }] },
      });
      await t.http.patch(`/api/accounts/${accountId}`).set(bearer(author)).send({ evergreenFill: false }).expect(403);
      const bad = await t.http
        .patch(`/api/accounts/${accountId}`)
        .set(bearer(admin))
        .send({ cadence: { minPostsPerWeek: -1, maxGapDays: 4, windows: [{ days: [8], from: '8am', to: '17:00' }] } })
        .expect(400);
      expect(Object.keys(bad.body.fields)).toEqual(
        expect.arrayContaining(['cadence.minPostsPerWeek', 'cadence.windows.0.days', 'cadence.windows.0.from']),
      );
      const backwards = await t.http
        .patch(`/api/accounts/${accountId}`)
        .set(bearer(admin))
        .send({ cadence: { ...cadence, windows: [{ days: [1], from: '18:00', to: '09:00' }] } })
        .expect(400);
      expect(backwards.body.message).toMatch(/must end after it starts/);
      const cleared = await t.http
        .patch(`/api/accounts/${accountId}`)
        .set(bearer(admin))
        .send({ cadence: null })
        .expect(200);
      expect(cleared.body.cadence).toBeNull();
      const audit = await t.resources.dataSource
        .getRepository(AuditEntry)
        .findBy({ practiceId: practice.practiceId, entityId: accountId });
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['account.connected', 'account.updated']));
    });

    it('another practice sees none of it: 404 on every endpoint', async () => {
      const other = await createPractice(t, 'Other Clinic');
      expect((await t.http.get('/api/accounts').set(bearer(other.admin)).expect(200)).body).toEqual([]);
      await t.http.get(`/api/accounts/${accountId}`).set(bearer(other.admin)).expect(404);
      await t.http
        .patch(`/api/accounts/${accountId}`)
        .set(bearer(other.admin))
        .send({ evergreenFill: false })
        .expect(404);
      await t.http.delete(`/api/accounts/${accountId}`).set(bearer(other.admin)).expect(404);

      // A pick made in this practice is not visible from the other one.
      const done = await connectOAuth('facebook');
      const pick = new URL(done.headers.location, PUBLIC_URL).searchParams.get('pick')!;
      await t.http.get('/api/accounts/connect/facebook/pages').query({ pick }).set(bearer(other.admin)).expect(404);
      await t.http
        .post('/api/accounts/connect/facebook/pages')
        .set(bearer(other.admin))
        .send({ pick, pageIds: [PAGES.main.id] })
        .expect(404);
      await t.http.get('/api/accounts/connect/facebook/pages').query({ pick }).set(bearer(admin)).expect(200);
      expect((await t.http.get(`/api/accounts/${accountId}`).set(bearer(admin)).expect(200)).body).toMatchObject({
        evergreenFill: true,
        status: 'connected',
      });
    });

    it('disconnect wipes the tokens; posts scheduled to it stay, flagged, with one alert saying how many', async () => {
      const reviewer = await practice.user(['reviewer']);
      const post = (
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({ baseText: 'Open late on Thursdays', targetAccountIds: [accountId], scheduledFor: '2031-03-06T09:00' })
          .expect(201)
      ).body;
      await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
      const review = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer))).body;
      await t.http
        .post(`/api/posts/${post.id}/approve`)
        .set(bearer(reviewer))
        .send({ contentHash: review.contentHash })
        .expect(200);
      expect((await t.http.get(`/api/accounts/${accountId}`).set(bearer(admin))).body.scheduledPosts).toBe(1);

      await t.http.delete(`/api/accounts/${accountId}`).set(bearer(author)).expect(403);
      const res = seen(await t.http.delete(`/api/accounts/${accountId}`).set(bearer(admin)).expect(200));
      expect(res.body).toMatchObject({
        status: 'disconnected',
        tokenExpiresAt: null,
        scheduledPosts: 1,
        health: expect.stringMatching(/^Disconnected: .* 1 scheduled post is waiting for it\.$/),
      });
      const row = await accountRow(accountId);
      expect([row.accessTokenEnc, row.refreshTokenEnc]).toEqual([null, null]);
      expect((await t.http.get(`/api/posts/${post.id}`).set(bearer(admin)).expect(200)).body.status).toBe('scheduled');
      const alerts = (await t.http.get('/api/alerts').set(bearer(admin))).body.filter(
        (a: { kind: string; message: string }) => a.kind === 'publish_stopped',
      );
      expect(alerts).toHaveLength(1);
      expect(alerts[0].title).toMatch(/^1 scheduled post cannot go out to Smile Dental \(LinkedIn\) on LinkedIn$/);
      const flagged = await t.app.get(AccountsService).accountsNeedingReconnect(practice.practiceId);
      expect(flagged.map((a) => a.id)).toContain(accountId);
      const audit = await t.resources.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ practiceId: practice.practiceId, entityId: accountId, action: 'account.disconnected' });
      expect(audit.details).toMatchObject({ scheduledPosts: 1 });

      // Reconnecting brings back the same account, and the alert about its posts goes away.
      const issued = fakes.linkedin.issueTestToken();
      const back = seen(
        await t.http
          .post('/api/accounts')
          .set(bearer(admin))
          .send({
            network: 'linkedin',
            accessToken: issued.accessToken,
            refreshToken: issued.refreshToken,
            externalAccountId: LI_ORG,
          })
          .expect(201),
      );
      expect(back.body).toMatchObject({
        id: accountId,
        status: 'connected',
        name: 'Smile Dental (LinkedIn)',
        scheduledPosts: 1,
        cadence: null,
        evergreenFill: true,
      });
      const open = (await t.http.get('/api/alerts').query({ open: 'true' }).set(bearer(admin))).body.filter(
        (a: { kind: string }) => a.kind === 'publish_stopped',
      );
      expect(open).toEqual([]);
    });
  });

  describe('not configured', () => {
    it('says which settings a network needs when its OAuth app is missing', async () => {
      const bare = await startTestApp({ PUBLIC_URL });
      try {
        const someone = await createPractice(bare);
        for (const [network, setting] of [
          ['facebook', 'FACEBOOK_APP_ID'],
          ['linkedin', 'LINKEDIN_CLIENT_ID'],
          ['x', 'X_CLIENT_ID'],
        ]) {
          const res = await bare.http.get(`/api/accounts/connect/${network}`).set(bearer(someone.admin)).expect(400);
          expect(res.body.message).toContain(setting);
        }
      } finally {
        await bare.close();
      }
    });
  });

  describe('where tokens must never appear', () => {
    let tokens: string[];
    beforeAll(() => {
      tokens = issuedTokens(fakes);
      expect(tokens.length).toBeGreaterThan(10);
    });
    const leaks = (text: string) => tokens.filter((token) => text.includes(token));

    it('not in the social_accounts rows (every column, read raw)', async () => {
      const rows = await t.resources.dataSource.query('SELECT * FROM social_accounts');
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(leaks(JSON.stringify(rows))).toEqual([]);
      for (const row of rows as Array<{ accessTokenEnc: string | null }>)
        if (row.accessTokenEnc) expect(row.accessTokenEnc).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('not in the SQLite database file', async () => {
      if (t.kind !== 'sqlite') return;
      const path = sqlitePathOf(t.resources.config.DATABASE_URL);
      await t.resources.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
      const bytes = [path, `${path}-wal`]
        .filter((p) => fs.existsSync(p))
        .map((p) => fs.readFileSync(p).toString('latin1'))
        .join('');
      expect(bytes.length).toBeGreaterThan(10_000);
      expect(leaks(bytes)).toEqual([]);
    });

    it('not in any API answer', async () => {
      const list = seen(await t.http.get('/api/accounts').set(bearer(admin)).expect(200));
      for (const account of list.body as Array<{ id: string }>)
        seen(await t.http.get(`/api/accounts/${account.id}`).set(bearer(admin)).expect(200));
      seen(await t.http.get('/api/audit').set(bearer(admin)));
      seen(await t.http.get('/api/alerts').set(bearer(admin)));
      expect(answered.length).toBeGreaterThan(20);
      expect(leaks(answered.join('\n'))).toEqual([]);
    });

    it('not in the logs (LOG_LEVEL=debug)', async () => {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const text = logs.text();
      expect(text).toContain('/api/accounts');
      expect(leaks(text)).toEqual([]);
    });
  });
});
