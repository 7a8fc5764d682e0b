// X rotates refresh tokens: a worker that dies after X answered a refresh, before storing the new tokens, leaves a
// dead refresh token next to an access token that still works. That account is not broken yet: it stays connected
// and keeps publishing until its access token ends, and the practice is told precisely to reconnect before then
// (it was once flagged "reconnect" at once, and its posts stopped, after a worker was killed mid-refresh).
import { AccountsService, SocialAccount, TokenRenewal } from '@app/accounts';
import { Alert } from '@app/alerts';
import { AuditEntry } from '@app/audit';
import { HttpTransport, isPublishingError, NetworkClients, PublishingError, XOAuth } from '@app/publishing';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;

describe('a token renewal whose answer was lost', () => {
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
    practice = await createPractice(t, 'Maple Street Pediatrics');
    renewal = t.app.get(TokenRenewal);
    accounts = t.app.get(AccountsService);
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  const row = (id: string) => t.resources.dataSource.getRepository(SocialAccount).findOneByOrFail({ id });
  const openAlerts = async (key: string) =>
    (
      await t.resources.dataSource.getRepository(Alert).findBy({ practiceId: practice.practiceId, dedupeKey: key })
    ).filter((a) => a.openMarker === 'open');
  const x = () => t.app.get(NetworkClients).client('x');

  async function refusal(call: () => Promise<unknown>): Promise<PublishingError> {
    try {
      await call();
    } catch (error) {
      if (isPublishingError(error)) return error;
      throw error;
    }
    throw new Error('expected X to refuse');
  }

  it('keeps the account connected and publishing until its access token ends, and says to reconnect before then', async () => {
    const first = fakes.x.issueTestToken();
    const { id } = (
      await t.http
        .post('/api/accounts')
        .set(bearer(practice.admin))
        .send({
          network: 'x',
          accessToken: first.accessToken,
          refreshToken: first.refreshToken,
          tokenExpiresAt: new Date(Date.now() + 120 * MINUTE).toISOString(),
        })
        .expect(201)
    ).body as { id: string };

    // A worker refreshed it, X rotated the refresh token and answered, and the worker died before storing the answer.
    const oauth = new XOAuth({
      apiUrl: fakes.x.url,
      authorizeUrl: `${fakes.x.url}/i/oauth2/authorize`,
      clientId: fakes.x.clientId,
      clientSecret: fakes.x.clientSecret ?? undefined,
      redirectUri: 'https://planner.example-dental.test/cb',
      transport: new HttpTransport({ ca: fakes.caPem }),
    });
    expect((await oauth.refresh(first.refreshToken)).accessToken).toBeTruthy();

    // The next pass meets X's invalid_grant.
    const report = await renewal.refreshDue(new Date(Date.now() + 110 * MINUTE));
    expect(report).toMatchObject({ renewalRefused: 1, needsReconnect: 0, refreshed: 0 });
    expect(await row(id)).toMatchObject({ status: 'connected', refreshTokenEnc: null });
    expect(await openAlerts(`needs_reconnect:${id}`)).toEqual([]);
    const [warning] = await openAlerts(`token_expiring:${id}`);
    expect(warning).toMatchObject({ kind: 'token_expiring', severity: 'critical', link: '/accounts' });
    expect(warning.message).toMatch(/stops working on .* UTC .*X refused to renew it/);
    const audit = await t.resources.dataSource
      .getRepository(AuditEntry)
      .findBy({ practiceId: practice.practiceId, entityId: id, action: 'account.renewal_refused' });
    expect(audit).toHaveLength(1);

    // Its posts still go out with the access token it has.
    const credentials = await accounts.credentialsFor(practice.practiceId, id);
    await x().publish(credentials, { text: 'Sports physicals: book before August' });
    expect(fakes.x.posts()).toHaveLength(1);

    // When that token ends, the account asks for the reconnect.
    fakes.x.tokens.expire(first.accessToken);
    const refused = await refusal(() => x().publish(credentials, { text: 'Back-to-school shots' }));
    expect(await accounts.recordFailureAndRecover(practice.practiceId, id, refused)).toEqual({
      status: 'needs_reconnect',
      tokenRefreshed: false,
    });
    expect(await openAlerts(`needs_reconnect:${id}`)).toHaveLength(1);
  });
});
