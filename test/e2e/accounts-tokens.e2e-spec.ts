// Keeping tokens alive: refresh ahead of expiry (X's rotating refresh token), blips that must not disconnect anyone,
// revoked tokens found by the daily check (one alert), reconnecting in place, expiry warnings, publish outcomes
// recorded on the account, and rotating SECRET_KEY with the script.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AccountsService, SocialAccount, TokenRefresher, TokenRenewal, TokenVault } from '@app/accounts';
import { Alert } from '@app/alerts';
import { AuditEntry } from '@app/audit';
import { HttpTransport, NetworkClients, PublishingError, XOAuth, isPublishingError } from '@app/publishing';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const LI_ORG = '2414183';
const FB_PAGE = '100000000000101';

describe('account tokens', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let renewal: TokenRenewal;
  let accounts: AccountsService;

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
      PUBLIC_URL: 'https://planner.example-dental.test',
    });
    practice = await createPractice(t);
    renewal = t.app.get(TokenRenewal);
    accounts = t.app.get(AccountsService);
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  const row = (id: string) => t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id });
  const creds = (p: TestPractice, id: string) => accounts.credentialsFor(p.practiceId, id);
  const alertsFor = (p: TestPractice, key: string) =>
    t.resources.dataSource.getRepository(Alert).findBy({ practiceId: p.practiceId, dedupeKey: key });
  const openAlerts = async (p: TestPractice, key: string) =>
    (await alertsFor(p, key)).filter((a) => a.openMarker === 'open');
  const connect = async (p: TestPractice, body: Record<string, unknown>) =>
    (await t.http.post('/api/accounts').set(bearer(p.admin)).send(body).expect(201)).body as { id: string };
  const view = async (p: TestPractice, id: string) =>
    (await t.http.get(`/api/accounts/${id}`).set(bearer(p.admin)).expect(200)).body;

  async function failure(call: () => Promise<unknown>): Promise<PublishingError> {
    try {
      await call();
    } catch (error) {
      if (isPublishingError(error)) return error;
      throw error;
    }
    throw new Error('expected the network to refuse');
  }

  describe('X: 2-hour tokens, rotating refresh tokens', () => {
    let id: string;
    let first: { accessToken: string; refreshToken: string };

    beforeAll(async () => {
      first = fakes.x.issueTestToken();
      id = (
        await connect(practice, {
          network: 'x',
          accessToken: first.accessToken,
          refreshToken: first.refreshToken,
          tokenExpiresAt: new Date(Date.now() + 120 * MINUTE).toISOString(),
        })
      ).id;
    });

    it('is not refreshed while more than 15 minutes are left', async () => {
      await renewal.refreshDue(new Date(Date.now() + 60 * MINUTE));
      expect((await creds(practice, id)).accessToken).toBe(first.accessToken);
    });

    it('is refreshed with under 15 minutes left; the rotated refresh token is stored and the old one is refused by X', async () => {
      const report = await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
      expect(report).toMatchObject({ refreshed: 1, needsReconnect: 0, failed: 0 });
      const now = await creds(practice, id);
      expect(now.accessToken).not.toBe(first.accessToken);
      expect(now.refreshToken).not.toBe(first.refreshToken);
      expect(fakes.x.tokens.check(now.accessToken, 'access').ok).toBe(true);
      expect(fakes.x.tokens.check(now.refreshToken, 'refresh').ok).toBe(true);
      expect(Math.abs((await row(id)).tokenExpiresAt!.getTime() - (Date.now() + 7200_000))).toBeLessThan(MINUTE);

      const oauth = new XOAuth({
        apiUrl: fakes.x.url,
        authorizeUrl: `${fakes.x.url}/i/oauth2/authorize`,
        clientId: fakes.x.clientId,
        clientSecret: fakes.x.clientSecret ?? undefined,
        redirectUri: 'https://planner.example-dental.test/cb',
        transport: new HttpTransport({ ca: fakes.caPem }),
      });
      const refused = await failure(() => oauth.refresh(first.refreshToken));
      expect(refused).toMatchObject({ kind: 'auth_expired', networkCode: 'invalid_grant' });
    });

    it('a refresh answered with a 5xx keeps the account connected and is retried on the next pass (postiz PR #1822)', async () => {
      const before = await creds(practice, id);
      fakes.x.fail({ kind: 'server_error', operation: 'token' });
      const blip = await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
      expect(blip).toMatchObject({ refreshed: 0, retryLater: 1, needsReconnect: 0 });
      expect((await row(id)).status).toBe('connected');
      expect(await creds(practice, id)).toEqual(before);
      expect(await alertsFor(practice, `needs_reconnect:${id}`)).toEqual([]);

      const next = await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
      expect(next).toMatchObject({ refreshed: 1, retryLater: 0 });
      expect((await creds(practice, id)).refreshToken).not.toBe(before.refreshToken);
    });

    it('a publish refused with 401 is cured by a refresh when the refresh token still works', async () => {
      const stale = await creds(practice, id);
      fakes.x.tokens.expire(stale.accessToken);
      const refused = await failure(() =>
        t.app.get(NetworkClients).client('x').publish(stale, { text: 'Flu shots are in!' }),
      );
      expect(refused.kind).toBe('auth_expired');
      const outcome = await accounts.recordFailureAndRecover(practice.practiceId, id, refused);
      expect(outcome).toEqual({ status: 'connected', tokenRefreshed: true });
      const fresh = await creds(practice, id);
      await t.app.get(NetworkClients).client('x').publish(fresh, { text: 'Flu shots are in!' });
    });

    it('a refresh refused with invalid_grant asks for a reconnect, with one alert, when the access is refused too', async () => {
      // The person revoked the app on X: both tokens are dead (a dead refresh token alone: token-renewal-lost).
      const revoked = await creds(practice, id);
      fakes.x.tokens.revoke(revoked.refreshToken!);
      fakes.x.tokens.revoke(revoked.accessToken);
      const report = await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
      expect(report).toMatchObject({ needsReconnect: 1, refreshed: 0 });
      expect((await row(id)).status).toBe('needs_reconnect');
      await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
      const alerts = await openAlerts(practice, `needs_reconnect:${id}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'needs_reconnect',
        severity: 'critical',
        link: '/accounts',
        message: expect.stringContaining('X said: "invalid_grant'),
      });
    });
  });

  describe('revoked tokens and reconnecting', () => {
    let id: string;
    let first: { accessToken: string; refreshToken: string };

    beforeAll(async () => {
      first = fakes.linkedin.issueTestToken();
      id = (
        await connect(practice, {
          network: 'linkedin',
          accessToken: first.accessToken,
          refreshToken: first.refreshToken,
          externalAccountId: `urn:li:organization:${LI_ORG}`,
          tokenExpiresAt: new Date(Date.now() + 60 * DAY).toISOString(),
        })
      ).id;
    });

    it('the daily check marks a revoked token needs_reconnect and raises exactly one alert', async () => {
      expect((await row(id)).externalId).toBe(LI_ORG);
      fakes.linkedin.tokens.revoke(first.accessToken);
      const report = await renewal.verifyAll();
      expect(report.needsReconnect).toBe(1);
      await renewal.verifyAll();
      expect((await row(id)).status).toBe('needs_reconnect');
      const alerts = await alertsFor(practice, `needs_reconnect:${id}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].message).toMatch(
        /^LinkedIn no longer accepts this account's connection .* LinkedIn said: ".+"$/,
      );
      const account = await view(practice, id);
      expect(account).toMatchObject({
        status: 'needs_reconnect',
        health: expect.stringMatching(/^Reconnect needed: LinkedIn says ".+"\.$/),
      });
      expect(await accounts.accountsNeedingReconnect(practice.practiceId)).toEqual(
        expect.arrayContaining([expect.objectContaining({ id })]),
      );
      const audit = await t.resources.dataSource
        .getRepository(AuditEntry)
        .findBy({ practiceId: practice.practiceId, entityId: id, action: 'account.needs_reconnect' });
      expect(audit).toHaveLength(1);
      expect(audit[0].details).toMatchObject({ source: 'health_check', kind: 'auth_expired' });
    });

    it('reconnecting updates the same account, resolves the alert, and keeps the refresh token when the new grant has none (postiz PR #1884)', async () => {
      const second = fakes.linkedin.issueTestToken();
      const again = await connect(practice, {
        network: 'linkedin',
        accessToken: second.accessToken,
        externalAccountId: LI_ORG,
        refreshToken: '',
      });
      expect(again.id).toBe(id);
      expect(await view(practice, id)).toMatchObject({ status: 'connected', lastError: null, tokenExpiresAt: null });
      const now = await creds(practice, id);
      expect(now.accessToken).toBe(second.accessToken);
      expect(now.refreshToken).toBe(first.refreshToken);
      expect(await openAlerts(practice, `needs_reconnect:${id}`)).toEqual([]);
      const audit = await t.resources.dataSource
        .getRepository(AuditEntry)
        .findOneByOrFail({ practiceId: practice.practiceId, entityId: id, action: 'account.reconnected' });
      expect(audit.details).toMatchObject({ previousStatus: 'needs_reconnect', refreshToken: 'kept', via: 'token' });
    });
  });

  describe('LinkedIn: 60-day tokens', () => {
    let other: TestPractice;
    let id: string;
    beforeAll(async () => {
      other = await createPractice(t, 'Lakeside Family Medicine');
    });

    it('a token that cannot be refreshed and ends within 14 days raises one token_expiring alert (Mixpost #79)', async () => {
      const issued = fakes.linkedin.issueTestToken();
      const expires = new Date(Date.now() + 10 * DAY);
      id = (
        await connect(other, {
          network: 'linkedin',
          accessToken: issued.accessToken,
          externalAccountId: LI_ORG,
          tokenExpiresAt: expires.toISOString(),
        })
      ).id;
      expect((await view(other, id)).health).toBe(
        `Token expires in 10 days and cannot be refreshed automatically: reconnect the account before ${expires.toISOString().slice(0, 10)}.`,
      );
      await renewal.refreshDue();
      await renewal.refreshDue();
      const alerts = await openAlerts(other, `token_expiring:${id}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'token_expiring',
        severity: 'warning',
        link: '/accounts',
        message: expect.stringContaining('no refresh token was stored'),
      });
    });

    it('a token LinkedIn gave no end date, issued 50 days ago and with no refresh token, raises exactly one token_expiring alert from the renewal pass', async () => {
      // Unknown expiry is not "never expires" (peer failure: "does not expire" on a 60-day token): LinkedIn access
      // tokens live 60 days, so one issued 50 days ago stops in about 10, inside the 14-day warning.
      const clinic = await createPractice(t, 'Brookside Family Practice');
      const issued = fakes.linkedin.issueTestToken();
      const unknown = (
        await connect(clinic, { network: 'linkedin', accessToken: issued.accessToken, externalAccountId: LI_ORG })
      ).id;
      expect(await row(unknown)).toMatchObject({ tokenExpiresAt: null, refreshTokenEnc: null });
      await renewal.refreshDue();
      expect(await alertsFor(clinic, `token_expiring:${unknown}`)).toEqual([]);
      // Issued 50 days ago (the connect above stored the moment it was issued).
      const issuedAt = new Date(Date.now() - 50 * DAY);
      await t.resources.dataSource.getRepository(SocialAccount).update({ id: unknown }, { tokenIssuedAt: issuedAt });
      expect(await view(clinic, unknown)).toMatchObject({ tokenExpiry: 'usual_lifetime' });
      await renewal.refreshDue();
      await renewal.refreshDue();
      const alerts = await alertsFor(clinic, `token_expiring:${unknown}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'token_expiring',
        openMarker: 'open',
        link: '/accounts',
        details: expect.objectContaining({ expiresAt: new Date(issuedAt.getTime() + 60 * DAY).toISOString() }),
      });
    });

    it('with a refresh token it is refreshed at under 7 days left (LinkedIn keeps the refresh token) and the warning goes away', async () => {
      const issued = fakes.linkedin.issueTestToken();
      await connect(other, {
        network: 'linkedin',
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken,
        externalAccountId: LI_ORG,
        tokenExpiresAt: new Date(Date.now() + 8 * DAY).toISOString(),
      });
      expect(await openAlerts(other, `token_expiring:${id}`)).toEqual([]);
      expect((await renewal.refreshDue()).refreshed).toBe(0);
      const report = await renewal.refreshDue(new Date(Date.now() + 2 * DAY));
      expect(report.refreshed).toBe(1);
      const now = await creds(other, id);
      expect(now.accessToken).not.toBe(issued.accessToken);
      expect(now.refreshToken).toBe(issued.refreshToken);
      expect((await row(id)).tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 59 * DAY);
      expect((await row(id)).refreshTokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
    });
  });

  describe('what the scheduler reports', () => {
    let fbId: string;
    let liId: string;
    let scheduler: TestPractice;

    beforeAll(async () => {
      scheduler = await createPractice(t, 'Harbor Pediatric Dentistry');
      fbId = (
        await connect(scheduler, {
          network: 'facebook',
          accessToken: fakes.facebook.issueTestToken().accessToken,
          externalAccountId: FB_PAGE,
        })
      ).id;
      const li = fakes.linkedin.issueTestToken();
      liId = (
        await connect(scheduler, {
          network: 'linkedin',
          accessToken: li.accessToken,
          refreshToken: li.refreshToken,
          externalAccountId: LI_ORG,
        })
      ).id;
    });

    it('keeps the latest publish time', async () => {
      await accounts.recordPublishSuccess(
        [{ practiceId: scheduler.practiceId, accountId: fbId }],
        new Date('2026-11-20T10:00:00Z'),
      );
      await accounts.recordPublishSuccess(
        [{ practiceId: scheduler.practiceId, accountId: fbId }],
        new Date('2026-11-19T10:00:00Z'),
      );
      expect((await row(fbId)).lastPublishedAt!.toISOString()).toBe('2026-11-20T10:00:00.000Z');
      await accounts.recordPublishSuccess(
        [{ practiceId: practice.practiceId, accountId: fbId }],
        new Date('2026-11-25T10:00:00Z'),
      );
      expect((await row(fbId)).lastPublishedAt!.toISOString()).toBe('2026-11-20T10:00:00.000Z');
    });

    it('a temporary failure is kept as the last error and changes nothing else', async () => {
      fakes.facebook.fail({ kind: 'server_error', operation: 'publish' });
      const error = await failure(async () =>
        t.app
          .get(NetworkClients)
          .client('facebook')
          .publish(await creds(scheduler, fbId), { text: 'Open Saturday' }),
      );
      await accounts.recordFailure(scheduler.practiceId, fbId, error);
      expect(await view(scheduler, fbId)).toMatchObject({
        status: 'connected',
        lastError: error.networkMessage,
        lastErrorAt: expect.any(String),
      });
    });

    it("Facebook #190 (password changed) marks needs_reconnect with the network's words, once", async () => {
      const page = await creds(scheduler, fbId);
      fakes.facebook.tokens.revoke(page.accessToken);
      const error = await failure(() =>
        t.app.get(NetworkClients).client('facebook').publish(page, { text: 'Open Saturday' }),
      );
      expect(error.kind).toBe('auth_expired');
      await accounts.recordFailure(scheduler.practiceId, fbId, error);
      await accounts.recordFailure(scheduler.practiceId, fbId, error);
      const account = await view(scheduler, fbId);
      expect(account).toMatchObject({
        status: 'needs_reconnect',
        health: `Reconnect needed: Facebook says "${error.networkMessage}".`,
      });
      const alerts = await alertsFor(scheduler, `needs_reconnect:${fbId}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].message).toContain(error.networkMessage);
    });

    it('Facebook #200 (may not publish on this Page) asks for a reconnect too (postiz PR #1881)', async () => {
      const pageId = '100000000000102';
      const { id } = await connect(scheduler, {
        network: 'facebook',
        accessToken: fakes.facebook.issueTestToken({ pageId }).accessToken,
        externalAccountId: pageId,
      });
      fakes.facebook.fail({ kind: 'permission_denied', operation: 'publish' });
      const error = await failure(async () =>
        t.app
          .get(NetworkClients)
          .client('facebook')
          .publish(await creds(scheduler, id), { text: 'Open Saturday' }),
      );
      expect(error).toMatchObject({ kind: 'permission_denied', networkCode: expect.stringMatching(/^200/) });
      await accounts.recordFailure(scheduler.practiceId, id, error);
      expect((await row(id)).status).toBe('needs_reconnect');
      expect(await openAlerts(scheduler, `needs_reconnect:${id}`)).toHaveLength(1);
    });

    it('a retired LinkedIn version alerts the admin naming LINKEDIN_VERSION; the account stays connected', async () => {
      fakes.linkedin.fail({ kind: 'version_retired' });
      const error = await failure(async () =>
        t.app
          .get(NetworkClients)
          .client('linkedin')
          .publish(await creds(scheduler, liId), { text: 'Open Saturday' }),
      );
      expect(error.kind).toBe('version_retired');
      await accounts.recordFailure(scheduler.practiceId, liId, error);
      expect((await row(liId)).status).toBe('connected');
      const alerts = await openAlerts(scheduler, 'version_retired:linkedin');
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({
        kind: 'version_retired',
        severity: 'critical',
        message: expect.stringContaining('LINKEDIN_VERSION'),
      });
    });

    it('the worker timer runs refreshDue regularly and verifyAll once per period across workers', async () => {
      const refresher = t.app.get(TokenRefresher);
      const refreshDue = jest.spyOn(renewal, 'refreshDue');
      const verifyAll = jest.spyOn(renewal, 'verifyAll');
      try {
        refresher.start({ refreshEveryMs: 100, verifyEveryMs: 150 });
        await new Promise((resolve) => setTimeout(resolve, 700));
        refresher.stop();
        expect(refreshDue.mock.calls.length).toBeGreaterThanOrEqual(3);
        expect(verifyAll).toHaveBeenCalledTimes(1);
      } finally {
        refresher.stop();
        refreshDue.mockRestore();
        verifyAll.mockRestore();
      }
    });
  });

  describe('rotating SECRET_KEY (npm run tokens:rotate-key)', () => {
    const root = join(__dirname, '..', '..');
    const run = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        ['-r', '@swc-node/register', '-r', 'tsconfig-paths/register', 'scripts/rotate-secret-key.ts'],
        {
          cwd: root,
          encoding: 'utf8',
          timeout: 60_000,
          env: {
            PATH: process.env.PATH ?? '',
            DATABASE_URL: t.resources.config.DATABASE_URL,
            ...(t.resources.config.DATABASE_SCHEMA ? { DATABASE_SCHEMA: t.resources.config.DATABASE_SCHEMA } : {}),
            DATA_DIR: t.resources.config.DATA_DIR,
            ...env,
          },
        },
      );
    const sealedRows = async () =>
      (await t.resources.dataSource.getRepository(SocialAccount).find({ order: { id: 'ASC' } })).filter(
        (a) => a.accessTokenEnc,
      );

    it('refuses when a token does not open with the old key, and changes nothing', async () => {
      const before = await sealedRows();
      const broken = before[0];
      const stranger = new TokenVault('z'.repeat(40)).seal('some-token', broken.id);
      await t.resources.dataSource.getRepository(SocialAccount).update({ id: broken.id }, { accessTokenEnc: stranger });
      try {
        const result = run({ OLD_SECRET_KEY: t.resources.config.SECRET_KEY, NEW_SECRET_KEY: 'n'.repeat(48) });
        expect(result.status).toBe(1);
        expect(result.stderr).toContain(`account ${broken.id}: accessToken`);
        const after = await sealedRows();
        expect(after.filter((a) => a.id !== broken.id).map((a) => a.accessTokenEnc)).toEqual(
          before.filter((a) => a.id !== broken.id).map((a) => a.accessTokenEnc),
        );
      } finally {
        await t.resources.dataSource
          .getRepository(SocialAccount)
          .update({ id: broken.id }, { accessTokenEnc: broken.accessTokenEnc });
      }
    });

    it('re-encrypts every token in one go, prints no token, and refuses to run twice', async () => {
      const oldKey = t.resources.config.SECRET_KEY;
      const newKey = 'k'.repeat(48);
      const before = await sealedRows();
      const oldVault = new TokenVault(oldKey);
      const plaintext = before.map((a) => oldVault.open(a.accessTokenEnc!, a.id));
      const tokens = before.reduce((n, a) => n + (a.accessTokenEnc ? 1 : 0) + (a.refreshTokenEnc ? 1 : 0), 0);

      const result = run({ OLD_SECRET_KEY: oldKey, NEW_SECRET_KEY: newKey });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`Re-encrypted ${tokens} token(s) of ${before.length} social account(s)`);
      for (const token of plaintext) expect(result.stdout).not.toContain(token);

      const newVault = new TokenVault(newKey);
      const after = await sealedRows();
      expect(after.map((a) => newVault.open(a.accessTokenEnc!, a.id))).toEqual(plaintext);
      expect(() => oldVault.open(after[0].accessTokenEnc!, after[0].id)).toThrow();

      const twice = run({ OLD_SECRET_KEY: oldKey, NEW_SECRET_KEY: newKey });
      expect(twice.status).toBe(1);
      expect(twice.stderr).toMatch(/already open with NEW_SECRET_KEY/);

      // Back to the key the running app holds.
      expect(run({ OLD_SECRET_KEY: newKey, NEW_SECRET_KEY: oldKey }).status).toBe(0);
      const mine = (await sealedRows()).find((a) => a.practiceId === practice.practiceId)!;
      expect((await creds(practice, mine.id)).accessToken).toBeTruthy();
    });
  });
});
