// "Forgot password": the answer is the same for a known and an unknown address, the link arrives by e-mail (a real
// local SMTP server), its token is stored hashed, it expires, works once, ends every session, and requests are
// rate-limited the same way for every address. Runs on PostgreSQL and on SQLite.
import { SMTPServer } from 'smtp-server';
import { createHash } from 'node:crypto';
import { PasswordResets, User } from '@app/practices';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { freePort, waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_PASSWORD = 'Juniper-Lantern-Orbit-58';

describe('password reset by e-mail', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const mails: Array<{ to: string[]; data: string }> = [];
  let practice: TestPractice;
  let person: TestUser;

  beforeAll(async () => {
    const port = await freePort();
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            data: data.replace(/=\r?\n/g, '').replace(/=3D/g, '='),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
    t = await startTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Planner <no-reply@planner.test>',
      PUBLIC_URL: 'https://planner.example.test',
    });
    practice = await createPractice(t, 'Harbor Dental');
    person = await practice.user(['author']);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const ask = (email: string, ip = '10.0.0.1') =>
    t.http.post('/api/auth/forgot-password').set('X-Forwarded-For', ip).send({ email });
  const settled = () => t.app.get(PasswordResets).settled();
  const linkIn = (mail: { data: string }) =>
    /https:\/\/planner\.example\.test\/reset-password\/([\w-]{20,})/.exec(mail.data)![1];

  it('answers a known and an unknown address alike, and e-mails only the known one a single-use link', async () => {
    const known = await ask(person.email.toUpperCase());
    const unknown = await ask('nobody-here@example.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    await settled();
    await waitFor(() => mails.length >= 1, 30_000, 'the reset e-mail');
    await settled();
    expect(mails.map((m) => m.to)).toEqual([[person.email]]);
    const token = linkIn(mails[0]);
    // Stored as its hash only.
    const row = await t.resources.dataSource.getRepository(User).findOneByOrFail({ id: person.id });
    expect(row.resetTokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await t.http.get(`/api/auth/reset-password/${token}`).expect(200)).body.email).toBe(person.email);
    const page = await t.http.get(`/reset-password/${token}`).expect(200);
    expect(page.text).toContain('Choose a new password');
    await t.http.get('/api/users/me').set(bearer(person)).expect(200);
    await t.http.post('/api/auth/reset-password').send({ token, password: 'password12' }).expect(400);
    await t.http.post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD }).expect(204);
    // Single use, and every session of the person has ended.
    await t.http
      .post('/api/auth/reset-password')
      .send({ token, password: `${NEW_PASSWORD}-2` })
      .expect(404);
    await t.http.get(`/reset-password/${token}`).expect(404);
    await t.http.get('/api/users/me').set(bearer(person)).expect(401);
    await t.http.post('/api/auth/login').send({ email: person.email, password: PASSWORD }).expect(401);
    await t.http.post('/api/auth/login').send({ email: person.email, password: NEW_PASSWORD }).expect(200);
    const audit = await t.http
      .get('/api/audit?entityId=' + person.id)
      .set(bearer(practice.admin))
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']),
    );
  });

  it('refuses an expired link', async () => {
    const other = await practice.user(['reviewer']);
    await ask(other.email, '10.0.0.2').expect(202);
    await settled();
    await waitFor(() => mails.some((m) => m.to.includes(other.email)), 30_000, 'the second reset e-mail');
    const token = linkIn(mails.find((m) => m.to.includes(other.email))!);
    await t.resources.dataSource
      .getRepository(User)
      .update({ id: other.id }, { resetExpiresAt: new Date(Date.now() - 1000) });
    await t.http.get(`/api/auth/reset-password/${token}`).expect(404);
    await t.http.post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD }).expect(404);
    await t.http.post('/api/auth/login').send({ email: other.email, password: PASSWORD }).expect(200);
  });

  it('sends at most one e-mail per account in a few minutes, and rate-limits known and unknown addresses alike', async () => {
    const third = await practice.user(['author']);
    const before = mails.length;
    await ask(third.email, '10.0.0.3').expect(202);
    await ask(third.email, '10.0.0.4').expect(202);
    await settled();
    await waitFor(() => mails.length > before, 30_000, 'the third reset e-mail');
    await settled();
    expect(mails.slice(before).map((m) => m.to)).toEqual([[third.email]]);
    // Counted per address whether or not it has an account: the 429 tells nothing either.
    const fourth = await practice.user(['author']);
    for (const email of [fourth.email, 'nobody-at-all@example.test']) {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push((await ask(email, '10.0.0.5')).status);
      expect(answers).toEqual([202, 202, 202, 429]);
    }
  });

  it('has a Forgot password link on the sign-in page and a page to ask for the link', async () => {
    expect((await t.http.get('/login').expect(200)).text).toContain('href="/forgot-password"');
    expect((await t.http.get('/forgot-password').expect(200)).text).toContain('Send the link');
  });
});
