// Alert delivery on a real database, a real SMTP server and a real webhook receiver: one e-mail per incident
// (an account that needs reconnecting and every post it failed), and a failing webhook is retried on its own
// without e-mailing people again.
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { Alert, AlertNotifier, AlertsService } from '@app/alerts';
import { AuditLog } from '@app/audit';
import { FixedClock, Mailer } from '@app/core';
import { UsersService } from '@app/practices';
import { openMediumDb, MediumDb } from '../support/medium-db';
import { newPractice } from '../support/seed';

jest.setTimeout(60_000);

describe('alert delivery (medium)', () => {
  let db: MediumDb;
  const clock = new FixedClock(new Date('2026-12-01T15:00:00Z'));
  let alerts: AlertsService;
  let smtp: SMTPServer;
  let smtpPort: number;
  const mails: string[] = [];
  let webhook: Server;
  let webhookUrl: string;
  /** How the receiver answers the next deliveries (200 once this runs out). */
  const hookAnswers: number[] = [];
  const hooks: string[] = [];

  beforeAll(async () => {
    db = await openMediumDb();
    alerts = new AlertsService(db.dataSource, clock);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          mails.push(data.replace(/=\r?\n/g, ''));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hooks.push(body);
        res.writeHead(hookAnswers.shift() ?? 200).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await new Promise<void>((resolve) => webhook.close(() => resolve()));
    await db?.close();
  });

  const notifier = (withWebhook: boolean) =>
    new AlertNotifier(
      db.dataSource,
      clock,
      new Mailer(`smtp://127.0.0.1:${smtpPort}`, 'Planner <alerts@planner.test>'),
      {
        webhookUrl: withWebhook ? webhookUrl : undefined,
        webhookSecret: withWebhook ? 'webhook-secret-for-tests' : undefined,
        publicUrl: 'https://planner.test',
      },
    );
  const mailsAbout = (practiceName: string) => mails.filter((m) => m.includes(`[${practiceName}]`));

  it('sends one e-mail for an account that needs reconnecting and the posts it failed, in one pass or later', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Incident Dental');
    const head = 'needs_reconnect:acc-1';
    await alerts.raise(practice.id, {
      kind: 'needs_reconnect',
      severity: 'critical',
      title: 'Reconnect Lakeside on Facebook',
      message: 'Facebook refused the token.',
      link: '/accounts',
      dedupeKey: head,
    });
    for (const target of ['t1', 't2'])
      await alerts.raise(practice.id, {
        kind: 'needs_reconnect',
        severity: 'critical',
        title: 'A Facebook post did not go out',
        message: 'Facebook refused the token.',
        link: `/posts/post-${target}`,
        dedupeKey: `target_failed:${target}`,
        incidentKey: head,
      });
    expect(await notifier(false).deliverPending()).toBe(3);
    expect(mailsAbout('Incident Dental')).toHaveLength(1);
    const [mail] = mailsAbout('Incident Dental');
    expect(mail).toContain('Subject: [Incident Dental] Reconnect Lakeside on Facebook');
    expect(mail).toContain('https://planner.test/posts/post-t1');
    expect(mail).toContain('https://planner.test/posts/post-t2');

    // A third post fails later, while the account still waits: covered by the e-mail already sent.
    await alerts.raise(practice.id, {
      kind: 'needs_reconnect',
      severity: 'critical',
      title: 'A Facebook post did not go out',
      message: 'Facebook refused the token.',
      link: '/posts/post-t3',
      dedupeKey: 'target_failed:t3',
      incidentKey: head,
    });
    expect(await notifier(false).deliverPending()).toBe(1);
    expect(mailsAbout('Incident Dental')).toHaveLength(1);
    const third = await db.dataSource
      .getRepository(Alert)
      .findOneByOrFail({ practiceId: practice.id, dedupeKey: 'target_failed:t3' });
    expect(third.notifiedAt).not.toBeNull();

    // After a reconnect the incident is over: the next failure of that account is news again.
    await alerts.resolve(practice.id, head);
    await alerts.raise(practice.id, {
      kind: 'needs_reconnect',
      severity: 'critical',
      title: 'A Facebook post did not go out',
      message: 'Facebook refused the token again.',
      link: '/posts/post-t4',
      dedupeKey: 'target_failed:t4',
      incidentKey: head,
    });
    await notifier(false).deliverPending();
    expect(mailsAbout('Incident Dental')).toHaveLength(2);
  });

  it('retries only the webhook when the webhook fails, and e-mails once', async () => {
    const { practice } = await newPractice(db.dataSource, clock, 'Webhook Family Medicine');
    const raised = await alerts.raise(practice.id, {
      kind: 'target_failed',
      severity: 'critical',
      title: 'An X post did not go out',
      message: 'X refused it.',
      link: '/posts/p1',
      dedupeKey: 'target_failed:w1',
    });
    hookAnswers.push(500, 502, 503);
    const sender = notifier(true);
    for (let pass = 0; pass < 3; pass++) expect(await sender.deliverPending()).toBe(0);
    expect(hooks.filter((h) => h.includes(raised!.id))).toHaveLength(3);
    expect(mailsAbout('Webhook Family Medicine')).toHaveLength(1);
    expect(await sender.deliverPending()).toBe(1);
    const hooked = hooks.filter((h) => h.includes(raised!.id));
    expect(hooked).toHaveLength(4);
    expect(JSON.parse(hooked[3])).toMatchObject({ id: raised!.id, incident: 'target_failed:w1' });
    expect(mailsAbout('Webhook Family Medicine')).toHaveLength(1);
    const row = await db.dataSource.getRepository(Alert).findOneByOrFail({ id: raised!.id });
    expect(row).toMatchObject({ notifyAttempts: 4, emailedAt: expect.any(Date), webhookSentAt: expect.any(Date) });
    expect(row.notifiedAt).not.toBeNull();
    expect(await sender.deliverPending()).toBe(0);
    expect(hooks.filter((h) => h.includes(raised!.id))).toHaveLength(4);
  });

  it("e-mails the people whose role in the alert's practice is admin or reviewer, and nobody else", async () => {
    const users = new UsersService(db.dataSource, new AuditLog(db.dataSource, clock), clock);
    const { admin: adminOfA } = await newPractice(db.dataSource, clock, 'Recipients Agency A');
    const { practice: b, admin: adminOfB } = await newPractice(db.dataSource, clock, 'Recipients Clinic B');
    // A's admin writes for B (author there, joined); B's reviewer; a reviewer B invited who has not joined.
    await users.invite(b.id, null, { email: adminOfA.email, name: 'Agency Writer', roles: ['author'] });
    await users.acceptForSignedIn(adminOfA.id, b.id);
    const { user: reviewerOfB } = await users.invite(b.id, null, {
      email: `rev-${adminOfB.id.slice(0, 8)}@example.test`,
      name: 'Riley Reviewer',
      roles: ['reviewer'],
      password: 'correct-horse-battery',
    });
    await users.invite(b.id, null, { email: 'pending-reviewer@example.test', name: 'Not Yet', roles: ['reviewer'] });
    await alerts.raise(b.id, {
      kind: 'target_failed',
      severity: 'critical',
      title: 'A Facebook post did not go out',
      message: 'Facebook refused it.',
      link: '/posts/r1',
      dedupeKey: 'target_failed:r1',
    });
    await notifier(false).deliverPending();
    const [mail] = mailsAbout('Recipients Clinic B');
    const to = /^To: (.*)$/m.exec(mail)?.[1] ?? '';
    expect(to.split(/,\s*/).sort()).toEqual([adminOfB.email, reviewerOfB.email].sort());
    expect(mail).not.toContain(adminOfA.email);
    expect(mail).not.toContain('pending-reviewer@example.test');
  });
});
