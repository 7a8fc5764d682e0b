// Weak passwords are refused, with the reason, wherever a password is chosen: setup, a new user, an invitation.
import { bearer, createPractice, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const WEAK = ['1234567890', 'password12', ' '.repeat(10)];

describe('password strength', () => {
  let t: TestApp;
  let practice: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it.each(WEAK)('refuses %j at first-run setup, and explains why', async (password) => {
    const res = await t.http
      .post('/api/setup')
      .send({
        practiceName: 'Lakeside Pediatrics',
        timezone: 'America/Denver',
        adminName: 'Sam Lee',
        adminEmail: 'sam@lakeside.example',
        adminPassword: password,
      })
      .expect(400);
    expect(res.body.message).toMatch(/too easy to guess\. \S/);
    await t.http.get('/api/setup').expect(200, { complete: false });
  });

  it('refuses a weak password for an invitation, and takes a strong one', async () => {
    practice = await createPractice(t);
    // An admin does not choose another person's password.
    await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email: 'weak@example.test', name: 'Wes Kay', roles: ['author'], password: 'Verbena-Harbor-Kettle-42' })
      .expect(400);
    const invited = await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email: 'invited@example.test', name: 'Ina Vited', roles: ['author'] })
      .expect(201);
    const token = invited.body.inviteUrl.split('/').pop();
    for (const password of WEAK) {
      expect((await t.http.post('/api/auth/accept-invite').send({ token, password }).expect(400)).body.message).toMatch(
        /too easy to guess/,
      );
    }
    // The person's own name is an easy guess too.
    await t.http.post('/api/auth/accept-invite').send({ token, password: 'InaVited2026!' }).expect(400);
    await t.http.post('/api/auth/accept-invite').send({ token, password: 'Verbena-Harbor-Kettle-42' }).expect(204);
    await t.http
      .post('/api/auth/login')
      .send({ email: 'invited@example.test', password: 'Verbena-Harbor-Kettle-42' })
      .expect(200);
  });
});
