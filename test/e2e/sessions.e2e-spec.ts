// Sessions end when they should: on sign-out, on a password change, on a reset and on deactivation.
import { bearer, createPractice, PASSWORD, TestPractice } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const NEW_PASSWORD = 'Marigold-Lantern-Orbit-7';

describe('sessions', () => {
  let t: TestApp;
  let practice: TestPractice;
  let other: TestPractice;
  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t);
    other = await createPractice(t, 'Other Practice');
  });
  afterAll(() => t.close());

  const signIn = async (email: string, password = PASSWORD) => {
    const res = await t.http.post('/api/auth/login').send({ email, password }).expect(200);
    return {
      token: res.body.accessToken as string,
      cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]),
    };
  };
  const me = (token: string) => t.http.get('/api/users/me').set('Authorization', `Bearer ${token}`);

  it('ends every session of the user on sign-out, a copied token included', async () => {
    const author = await practice.user(['author']);
    const phone = await signIn(author.email);
    const laptop = await signIn(author.email);
    await t.http.post('/api/auth/logout').set('Authorization', `Bearer ${laptop.token}`).expect(204);
    await me(laptop.token).expect(401);
    await me(phone.token).expect(401);
    await me(author.token).expect(401);
    const again = await signIn(author.email);
    await me(again.token).expect(200);
  });

  it('ends the cookie session when the sign-out page is used', async () => {
    const author = await practice.user(['author']);
    const web = await signIn(author.email);
    const csrf = web.cookies.find((c) => c.startsWith('planner_csrf='))!.split('=')[1];
    await t.http.post('/logout').set('Cookie', web.cookies.join('; ')).type('form').send({ _csrf: csrf }).expect(303);
    await t.http.get('/api/users/me').set('Cookie', web.cookies.join('; ')).expect(401);
    await me(web.token).expect(401);
  });

  it('changes the password: the current one is checked, a weak one explained, other sessions end and this one goes on', async () => {
    const author = await practice.user(['author']);
    const elsewhere = await signIn(author.email);
    const change = (body: object) => t.http.post('/api/auth/password').set(bearer(author)).send(body);
    expect(
      (await change({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD }).expect(400)).body.message,
    ).toMatch(/current password is not right/);
    expect((await change({ currentPassword: PASSWORD, newPassword: 'password12' }).expect(400)).body.message).toMatch(
      /too easy to guess/,
    );
    await me(author.token).expect(200);
    const changed = await change({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
    await me(changed.body.accessToken).expect(200);
    await me(author.token).expect(401);
    await me(elsewhere.token).expect(401);
    await t.http.post('/api/auth/login').send({ email: author.email, password: PASSWORD }).expect(401);
    await signIn(author.email, NEW_PASSWORD);
    await t.http.post('/api/auth/password').send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(401);
  });

  it("lets an admin issue a one-time reset link that ends the person's sessions when used", async () => {
    const reviewer = await practice.user(['reviewer']);
    const author = await practice.user(['author']);
    await t.http.post(`/api/users/${reviewer.id}/password-reset`).set(bearer(author)).expect(403);
    await t.http.post(`/api/users/${reviewer.id}/password-reset`).set(bearer(other.admin)).expect(404);
    const issued = await t.http
      .post(`/api/users/${reviewer.id}/password-reset`)
      .set(bearer(practice.admin))
      .expect(201);
    expect(issued.body).toEqual({
      resetUrl: expect.stringMatching(/\/reset-password\/[\w-]{20,}$/),
      expiresAt: expect.any(String),
    });
    const token = issued.body.resetUrl.split('/').pop();
    // Until it is used, the person carries on.
    await me(reviewer.token).expect(200);
    await t.http.post('/api/auth/reset-password').send({ token, password: 'password12' }).expect(400);
    await t.http.post('/api/auth/reset-password').send({ token, password: NEW_PASSWORD }).expect(204);
    await t.http
      .post('/api/auth/reset-password')
      .send({ token, password: `${NEW_PASSWORD}-again` })
      .expect(404);
    await me(reviewer.token).expect(401);
    await signIn(reviewer.email, NEW_PASSWORD);
    const audit = await t.http
      .get('/api/audit?action=user.password_reset_issued')
      .set(bearer(practice.admin))
      .expect(200);
    expect(audit.body.total).toBeGreaterThanOrEqual(1);
  });

  it('refuses a reset link for a deactivated person', async () => {
    const author = await practice.user(['author']);
    await t.http.patch(`/api/users/${author.id}`).set(bearer(practice.admin)).send({ active: false }).expect(200);
    await me(author.token).expect(401);
    await t.http.post(`/api/users/${author.id}/password-reset`).set(bearer(practice.admin)).expect(409);
  });
});
