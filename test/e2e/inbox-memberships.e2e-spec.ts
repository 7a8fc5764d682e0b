// The inbox for one person in two practices (an agency's marketer who runs practice A and writes for practice B):
// while B is active they see nothing of A's inbox (API and page), act with their role in B only (an author there
// cannot approve a reply, though they are admin in A), and A's trust or membership means nothing in B.
// On PostgreSQL and SQLite. Comments are stored rows: no network is called (no worker runs, replies stay put).
import { InboxComment, InboxReply } from '@app/inbox';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { storedComment } from '../support/inbox-fixture';
import { startTestApp, TestApp } from '../support/test-app';

const CLEAN =
  "Thank you for reaching out. To protect your privacy we can't discuss health questions here; please call our office and our team will help.";

const as = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the inbox of a person in two practices', () => {
  let t: TestApp;
  let a: TestPractice;
  let b: TestPractice;
  /** Admin in A, author (marketing) in B. Their bearer token is A's session. */
  let person: TestUser;
  /** The same person's session with B active. */
  let inB: string;
  let bReviewer: TestUser;
  let bAuthor: TestUser;
  let commentInA: InboxComment;
  let commentInB: InboxComment;

  const replies = (practiceId: string) => t.resources.dataSource.getRepository(InboxReply).findBy({ practiceId });

  beforeAll(async () => {
    t = await startTestApp();
    a = await createPractice(t, 'Agency Client A', 'America/Chicago');
    b = await createPractice(t, 'Agency Client B', 'Europe/London');
    person = await a.user(['admin']);
    bReviewer = await b.user(['reviewer']);
    bAuthor = await b.user(['author']);
    // B's admin invites the person as an author; they join with their own password.
    const invited = await t.http
      .post('/api/users')
      .set(bearer(b.admin))
      .send({ email: person.email, name: 'Marketing Help', roles: ['author'] })
      .expect(201);
    const token = (invited.body.inviteUrl as string).split('/').pop();
    await t.http.post('/api/auth/accept-invite').send({ token, password: PASSWORD }).expect(204);
    inB = (await t.http.post(`/api/me/practices/${b.practiceId}/switch`).set(bearer(person)).expect(200)).body
      .accessToken;
    commentInA = await storedComment(t, a.practiceId, 'Client A comment: my chest hurts since this morning', {
      urgent: true,
    });
    commentInB = await storedComment(t, b.practiceId, 'Client B comment: do you take new patients?');
  });
  afterAll(() => t?.close());

  it("sees nothing of A's inbox while B is active, and A's again with A's session", async () => {
    const listB = (await t.http.get('/api/inbox').query({ status: 'open' }).set(as(inB)).expect(200)).body;
    const idsB = listB.items.map((c: { id: string }) => c.id);
    expect(idsB).toEqual([commentInB.id]);
    const countsB = (await t.http.get('/api/inbox/counts').set(as(inB)).expect(200)).body;
    expect(countsB).toMatchObject({ open: 1, urgent: 0 });
    await t.http.get(`/api/inbox/${commentInA.id}`).set(as(inB)).expect(404);
    await t.http.get(`/api/inbox/${commentInA.id}/replies`).set(as(inB)).expect(404);
    await t.http.get(`/api/inbox/${commentInA.id}/reply`).set(as(inB)).expect(404);
    await t.http.post(`/api/inbox/${commentInA.id}/reply/check`).set(as(inB)).send({ text: CLEAN }).expect(404);
    await t.http.post(`/api/inbox/${commentInA.id}/reply`).set(as(inB)).send({ text: CLEAN }).expect(404);
    await t.http.post(`/api/inbox/${commentInA.id}/handle`).set(as(inB)).expect(404);
    await t.http.post(`/api/inbox/${commentInA.id}/hide`).set(as(inB)).expect(404);
    await t.http.post(`/api/inbox/${commentInA.id}/assign`).set(as(inB)).send({ assigneeId: person.id }).expect(404);
    // Nothing of A changed.
    const stillA = await t.resources.dataSource.getRepository(InboxComment).findOneByOrFail({ id: commentInA.id });
    expect(stillA).toMatchObject({ status: 'open', hidden: false, assigneeId: null });
    expect(await replies(a.practiceId)).toEqual([]);

    // With A active, the same person sees A's inbox and only A's.
    const listA = (await t.http.get('/api/inbox').query({ status: 'open' }).set(bearer(person)).expect(200)).body;
    expect(listA.items.map((c: { id: string }) => c.id)).toEqual([commentInA.id]);
    expect((await t.http.get('/api/inbox/counts').set(bearer(person)).expect(200)).body).toMatchObject({
      open: 1,
      urgent: 1,
    });
    await t.http.get(`/api/inbox/${commentInB.id}`).set(bearer(person)).expect(404);
  });

  it("shows B's inbox page without A's comments, badges or an Approve button while B is active", async () => {
    const written = (
      await t.http.post(`/api/inbox/${commentInB.id}/reply`).set(bearer(bAuthor)).send({ text: CLEAN }).expect(201)
    ).body;
    const page = await t.http.get('/inbox').set('Cookie', `planner_session=${inB}`).expect(200);
    expect(page.text).toContain('Client B comment');
    expect(page.text).not.toContain('Client A comment');
    expect(page.text).not.toContain('nav-count-urgent');
    expect(page.text).toContain(`data-waiting-reply="${written.id}"`);
    expect(page.text).not.toContain('data-approve-reply');
    // B's reviewer gets the button for the same reply; so does the person's A session for A's replies (below).
    const reviewerPage = await t.http.get('/inbox').set('Cookie', `planner_session=${bReviewer.token}`).expect(200);
    expect(reviewerPage.text).toContain('data-approve-reply');
    await t.http.post(`/api/inbox/replies/${written.id}/withdraw`).set(bearer(bAuthor)).expect(200);
  });

  it('cannot approve a reply in B, where they are marketing, though they are admin in A', async () => {
    const written = (
      await t.http.post(`/api/inbox/${commentInB.id}/reply`).set(bearer(bAuthor)).send({ text: CLEAN }).expect(201)
    ).body;
    expect(written.status).toBe('in_review');
    const refused = await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(as(inB))
      .send({ textHash: written.textHash })
      .expect(403);
    expect(refused.body.message).toMatch(/reviewer|admin/i);
    // Their A session does not reach B's reply at all.
    await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(bearer(person))
      .send({ textHash: written.textHash })
      .expect(404);
    await t.http.get(`/api/inbox/replies/${written.id}`).set(bearer(person)).expect(404);
    expect((await t.http.get('/api/inbox/replies').set(bearer(person)).expect(200)).body).toEqual([]);
    const row = await t.resources.dataSource.getRepository(InboxReply).findOneByOrFail({ id: written.id });
    expect(row).toMatchObject({ status: 'in_review', approvedById: null, approvedHash: null });
    // Someone who reviews in B can; the refusal was the person's role in B, not the reply.
    const approved = (
      await t.http
        .post(`/api/inbox/replies/${written.id}/approve`)
        .set(bearer(bReviewer))
        .send({ textHash: written.textHash })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'approved', approvedById: bReviewer.id });
  });

  it("approves A's replies as admin with the A session only", async () => {
    const inA = (
      await t.http.post(`/api/inbox/${commentInA.id}/reply`).set(bearer(a.admin)).send({ text: CLEAN }).expect(201)
    ).body;
    // From B, where they are an author, approving is refused before any reply is looked up (A's included).
    await t.http.post(`/api/inbox/replies/${inA.id}/approve`).set(as(inB)).send({ textHash: inA.textHash }).expect(403);
    await t.http.get(`/api/inbox/replies/${inA.id}`).set(as(inB)).expect(404);
    expect(await t.resources.dataSource.getRepository(InboxReply).findOneByOrFail({ id: inA.id })).toMatchObject({
      status: 'in_review',
      approvedById: null,
    });
    const approved = (
      await t.http
        .post(`/api/inbox/replies/${inA.id}/approve`)
        .set(bearer(person))
        .send({ textHash: inA.textHash })
        .expect(200)
    ).body;
    expect(approved).toMatchObject({ status: 'approved', approvedById: person.id });
  });

  it("keeps trust and assignment per practice: A's trust does not carry to B, nor A's people", async () => {
    // Trusted in A (they are its admin), the person's clean reply in B still waits for a reviewer.
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(person))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [person.id] })
      .expect(200);
    // An author in B may not change B's settings.
    await t.http
      .put('/api/inbox/settings')
      .set(as(inB))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [person.id] })
      .expect(403);
    const comment = await storedComment(t, b.practiceId, 'Client B comment: is there parking?');
    const written = (await t.http.post(`/api/inbox/${comment.id}/reply`).set(as(inB)).send({ text: CLEAN }).expect(201))
      .body;
    expect(written).toMatchObject({ status: 'in_review', approvedById: null, authorId: person.id });
    // B's admin can trust the person (a member of B), but not A's admin (no membership in B), nor assign to them.
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(b.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [a.admin.id] })
      .expect(400);
    await t.http
      .post(`/api/inbox/${comment.id}/assign`)
      .set(bearer(b.admin))
      .send({ assigneeId: a.admin.id })
      .expect(400);
    await t.http
      .post(`/api/inbox/${comment.id}/assign`)
      .set(bearer(b.admin))
      .send({ assigneeId: person.id })
      .expect(200);
    await t.http
      .put('/api/inbox/settings')
      .set(bearer(b.admin))
      .send({ responseMinutes: 240, afterHoursPhone: null, trustedReplierIds: [person.id] })
      .expect(200);
  });
});
