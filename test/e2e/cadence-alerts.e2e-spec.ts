// Keeping accounts active (cadence gaps, evergreen fill inside posting windows) and alert delivery by
// e-mail to a real local SMTP server and by a signed webhook.
import { INestApplicationContext } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { DateTime } from 'luxon';
import { SMTPServer } from 'smtp-server';
import { Alert, AlertDelivery, verifyWebhookSignature } from '@app/alerts';
import { SocialAccount } from '@app/accounts';
import { Post, PostTarget, TemplateLibrary } from '@app/posts';
import { CadenceGuard, startWorker } from '@app/scheduler';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { connectFakeAccounts, FakeAccounts } from '../support/fake-accounts';
import { freePort, waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

jest.setTimeout(60_000);
const ZONE = 'America/Chicago';

describe('cadence, evergreen fill and alert delivery', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let worker: INestApplicationContext;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;
  let smtp: SMTPServer;
  const mails: Array<{ to: string[]; data: string }> = [];
  let webhook: Server;
  const hooks: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];

  beforeAll(async () => {
    fakes = await startFakes();
    const smtpPort = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        // Undo quoted-printable soft line breaks so assertions can read whole lines.
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            data: data.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(smtpPort, '127.0.0.1', resolve));
    const hookPort = await freePort();
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(hookPort, '127.0.0.1', resolve));
    t = await startTestApp({
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Planner <alerts@planner.test>',
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/hooks/planner`,
      ALERT_WEBHOOK_SECRET: 'webhook-secret-for-tests',
    });
    worker = await startWorker(t.resources);
    practice = await createPractice(t, 'Prairie Family Medicine', ZONE);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = await connectFakeAccounts(t, fakes, practice.practiceId);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
    await fakes.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
  });

  const cadence = {
    minPostsPerWeek: 2,
    maxGapDays: 3,
    windows: [{ days: [1, 2, 3, 4, 5], from: '09:30', to: '16:00' }],
  };
  const accountsRepo = () => t.resources.dataSource.getRepository(SocialAccount);

  it('raises one cadence_gap alert per gap, and not again on the next check', async () => {
    await accountsRepo().update({ id: accounts.linkedin.id }, { cadence, evergreenFill: false });
    const guard = worker.get(CadenceGuard);
    const first = await guard.run(practice.practiceId);
    expect(first.gaps).toBeGreaterThan(0);
    const alerts = await t.resources.dataSource
      .getRepository(Alert)
      .findBy({ practiceId: practice.practiceId, kind: 'cadence_gap' });
    expect(alerts.length).toBe(first.gaps);
    expect(alerts[0].message).toMatch(/cadence|No post/);
    await guard.run(practice.practiceId);
    expect(
      await t.resources.dataSource
        .getRepository(Alert)
        .countBy({ practiceId: practice.practiceId, kind: 'cadence_gap' }),
    ).toBe(alerts.length);
    // The cause ends (here the cadence is relaxed so nothing is missing): the next check closes the alerts.
    await accountsRepo().update(
      { id: accounts.linkedin.id },
      { cadence: { ...cadence, minPostsPerWeek: 0, maxGapDays: 365 } },
    );
    await guard.run(practice.practiceId);
    const after = await t.resources.dataSource
      .getRepository(Alert)
      .findBy({ practiceId: practice.practiceId, kind: 'cadence_gap' });
    expect(after.filter((a) => a.openMarker === 'open')).toEqual([]);
    expect(after.every((a) => a.resolvedAt !== null)).toBe(true);
    await accountsRepo().update({ id: accounts.linkedin.id }, { cadence: null });
  });

  it('fills a gap with an approved evergreen post for that account, inside a posting window, carrying its approval', async () => {
    const library = t.app.get(TemplateLibrary);
    const evergreen = library.templates.find(
      (tpl) => tpl.kind === 'evergreen' && !tpl.requiredVars?.length && !tpl.body.includes('practice.'),
    )!;
    const source = (
      await t.http
        .post(`/api/templates/${evergreen.key}/draft`)
        .set(bearer(author))
        .send({ targetAccountIds: [accounts.x.id] })
        .expect(201)
    ).body;
    const otherAccountOnly = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: 'Evergreen for Facebook only',
          tags: ['evergreen'],
          targetAccountIds: [accounts.facebook.id],
        })
        .expect(201)
    ).body;
    for (const id of [source.id, otherAccountOnly.id]) {
      await t.http.post(`/api/posts/${id}/submit`).set(bearer(author)).expect(200);
      const seen = (await t.http.get(`/api/posts/${id}`).set(bearer(reviewer))).body;
      expect(
        (
          await t.http
            .post(`/api/posts/${id}/approve`)
            .set(bearer(reviewer))
            .send({ contentHash: seen.contentHash })
            .expect(200)
        ).body.status,
      ).toBe('approved');
    }
    await accountsRepo().update({ id: accounts.x.id }, { cadence, evergreenFill: true });
    const report = await worker.get(CadenceGuard).run(practice.practiceId);
    expect(report.filled).toBeGreaterThanOrEqual(1);

    const fills = await t.resources.dataSource
      .getRepository(Post)
      .findBy({ practiceId: practice.practiceId, origin: 'evergreen_fill' });
    expect(fills.length).toBe(report.filled);
    for (const fill of fills) {
      expect(fill).toMatchObject({ status: 'scheduled', baseText: source.baseText });
      const local = DateTime.fromJSDate(fill.scheduledAt!).setZone(ZONE);
      expect(local.toFormat('HH:mm')).toBe('09:30');
      expect(local.weekday).toBeLessThanOrEqual(5);
      const [target] = await t.resources.dataSource.getRepository(PostTarget).findBy({ postId: fill.id });
      expect(target).toMatchObject({ accountId: accounts.x.id, status: 'scheduled' });
    }
    // The carried approval really covers the content: publishing the fill now passes every publish-time check.
    const published = (await t.http.post(`/api/posts/${fills[0].id}/publish-now`).set(bearer(reviewer)).expect(200))
      .body;
    expect(published.targets[0]).toMatchObject({ status: 'published', externalId: expect.any(String) });
    const audit = (await t.http.get('/api/audit?action=post.evergreen_filled').set(bearer(practice.admin)).expect(200))
      .body.items;
    expect(audit).toHaveLength(fills.length);
    expect(audit[0].details).toMatchObject({ accountId: accounts.x.id, sourcePostId: source.id });
    // The same content is not run again on that account soon after.
    const again = await worker.get(CadenceGuard).run(practice.practiceId);
    expect(again.filled).toBe(0);
    await accountsRepo().update({ id: accounts.x.id }, { cadence: null, evergreenFill: false });
  });

  it('e-mails admins and reviewers about a failed post with its cause and link, and posts a signed webhook', async () => {
    fakes.facebook.fail({ kind: 'permission_denied', operation: 'publish' });
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Hydration tip of the week', targetAccountIds: [accounts.facebook.id] })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer))).body;
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    const published = (await t.http.post(`/api/posts/${post.id}/publish-now`).set(bearer(reviewer)).expect(200)).body;
    expect(published.targets[0].status).toBe('failed');

    // Facebook refused the Page token: the account needs reconnecting and the post failed. One incident, one
    // e-mail (postiz PR #1678), led by the cause; the post's own alert goes by webhook and is listed in the e-mail
    // when it exists by then (the workers' delivery loop may have sent the cause a moment earlier).
    const incidentMails = () =>
      mails.filter((m) => /Subject: \[Prairie Family Medicine\] Reconnect .* on Facebook/.test(m.data));
    await worker.get(AlertDelivery).notifier.deliverPending();
    await waitFor(
      () => incidentMails().length > 0 && hooks.some((h) => h.body.includes(post.id)),
      15_000,
      'alert e-mail and webhook',
    );
    const [mail] = incidentMails();
    expect(mail.to.sort()).toEqual([practice.admin.email, reviewer.email].sort());
    expect(mail.data).toContain(published.targets[0].lastError.slice(0, 40));
    await worker.get(AlertDelivery).notifier.deliverPending();
    expect(incidentMails()).toHaveLength(1);
    expect(mails.filter((m) => m.data.includes(`/posts/${post.id}`) && !incidentMails().includes(m))).toEqual([]);

    const hook = hooks.find((h) => h.body.includes(post.id))!;
    expect(hook).toBeDefined();
    const signature = String(hook.headers['x-planner-signature']);
    const timestamp = String(hook.headers['x-planner-timestamp']);
    expect(
      verifyWebhookSignature(
        'webhook-secret-for-tests',
        timestamp,
        hook.body,
        signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        'wrong-secret-wrong-secret',
        timestamp,
        hook.body,
        signature,
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(false);

    const listed = (await t.http.get('/api/alerts?open=true').set(bearer(author)).expect(200)).body;
    const alert = listed.find((a: { link: string }) => a.link === `/posts/${post.id}`);
    expect(alert).toMatchObject({ kind: 'target_failed', severity: 'critical' });
    await t.http.post(`/api/alerts/${alert.id}/acknowledge`).set(bearer(author)).expect(200);
    const open = (await t.http.get('/api/alerts?open=true').set(bearer(author)).expect(200)).body;
    expect(open.some((a: { id: string }) => a.id === alert.id)).toBe(false);
    await waitFor(
      async () =>
        (await t.resources.dataSource.getRepository(Alert).findOneByOrFail({ id: alert.id })).notifiedAt !== null,
      2000,
      'marked as delivered',
    );
  });
});
