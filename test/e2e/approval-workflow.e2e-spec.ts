// The post state machine over HTTP: every allowed and refused transition, self-approval, stale hashes,
// edits voiding approvals, and reschedules that keep or void them.
import { DateTime } from 'luxon';
import { Post as PostRow } from '@app/posts';
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

type Post = {
  id: string;
  status: string;
  contentHash: string | null;
  targets: Array<{ status: string; accountId: string }>;
  scheduledAt: string | null;
  note?: string;
  canApprove?: boolean;
};

describe('approval workflow', () => {
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accountIds: string[];

  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Lakeside Family Medicine', 'America/New_York');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accountIds = [
      (await createAccount(t, practice.practiceId, 'facebook')).id,
      (await createAccount(t, practice.practiceId, 'x')).id,
    ];
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { phones: ['(555) 201-3300'], bookingUrl: 'https://lakeside.example/book' } })
      .expect(200);
  });
  afterAll(() => t.close());

  const create = async (body: Record<string, unknown> = {}, as: TestUser = author): Promise<Post> =>
    (
      await t.http
        .post('/api/posts')
        .set(bearer(as))
        .send({
          baseText: 'Flu shots are in! Call {{practice.phone}} to book.',
          targetAccountIds: accountIds,
          scheduledFor: '2027-01-12T09:00',
          ...body,
        })
        .expect(201)
    ).body;
  const get = async (id: string, as: TestUser = reviewer): Promise<Post> =>
    (await t.http.get(`/api/posts/${id}`).set(bearer(as)).expect(200)).body;
  const submit = (id: string, as: TestUser = author) => t.http.post(`/api/posts/${id}/submit`).set(bearer(as));
  const approve = async (id: string, as: TestUser = reviewer, hash?: string, status?: number) => {
    const req = t.http
      .post(`/api/posts/${id}/approve`)
      .set(bearer(as))
      .send({ contentHash: hash ?? (await get(id, as)).contentHash });
    return status ? req.expect(status) : req;
  };

  async function inState(state: string): Promise<Post> {
    const post = await create();
    if (state === 'draft') return post;
    await submit(post.id).expect(200);
    if (state === 'in_review') return get(post.id);
    if (state === 'changes_requested')
      return (
        await t.http
          .post(`/api/posts/${post.id}/request-changes`)
          .set(bearer(reviewer))
          .send({ comment: 'Use the new clinic date' })
          .expect(200)
      ).body;
    if (state === 'rejected')
      return (
        await t.http
          .post(`/api/posts/${post.id}/reject`)
          .set(bearer(reviewer))
          .send({ reason: 'Off-topic for this month' })
          .expect(200)
      ).body;
    const approved = (await approve(post.id)).body as Post;
    expect(approved.status).toBe('scheduled');
    if (state === 'scheduled') return approved;
    return (await t.http.post(`/api/posts/${post.id}/cancel`).set(bearer(reviewer)).expect(200)).body; // approved, unscheduled
  }

  it('renders each network and exposes the content hash a reviewer approves', async () => {
    const post = await create();
    const full = (await get(post.id)) as Post & { rendered: Record<string, string> };
    expect(full.rendered).toEqual({
      facebook: 'Flu shots are in! Call (555) 201-3300 to book.',
      x: 'Flu shots are in! Call (555) 201-3300 to book.',
    });
    expect(full.contentHash).toMatch(/^[a-f0-9]{64}$/);
    expect(full.status).toBe('draft');
  });

  it('goes draft -> in_review -> approved -> scheduled, with one audit entry per step', async () => {
    const post = await create();
    expect((await submit(post.id).expect(200)).body.status).toBe('in_review');
    const approved = (await approve(post.id, reviewer, undefined, 200)).body as Post;
    expect(approved.status).toBe('scheduled');
    expect(approved.targets.every((target) => target.status === 'scheduled')).toBe(true);
    const audit = await t.http.get(`/api/audit?entityId=${post.id}`).set(bearer(practice.admin)).expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'post.created',
      'post.submitted',
      'post.approved',
      'post.scheduled',
    ]);
  });

  const table: Array<[string, string, string, Record<string, unknown>, number]> = [];
  const actions: Array<[string, Record<string, unknown>]> = [
    ['submit', {}],
    ['request-changes', { comment: 'Please fix' }],
    ['reject', { reason: 'Not for us' }],
    ['cancel', {}],
  ];
  const allowed: Record<string, string[]> = {
    draft: ['submit'],
    in_review: ['request-changes', 'reject'],
    changes_requested: ['submit'],
    approved: [],
    scheduled: ['cancel'],
    rejected: [],
  };
  for (const [state, ok] of Object.entries(allowed)) {
    for (const [action, body] of actions)
      table.push([state, action, ok.includes(action) ? 'allows' : 'refuses', body, ok.includes(action) ? 200 : 409]);
  }
  it.each(table)('from %s, %s %s', async (state, action, _verdict, body, status) => {
    const post = await inState(state);
    const as = action === 'submit' ? author : reviewer;
    const res = await t.http.post(`/api/posts/${post.id}/${action}`).set(bearer(as)).send(body).expect(status);
    if (status === 409) expect(res.body).toMatchObject({ statusCode: 409, currentState: state });
  });

  it.each(['draft', 'changes_requested', 'approved', 'scheduled', 'rejected'])(
    'refuses approve from %s with 409 and the current state',
    async (state) => {
      const post = await inState(state);
      const res = await t.http
        .post(`/api/posts/${post.id}/approve`)
        .set(bearer(reviewer))
        .send({ contentHash: 'a'.repeat(64) })
        .expect(409);
      expect(res.body.currentState).toBe(state);
    },
  );

  it('never lets the author approve their own post, even with the reviewer role', async () => {
    const both = await practice.user(['author', 'reviewer']);
    const post = await create({}, both);
    await submit(post.id, both).expect(200);
    expect((await get(post.id, both)).canApprove).toBe(false);
    const res = await approve(post.id, both);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/someone else/);
    await t.http.post(`/api/posts/${post.id}/reject`).set(bearer(both)).send({ reason: 'self review' }).expect(403);
    // The refused attempt is on the record, and nothing else about the post changed.
    const audit = await t.http.get(`/api/audit?entityId=${post.id}`).set(bearer(practice.admin)).expect(200);
    const blocked = audit.body.items.filter((e: { action: string }) => e.action === 'post.approval_blocked');
    expect(blocked).toEqual([
      expect.objectContaining({ actorId: both.id, details: expect.objectContaining({ reason: 'self_approval' }) }),
    ]);
    expect(audit.body.items.map((e: { action: string }) => e.action)).not.toContain('post.approved');
    expect((await get(post.id, both)).status).toBe('in_review');
  });

  it('never lets someone who edited a post approve it', async () => {
    const editor = await practice.user(['author', 'reviewer']);
    const post = await create();
    await t.http
      .patch(`/api/posts/${post.id}`)
      .set(bearer(editor))
      .send({ baseText: 'Flu shots are in! Book at {{practice.bookingUrl}}.' })
      .expect(200);
    await submit(post.id).expect(200);
    expect((await approve(post.id, editor)).status).toBe(403);
    expect((await approve(post.id, reviewer)).status).toBe(200);
  });

  it('refuses an approval with a stale content hash', async () => {
    const post = await create();
    await submit(post.id).expect(200);
    const seen = (await get(post.id)).contentHash!;
    await t.http
      .patch(`/api/posts/${post.id}`)
      .set(bearer(author))
      .send({ baseText: 'Changed after the reviewer looked.' })
      .expect(200);
    await submit(post.id).expect(200);
    const res = await approve(post.id, reviewer, seen, 409);
    expect(res.body.message).toMatch(/changed since you opened it/);
    expect((await get(post.id)).status).toBe('in_review');
  });

  it('voids the approval when approved content is edited, and unschedules it', async () => {
    const post = await inState('scheduled');
    const edited = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ variants: { x: 'Flu shots are in! #FluSeason' } })
        .expect(200)
    ).body as Post;
    expect(edited.status).toBe('draft');
    expect(edited.targets.every((target) => target.status === 'pending')).toBe(true);
    const audit = await t.http
      .get(`/api/audit?entityId=${post.id}&action=post.approval_voided`)
      .set(bearer(practice.admin))
      .expect(200);
    expect(audit.body.items[0].details.reason).toMatch(/edited after approval/);
  });

  it('voids the approval when targets change', async () => {
    const post = await inState('scheduled');
    const edited = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ targetAccountIds: [accountIds[0]] })
        .expect(200)
    ).body as Post;
    expect(edited.status).toBe('draft');
    expect(edited.targets).toHaveLength(1);
  });

  it('keeps the approval when only the time moves', async () => {
    const post = await inState('scheduled');
    const moved = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ scheduledFor: '2027-01-20T14:30' })
        .expect(200)
    ).body as Post;
    expect(moved.status).toBe('scheduled');
    expect(moved.scheduledAt).toBe('2027-01-20T19:30:00.000Z');
  });

  it('voids the approval when a reschedule changes the rendered text (a date in the template)', async () => {
    const post = await create({ baseText: 'Join us on {{scheduled "MMMM d"}} for our flu clinic!' });
    await submit(post.id).expect(200);
    expect((await approve(post.id, reviewer, undefined, 200)).body.status).toBe('scheduled');
    const moved = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ scheduledFor: '2027-01-21T09:00' })
        .expect(200)
    ).body as Post;
    expect(moved.status).toBe('draft');
    expect(moved.note).toMatch(/no longer/);
  });

  it('voids the approval of a dated template moved outside its month', async () => {
    const library = t.app.get((await import('@app/posts')).TemplateLibrary);
    const february = library.templates.find(
      (tpl) => tpl.kind === 'dated' && tpl.month === 2 && !tpl.requiredVars?.length,
    )!;
    expect(february).toBeDefined();
    const post = await create({
      baseText: 'Heart health matters all month long. Call {{practice.phone}}.',
      templateKey: february.key,
      scheduledFor: '2027-02-10T09:00',
    });
    await submit(post.id).expect(200);
    await approve(post.id, reviewer, undefined, 200);
    const within = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ scheduledFor: '2027-02-20T09:00' })
        .expect(200)
    ).body as Post;
    expect(within.status).toBe('scheduled');
    const outside = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ scheduledFor: '2027-03-05T09:00' })
        .expect(200)
    ).body as Post;
    expect(outside.status).toBe('draft');
    expect(outside.note).toMatch(/not 2027-03-05/);
  });

  it('requires a comment to request changes and a reason to reject', async () => {
    const post = await inState('in_review');
    const noComment = await t.http
      .post(`/api/posts/${post.id}/request-changes`)
      .set(bearer(reviewer))
      .send({})
      .expect(400);
    expect(noComment.body.fields.comment).toBeDefined();
    await t.http.post(`/api/posts/${post.id}/reject`).set(bearer(reviewer)).send({ reason: '' }).expect(400);
  });

  it('returns changes_requested to the author, who edits it back to a draft and resubmits', async () => {
    const post = await inState('changes_requested');
    const comments = await t.http.get(`/api/posts/${post.id}/comments`).set(bearer(author)).expect(200);
    expect(comments.body).toEqual([
      expect.objectContaining({ body: 'Use the new clinic date', decision: 'changes_requested' }),
    ]);
    const edited = (
      await t.http
        .patch(`/api/posts/${post.id}`)
        .set(bearer(author))
        .send({ baseText: 'Flu clinic moved to Saturday! Call {{practice.phone}}.' })
        .expect(200)
    ).body;
    expect(edited.status).toBe('draft');
    await submit(post.id).expect(200);
  });

  it('refuses to edit a rejected post (duplicate it instead)', async () => {
    const post = await inState('rejected');
    const res = await t.http.patch(`/api/posts/${post.id}`).set(bearer(author)).send({ baseText: 'x' }).expect(409);
    expect(res.body.currentState).toBe('rejected');
    const copy = (await t.http.post(`/api/posts/${post.id}/duplicate`).set(bearer(author)).expect(201)).body as Post;
    expect(copy.status).toBe('draft');
    expect(copy.scheduledAt).toBeNull();
    expect(copy.targets).toHaveLength(2);
  });

  it('keeps roles in the API: reviewers cannot draft, authors cannot approve', async () => {
    await t.http.post('/api/posts').set(bearer(reviewer)).send({ baseText: 'x' }).expect(403);
    const post = await inState('in_review');
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(author))
      .send({ contentHash: post.contentHash })
      .expect(403);
  });

  it('soft-deletes drafts, cancels scheduled posts on delete, and refuses to delete published posts', async () => {
    const draft = await create();
    await t.http.delete(`/api/posts/${draft.id}`).set(bearer(author)).expect(204);
    await t.http.get(`/api/posts/${draft.id}`).set(bearer(author)).expect(404);
    const published = await create();
    const { Post: PostEntity } = await import('@app/posts');
    await t.resources.dataSource.getRepository(PostEntity).update({ id: published.id }, { status: 'published' });
    const res = await t.http.delete(`/api/posts/${published.id}`).set(bearer(author)).expect(409);
    expect(res.body.message).toMatch(/mark them instead/);
    await t.http
      .post(`/api/posts/${published.id}/mark`)
      .set(bearer(reviewer))
      .send({ note: 'Removed from Facebook by hand' })
      .expect(200);
  });

  it('refuses unknown template variables when the post is saved', async () => {
    const res = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Call {{practice.fax_number}} today' })
      .expect(400);
    expect(res.body.message).toMatch(/practice\.fax_number/);
    await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Clinic on {{vars.clinic_day}}', templateVars: { clinic_day: 'Saturday' } })
      .expect(201);
  });

  it('shows over-limit text as a problem and refuses to submit it', async () => {
    const post = await create({ baseText: 'A'.repeat(300) });
    const full = (await get(post.id)) as Post & { problems: Array<{ network: string; message: string }> };
    expect(full.problems).toEqual([
      expect.objectContaining({ network: 'x', message: expect.stringMatching(/300 characters; the limit is 280/) }),
    ]);
    expect(full.contentHash).toBeNull();
    await submit(post.id).expect(400);
  });

  it('refuses to submit a post with no accounts, and a post in the past', async () => {
    const post = await create({ targetAccountIds: [] });
    await submit(post.id).expect(400);
    await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Late', scheduledFor: '2020-01-01T09:00' })
      .expect(400);
  });

  // Mixpost #200: a future time was refused as past because validation read the stored value, not the request.
  it('refuses a time one minute ago with a 400 that names it, and lets a draft whose stored time has passed move to tomorrow and be submitted', async () => {
    const zone = 'America/New_York';
    const minuteAgo = DateTime.now().setZone(zone).minus({ minutes: 1 }).toFormat("yyyy-LL-dd'T'HH:mm");
    const inThePast = {
      statusCode: 400,
      error: 'Bad Request',
      message: `The date and time ${minuteAgo.replace('T', ' ')} (${zone}) is in the past; pick a later time`,
    };
    const created = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Walk-ins welcome today.', targetAccountIds: accountIds, scheduledFor: minuteAgo })
      .expect(400);
    expect(created.body).toMatchObject(inThePast);
    const draft = await create({ baseText: 'Walk-ins welcome this week.' });
    const moved = await t.http
      .patch(`/api/posts/${draft.id}`)
      .set(bearer(author))
      .send({ scheduledFor: minuteAgo })
      .expect(400);
    expect(moved.body).toMatchObject(inThePast);

    // The draft's stored time passes while it waits (yesterday 09:00): the new time in the request is what counts.
    const yesterday = DateTime.now()
      .setZone(zone)
      .minus({ days: 1 })
      .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    await t.resources.dataSource
      .getRepository(PostRow)
      .update(
        { id: draft.id },
        { scheduledAt: yesterday.toJSDate(), scheduledLocal: yesterday.toFormat("yyyy-LL-dd'T'HH:mm") },
      );
    const tomorrow = DateTime.now().setZone(zone).plus({ days: 1 }).toFormat("yyyy-LL-dd'T'09:00");
    const rescheduled = (
      await t.http.patch(`/api/posts/${draft.id}`).set(bearer(author)).send({ scheduledFor: tomorrow }).expect(200)
    ).body;
    expect(rescheduled).toMatchObject({ status: 'draft', scheduledLocal: tomorrow });
    expect((await submit(draft.id).expect(200)).body).toMatchObject({ status: 'in_review', scheduledLocal: tomorrow });

    // A draft with no time at all gets tomorrow's time and is submitted the same way.
    const undated = await create({ baseText: 'Flu shots are in.', scheduledFor: undefined });
    expect(undated.scheduledAt).toBeNull();
    await t.http.patch(`/api/posts/${undated.id}`).set(bearer(author)).send({ scheduledFor: tomorrow }).expect(200);
    expect((await submit(undated.id).expect(200)).body).toMatchObject({
      status: 'in_review',
      scheduledLocal: tomorrow,
    });
  });
});
