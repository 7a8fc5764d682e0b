// Alerts about a post close when their cause ends: "waiting for review" on approval, "not approved" once it is
// approved or moved, every one of them when the post is deleted; the navigation badge counts what stays open.
import { DateTime } from 'luxon';
import { AlertsService } from '@app/alerts';
import { connectAccounts } from '../browser/support/sign-in';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('post alerts close when their cause ends', () => {
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accountId: string;

  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Lakeside Family Dental', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accountId = (await connectAccounts(t, practice.practiceId)).facebook;
  });
  afterAll(() => t.close());

  const alerts = () => t.app.get(AlertsService);
  const inTwoHours = () =>
    DateTime.now().setZone('America/Chicago').plus({ hours: 2 }).startOf('minute').toFormat("yyyy-MM-dd'T'HH:mm");

  /** A post in review, with the alerts the reconciler raises for it (same kinds and keys). */
  async function postInReviewWithAlerts(): Promise<{ id: string; slotMs: number }> {
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: 'Our office is open late on Thursdays.',
          targetAccountIds: [accountId],
          scheduledFor: inTwoHours(),
        })
        .expect(201)
    ).body;
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const slotMs = Date.parse(post.scheduledAt);
    for (const kind of ['approval_waiting', 'unapproved_near_slot'] as const) {
      await alerts().raise(practice.practiceId, {
        kind,
        severity: 'warning',
        title: 'A post is waiting for review and its time is near',
        message: 'Waiting for a reviewer.',
        link: `/posts/${post.id}`,
        dedupeKey: `${kind}:${post.id}:${slotMs}`,
      });
    }
    return { id: post.id, slotMs };
  }
  const openFor = async (postId: string) =>
    (await t.http.get('/api/alerts?open=true').set(bearer(practice.admin)).expect(200)).body.filter(
      (a: { link: string }) => a.link === `/posts/${postId}`,
    );

  it('closes "waiting for review" and "not approved" alerts when the post is approved', async () => {
    const { id } = await postInReviewWithAlerts();
    expect(await openFor(id)).toHaveLength(2);
    const before = await alerts().countOpen(practice.practiceId);
    const seen = (await t.http.get(`/api/posts/${id}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    expect(await openFor(id)).toEqual([]);
    expect(await alerts().countOpen(practice.practiceId)).toBe(before - 2);
  });

  it('keeps "not approved" open when changes are requested, and closes it when the post moves or is deleted', async () => {
    const { id } = await postInReviewWithAlerts();
    await t.http
      .post(`/api/posts/${id}/request-changes`)
      .set(bearer(reviewer))
      .send({ comment: 'Please add our phone number.' })
      .expect(200);
    expect((await openFor(id)).map((a: { kind: string }) => a.kind)).toEqual(['unapproved_near_slot']);
    const later = DateTime.now().setZone('America/Chicago').plus({ days: 3 }).toFormat("yyyy-MM-dd'T'09:00");
    await t.http.patch(`/api/posts/${id}`).set(bearer(author)).send({ scheduledFor: later }).expect(200);
    expect(await openFor(id)).toEqual([]);

    const second = await postInReviewWithAlerts();
    await t.http.delete(`/api/posts/${second.id}`).set(bearer(author)).expect(204);
    expect(await openFor(second.id)).toEqual([]);
  });

  it('leaves another post’s alerts alone', async () => {
    const first = await postInReviewWithAlerts();
    const second = await postInReviewWithAlerts();
    const seen = (await t.http.get(`/api/posts/${first.id}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${first.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    expect(await openFor(second.id)).toHaveLength(2);
  });
});
