// The iCal feed over HTTP, read back with node-ical: instants across a DST change, summaries and UIDs,
// tenant isolation, and a token that stops working when rotated, revoked or its user is deactivated.
import { DateTime } from 'luxon';
import * as ical from 'node-ical';
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

/** The first DST change 3 to 170 days ahead in one of these zones, so the feed's 180-day window holds both sides. */
function upcomingDstChange(): { zone: string; dayBefore: string; dayAfter: string } {
  for (const zone of ['America/New_York', 'Australia/Sydney', 'Europe/London']) {
    const today = DateTime.now().setZone(zone).startOf('day');
    for (let i = 3; i < 170; i++) {
      const day = today.plus({ days: i });
      const at9 = (d: DateTime) => DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: 9 }, { zone });
      if (at9(day).offset !== at9(day.plus({ days: 1 })).offset)
        return { zone, dayBefore: day.toISODate()!, dayAfter: day.plus({ days: 1 }).toISODate()! };
    }
  }
  throw new Error('No DST change within 170 days in the zones tried');
}

type FeedEvent = ical.VEvent & { uid: string };

describe('iCal feed', () => {
  const dst = upcomingDstChange();
  const inZone = (isoDay: string, hour = 9) =>
    DateTime.fromISO(`${isoDay}T${String(hour).padStart(2, '0')}:00`, { zone: dst.zone });
  const dayAhead = (days: number) => DateTime.now().setZone(dst.zone).plus({ days }).toISODate()!;

  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: { facebook: string; x: string };

  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Harbor Pediatrics', dst.zone);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = {
      facebook: (await createAccount(t, practice.practiceId, 'facebook')).id,
      x: (await createAccount(t, practice.practiceId, 'x')).id,
    };
    await t.http
      .patch('/api/practice')
      .set(bearer(practice.admin))
      .send({ profile: { phones: ['(555) 201-3300'] } })
      .expect(200);
  });
  afterAll(() => t.close());

  const draft = async (
    scheduledFor: string | null,
    extra: Record<string, unknown> = {},
    as: TestUser = author,
  ): Promise<{ id: string }> =>
    (
      await t.http
        .post('/api/posts')
        .set(bearer(as))
        .send({
          baseText: 'Flu shots are in! Call {{practice.phone}} to book.',
          targetAccountIds: [accounts.facebook, accounts.x],
          scheduledFor,
          ...extra,
        })
        .expect(201)
    ).body;
  const schedule = async (scheduledFor: string, extra: Record<string, unknown> = {}) => {
    const post = await draft(scheduledFor, extra);
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const { contentHash } = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    const approved = (
      await t.http.post(`/api/posts/${post.id}/approve`).set(bearer(reviewer)).send({ contentHash }).expect(200)
    ).body;
    expect(approved.status).toBe('scheduled');
    return post;
  };
  const newFeed = async (user: TestUser): Promise<{ url: string; token: string }> => {
    const { url } = (await t.http.post('/api/users/me/calendar-feed').set(bearer(user)).expect(201)).body;
    return { url, token: new URL(url).searchParams.get('token')! };
  };
  const fetchFeed = (token: string) => t.http.get(`/api/calendar.ics?token=${encodeURIComponent(token)}`);
  const eventsOf = (text: string): Map<string, FeedEvent> =>
    new Map(
      Object.values(ical.sync.parseICS(text))
        .filter((c): c is FeedEvent => c?.type === 'VEVENT')
        .map((e) => [e.uid.split('@')[0], e]),
    );

  it('serves every dated post at its instant, in the practice zone, to the token alone', async () => {
    const before = await schedule(`${dst.dayBefore}T09:00`);
    const after = await schedule(`${dst.dayAfter}T09:00`);
    const approvedOnly = await schedule(`${dayAhead(20)}T16:45`);
    await t.http.post(`/api/posts/${approvedOnly.id}/cancel`).set(bearer(reviewer)).expect(200); // approved, with its time
    const datedDraft = await draft(`${dayAhead(10)}T12:00`, {
      targetAccountIds: [accounts.facebook],
      baseText: 'Draft naming nobody yet',
    });
    const undated = await draft(null);
    const rejected = await draft(`${dayAhead(11)}T12:00`);
    await t.http.post(`/api/posts/${rejected.id}/submit`).set(bearer(author)).expect(200);
    await t.http
      .post(`/api/posts/${rejected.id}/reject`)
      .set(bearer(reviewer))
      .send({ reason: 'Not this month' })
      .expect(200);
    const tooFar = await draft(`${dayAhead(200)}T09:00`);
    const other = await createPractice(t, 'Other Practice', 'America/Denver');
    const otherAuthor = await other.user(['author']);
    const otherAccount = (await createAccount(t, other.practiceId, 'facebook')).id;
    const otherPost = (
      await t.http
        .post('/api/posts')
        .set(bearer(otherAuthor))
        .send({
          baseText: 'Other practice news',
          targetAccountIds: [otherAccount],
          scheduledFor: `${dayAhead(5)}T09:00`,
        })
        .expect(201)
    ).body;

    const { url, token } = await newFeed(author);
    expect(url).toMatch(/^http:\/\/localhost:3000\/api\/calendar\.ics\?token=[A-Za-z0-9_-]{43}$/);
    const res = await fetchFeed(token).expect(200); // no Authorization header, no cookie
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toContain(`DTSTART;TZID=${dst.zone}:${dst.dayBefore.replace(/-/g, '')}T090000`);
    expect(res.text).toContain(`DTSTART;TZID=${dst.zone}:${dst.dayAfter.replace(/-/g, '')}T090000`);
    expect(res.text).toContain('BEGIN:VTIMEZONE');

    const events = eventsOf(res.text);
    expect([...events.keys()].sort()).toEqual([before.id, after.id, approvedOnly.id, datedDraft.id].sort());
    for (const absent of [undated, rejected, tooFar, otherPost]) expect(events.has(absent.id)).toBe(false);

    const expectedBefore = inZone(dst.dayBefore).toJSDate();
    const expectedAfter = inZone(dst.dayAfter).toJSDate();
    expect(events.get(before.id)!.start.toISOString()).toBe(expectedBefore.toISOString());
    expect(events.get(after.id)!.start.toISOString()).toBe(expectedAfter.toISOString());
    // Both are 09:00 local, so the instants are 24 hours apart give or take the DST shift.
    expect(Math.abs(expectedAfter.getTime() - expectedBefore.getTime() - 86_400_000)).toBeGreaterThan(0);
    expect(events.get(before.id)!.end!.getTime() - expectedBefore.getTime()).toBe(15 * 60_000);
    expect(events.get(before.id)!.uid).toBe(`${before.id}@localhost`);

    expect(String(events.get(before.id)!.summary)).toBe(
      '[Scheduled] Flu shots are in! Call (555) 201-3300 to book. (Facebook, X)',
    );
    expect(String(events.get(approvedOnly.id)!.summary)).toBe(
      '[Approved] Flu shots are in! Call (555) 201-3300 to book. (Facebook, X)',
    );
    expect(events.get(approvedOnly.id)!.start.toISOString()).toBe(
      inZone(dayAhead(20), 16).plus({ minutes: 45 }).toJSDate().toISOString(),
    );
    // An unreviewed draft's text does not leave the app.
    expect(String(events.get(datedDraft.id)!.summary)).toBe('[Draft] Post not yet approved (Facebook)');
    expect(String(events.get(datedDraft.id)!.description)).not.toContain('naming nobody');
    expect(String(events.get(before.id)!.description)).toContain(
      `Open in the planner: http://localhost:3000/posts/${before.id}`,
    );
  });

  it('stops the old address when rotated, and every address when revoked', async () => {
    const first = await newFeed(author);
    await fetchFeed(first.token).expect(200);
    expect((await t.http.get('/api/users/me/calendar-feed').set(bearer(author)).expect(200)).body).toEqual({
      active: true,
    });
    const second = await newFeed(author);
    expect(second.token).not.toBe(first.token);
    const gone = await fetchFeed(first.token).expect(404);
    expect(gone.body).toMatchObject({ statusCode: 404 });
    await fetchFeed(second.token).expect(200);

    await t.http.delete('/api/users/me/calendar-feed').set(bearer(author)).expect(204);
    await fetchFeed(second.token).expect(404);
    expect((await t.http.get('/api/users/me/calendar-feed').set(bearer(author)).expect(200)).body).toEqual({
      active: false,
    });
    await t.http.delete('/api/users/me/calendar-feed').set(bearer(author)).expect(204); // nothing left to revoke

    const audit = (await t.http.get(`/api/audit?entityId=${author.id}`).set(bearer(practice.admin)).expect(200)).body;
    const actions = audit.items.map((e: { action: string }) => e.action);
    expect(actions.filter((a: string) => a.startsWith('user.calendar_feed'))).toEqual(
      expect.arrayContaining([
        'user.calendar_feed_created',
        'user.calendar_feed_rotated',
        'user.calendar_feed_revoked',
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain(second.token);
  });

  it("answers 404 for a deactivated user's feed, and for unknown or missing tokens", async () => {
    const leaving = await practice.user(['author']);
    const { token } = await newFeed(leaving);
    await fetchFeed(token).expect(200);
    await t.http.patch(`/api/users/${leaving.id}`).set(bearer(practice.admin)).send({ active: false }).expect(200);
    await fetchFeed(token).expect(404);
    await fetchFeed('A'.repeat(43)).expect(404);
    await fetchFeed('not a token').expect(404);
    await t.http.get('/api/calendar.ics').expect(404);
  });

  it('needs a session to manage the feed address', async () => {
    await t.http.post('/api/users/me/calendar-feed').expect(401);
    await t.http.delete('/api/users/me/calendar-feed').expect(401);
  });
});
