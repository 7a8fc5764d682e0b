// One person in two practices (an agency's marketer): the active practice scopes every request, the role held in
// one practice never applies in the other, switching needs a membership, and inviting an address that already has
// an account answers exactly as for a new address. Runs on PostgreSQL and on SQLite.
import { bearer, createPractice, PASSWORD, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('one person in several practices', () => {
  let t: TestApp;
  let a: TestPractice;
  let b: TestPractice;
  let person: TestUser;
  /** The person's session while active in practice B. */
  let inB: string;

  /** Practice B's admin invites the person; they accept through the link with their own password. */
  async function join(practice: TestPractice, email: string, roles: string[]): Promise<void> {
    const invited = await t.http
      .post('/api/users')
      .set(bearer(practice.admin))
      .send({ email, name: 'Typed By Admin', roles })
      .expect(201);
    const token = (invited.body.inviteUrl as string).split('/').pop();
    await t.http.post('/api/auth/accept-invite').send({ token, password: PASSWORD }).expect(204);
  }

  beforeAll(async () => {
    t = await startTestApp();
    a = await createPractice(t, 'Agency Client A', 'America/Chicago');
    b = await createPractice(t, 'Agency Client B', 'Europe/London');
    person = await a.user(['admin']);
    await join(b, person.email, ['author']);
    inB = (await t.http.post(`/api/me/practices/${b.practiceId}/switch`).set(bearer(person)).expect(200)).body
      .accessToken;
  });
  afterAll(() => t.close());

  it('lists both practices with the role held in each, the active one marked', async () => {
    const list = (await t.http.get('/api/me/practices').set(bearer(person)).expect(200)).body;
    expect(list).toEqual([
      expect.objectContaining({ id: a.practiceId, name: 'Agency Client A', roles: ['admin'], current: true }),
      expect.objectContaining({ id: b.practiceId, name: 'Agency Client B', roles: ['author'], current: false }),
    ]);
    const fromB = (await t.http.get('/api/me/practices').set(as(inB)).expect(200)).body;
    expect(fromB.find((p: { current: boolean }) => p.current).id).toBe(b.practiceId);
  });

  it("cannot see practice B's data while active in A, nor A's while active in B", async () => {
    const postInA = (
      await t.http
        .post('/api/posts')
        .set(bearer(a.admin))
        .send({ baseText: `A news ${uniqueTag()}` })
        .expect(201)
    ).body;
    const postInB = (
      await t.http
        .post('/api/posts')
        .set(bearer(b.admin))
        .send({ baseText: `B news ${uniqueTag()}` })
        .expect(201)
    ).body;
    await t.http.get(`/api/posts/${postInA.id}`).set(bearer(person)).expect(200);
    await t.http.get(`/api/posts/${postInB.id}`).set(bearer(person)).expect(404);
    await t.http.get(`/api/posts/${postInB.id}`).set(as(inB)).expect(200);
    await t.http.get(`/api/posts/${postInA.id}`).set(as(inB)).expect(404);
    const listA = (await t.http.get('/api/posts?unscheduled=true').set(bearer(person)).expect(200)).body;
    const idsA = (listA.items ?? listA).map((p: { id: string }) => p.id);
    expect(idsA).toContain(postInA.id);
    expect(idsA).not.toContain(postInB.id);
    expect((await t.http.get('/api/practice').set(bearer(person)).expect(200)).body.name).toBe('Agency Client A');
    expect((await t.http.get('/api/practice').set(as(inB)).expect(200)).body.name).toBe('Agency Client B');
    // A post made while active in B belongs to B.
    const madeInB = (
      await t.http
        .post('/api/posts')
        .set(as(inB))
        .send({ baseText: `Made in B ${uniqueTag()}` })
        .expect(201)
    ).body;
    await t.http.get(`/api/posts/${madeInB.id}`).set(bearer(b.admin)).expect(200);
    await t.http.get(`/api/posts/${madeInB.id}`).set(bearer(a.admin)).expect(404);
  });

  it('applies the role held in the active practice only: admin in A is an author in B', async () => {
    await t.http.get('/api/users').set(bearer(person)).expect(200);
    await t.http.patch('/api/practice').set(bearer(person)).send({ name: 'Agency Client A' }).expect(200);
    await t.http.get('/api/users').set(as(inB)).expect(403);
    await t.http.patch('/api/practice').set(as(inB)).send({ name: 'Taken over' }).expect(403);
    await t.http.get(`/api/users/${b.admin.id}`).set(as(inB)).expect(403);
    // Nor can A's admin rights reach B's people through A.
    await t.http.get(`/api/users/${b.admin.id}`).set(bearer(person)).expect(404);
    await t.http.patch(`/api/users/${b.admin.id}`).set(bearer(person)).send({ active: false }).expect(404);
    expect((await t.http.get('/api/practice').set(bearer(b.admin)).expect(200)).body.name).toBe('Agency Client B');
  });

  it('refuses to switch to a practice the person does not belong to, has not joined, or left', async () => {
    const c = await createPractice(t, 'Not Their Client');
    await t.http.post(`/api/me/practices/${c.practiceId}/switch`).set(bearer(person)).expect(404);
    await t.http.post('/api/me/practices/00000000-0000-4000-8000-000000000000/switch').set(bearer(person)).expect(404);
    await t.http.post('/api/me/practices/not-a-uuid/switch').set(bearer(person)).expect(400);
    // Invited but not yet accepted: not a member yet.
    await t.http
      .post('/api/users')
      .set(bearer(c.admin))
      .send({ email: person.email, name: 'Someone', roles: ['reviewer'] })
      .expect(201);
    await t.http.post(`/api/me/practices/${c.practiceId}/switch`).set(bearer(person)).expect(404);
    // Accepting another person's invitation (or one that does not exist) is not possible either.
    await t.http.post(`/api/me/practices/${c.practiceId}/accept`).set(bearer(b.admin)).expect(404);
    // Deactivated in C after joining: the C session stops at once, A goes on.
    await t.http.post(`/api/me/practices/${c.practiceId}/accept`).set(bearer(person)).expect(204);
    const inC = (await t.http.post(`/api/me/practices/${c.practiceId}/switch`).set(bearer(person)).expect(200)).body
      .accessToken;
    await t.http.get('/api/practice').set(as(inC)).expect(200);
    await t.http.patch(`/api/users/${person.id}`).set(bearer(c.admin)).send({ active: false }).expect(200);
    await t.http.get('/api/practice').set(as(inC)).expect(401);
    await t.http.post(`/api/me/practices/${c.practiceId}/switch`).set(bearer(person)).expect(404);
    await t.http.get('/api/practice').set(bearer(person)).expect(200);
  });

  it("answers an invitation of another practice's address exactly as for a new address", async () => {
    const strip = (body: Record<string, unknown>) => ({
      ...body,
      id: '<id>',
      email: '<email>',
      inviteUrl: typeof body.inviteUrl,
    });
    const existing = await t.http
      .post('/api/users')
      .set(bearer(a.admin))
      .send({ email: b.admin.email, name: 'Casey Typed', roles: ['reviewer'] });
    const fresh = await t.http
      .post('/api/users')
      .set(bearer(a.admin))
      .send({ email: `new-${uniqueTag()}@example.test`, name: 'Casey Typed', roles: ['reviewer'] });
    expect(existing.status).toBe(201);
    expect(fresh.status).toBe(201);
    expect(strip(existing.body)).toEqual(strip(fresh.body));
    expect(existing.body).toMatchObject({ name: 'Casey Typed', passwordSet: false, lastLoginAt: null });
    // The practice's list shows the typed name, never the account's own, until the person accepts.
    const listed = (await t.http.get('/api/users').set(bearer(a.admin)).expect(200)).body.find(
      (u: { email: string }) => u.email === b.admin.email,
    );
    expect(listed).toMatchObject({ name: 'Casey Typed', passwordSet: false, lastLoginAt: null });
    // Inviting the same address twice into one practice is a conflict (the admin can see that in their list).
    await t.http
      .post('/api/users')
      .set(bearer(a.admin))
      .send({ email: b.admin.email, name: 'Again', roles: ['author'] })
      .expect(409);
    // The link does not hand over the account: joining needs the account's own password.
    const token = (existing.body.inviteUrl as string).split('/').pop();
    await t.http.post('/api/auth/accept-invite').send({ token, password: 'Someone-Elses-Guess-99' }).expect(400);
    await t.http.post('/api/auth/accept-invite').send({ token, password: PASSWORD }).expect(204);
    await t.http.post('/api/auth/login').send({ email: b.admin.email, password: 'Someone-Elses-Guess-99' }).expect(401);
    const joined = (await t.http.get('/api/users').set(bearer(a.admin)).expect(200)).body.find(
      (u: { email: string }) => u.email === b.admin.email,
    );
    expect(joined).toMatchObject({ name: 'Admin', passwordSet: true, roles: ['reviewer'] });
  });

  it("keeps a person's sessions apart: signing out ends both, and sign-in opens the practice used last", async () => {
    const again = await t.http.post('/api/auth/login').send({ email: person.email, password: PASSWORD }).expect(200);
    expect(again.body.user).toMatchObject({ practiceId: b.practiceId, roles: ['author'] });
    await t.http.post('/api/auth/logout').set(as(again.body.accessToken)).expect(204);
    await t.http.get('/api/practice').set(as(inB)).expect(401);
    await t.http.get('/api/practice').set(bearer(person)).expect(401);
  });
});
