// The calendar over HTTP: local times across DST in three zones, range and filter queries, tenant isolation.
import { DateTime } from 'luxon';
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { databaseKindOf } from '@app/core';
import { PostQueries } from '@app/calendar';
import { startTestApp, TestApp } from '../support/test-app';

describe('calendar times and queries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function practiceIn(zone: string): Promise<{ practice: TestPractice; author: TestUser; accountId: string }> {
    const practice = await createPractice(t, `Practice in ${zone}`, zone);
    return {
      practice,
      author: await practice.user(['author']),
      accountId: (await createAccount(t, practice.practiceId, 'facebook')).id,
    };
  }

  // The zoned projects (jest.config.js) are worth something only if the process is really in their zone: a setup
  // file setting process.env.TZ once left them all in UTC.
  it('runs with the process really in the zone its jest project names', () => {
    const zone = process.env.TZ ?? 'UTC';
    for (const at of [new Date('2027-01-15T12:00:00Z'), new Date('2027-07-15T12:00:00Z')])
      // getTimezoneOffset counts the other way round (minutes to add to reach UTC).
      expect(at.getTimezoneOffset() + DateTime.fromJSDate(at).setZone(zone).offset).toBe(0);
    expect(new Date('2027-07-15T12:00:00Z').toString()).toContain(
      DateTime.fromISO('2027-07-15T12:00:00Z').setZone(zone).toFormat('HH:mm'),
    );
  });

  it.each([
    // zone, a day before the change, a day after, and the UTC instants of 09:00 local on each
    ['America/New_York', '2027-03-13', '2027-03-15', '2027-03-13T14:00:00.000Z', '2027-03-15T13:00:00.000Z'],
    ['Europe/London', '2027-10-30', '2027-11-01', '2027-10-30T08:00:00.000Z', '2027-11-01T09:00:00.000Z'],
    ['Australia/Sydney', '2027-10-02', '2027-10-04', '2027-10-01T23:00:00.000Z', '2027-10-03T22:00:00.000Z'],
  ])('keeps 09:00 local in %s on both sides of a DST change', async (zone, before, after, utcBefore, utcAfter) => {
    const { author, accountId } = await practiceIn(zone);
    for (const [day, utc] of [
      [before, utcBefore],
      [after, utcAfter],
    ]) {
      const post = (
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({ baseText: 'Tip', targetAccountIds: [accountId], scheduledFor: `${day}T09:00` })
          .expect(201)
      ).body;
      expect(post).toMatchObject({ scheduledAt: utc, scheduledLocal: `${day}T09:00`, timezone: zone });
    }
  });

  it.each([
    ['America/New_York', '2027-03-14T02:30'],
    ['Europe/London', '2027-03-28T01:15'],
    ['Australia/Sydney', '2027-10-03T02:30'],
  ])('refuses a local time that does not exist in %s', async (zone, local) => {
    const { author } = await practiceIn(zone);
    const res = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Tip', scheduledFor: local })
      .expect(400);
    expect(res.body).toMatchObject({
      reason: 'nonexistent_local_time',
      message: expect.stringContaining('does not exist'),
    });
  });

  it.each([
    ['America/New_York', '2027-11-07T01:30', '-04:00', '2027-11-07T05:30:00.000Z'],
    ['Europe/London', '2027-10-31T01:30', '+01:00', '2027-10-31T00:30:00.000Z'],
    ['Australia/Sydney', '2027-04-04T02:30', '+11:00', '2027-04-03T15:30:00.000Z'],
  ])('asks for an offset when a local time in %s happens twice', async (zone, local, offset, utc) => {
    const { author } = await practiceIn(zone);
    const res = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Tip', scheduledFor: local })
      .expect(400);
    expect(res.body.reason).toBe('ambiguous_local_time');
    expect(res.body.options).toContain(`${local}${offset}`);
    const ok = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: 'Tip', scheduledFor: `${local}${offset}` })
      .expect(201);
    expect(ok.body.scheduledAt).toBe(utc);
  });

  it('picks 14:55 in Asia/Kolkata, stores 09:25Z, and shows 14:55', async () => {
    const { author } = await practiceIn('Asia/Kolkata');
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Tip', scheduledFor: '2027-01-05T14:55' })
        .expect(201)
    ).body;
    expect(post.scheduledAt).toBe('2027-01-05T09:25:00.000Z');
    const again = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
    expect(again.scheduledLocal).toBe('2027-01-05T14:55');
  });

  it('lists a month by local dates, with status, account and campaign filters', async () => {
    const { practice, author, accountId } = await practiceIn('America/Chicago');
    const other = (await createAccount(t, practice.practiceId, 'linkedin')).id;
    const make = (scheduledFor: string | null, extra: Record<string, unknown> = {}) =>
      t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Tip', targetAccountIds: [accountId], scheduledFor, ...extra })
        .expect(201);
    await make('2027-05-01T00:30'); // first minutes of May, local
    await make('2027-05-31T23:30', { campaign: 'Mental Health Month' });
    await make('2027-06-01T00:10');
    await make('2027-04-30T23:59');
    await make('2027-05-15T10:00', { targetAccountIds: [other] });
    await make(null);
    const may = (await t.http.get('/api/posts?from=2027-05-01&to=2027-05-31').set(bearer(author)).expect(200)).body;
    expect(may.map((p: { scheduledLocal: string }) => p.scheduledLocal)).toEqual([
      '2027-05-01T00:30',
      '2027-05-15T10:00',
      '2027-05-31T23:30',
    ]);
    const byAccount = (
      await t.http.get(`/api/posts?from=2027-05-01&to=2027-05-31&account=${other}`).set(bearer(author)).expect(200)
    ).body;
    expect(byAccount).toHaveLength(1);
    const byCampaign = (await t.http.get('/api/posts?campaign=Mental%20Health%20Month').set(bearer(author)).expect(200))
      .body;
    expect(byCampaign).toHaveLength(1);
    const drafts = (await t.http.get('/api/posts?status=draft&unscheduled=true').set(bearer(author)).expect(200)).body;
    expect(drafts).toHaveLength(6);
    const instants = (
      await t.http.get('/api/posts?from=2027-05-01T05:00:00Z&to=2027-05-01T06:00:00Z').set(bearer(author)).expect(200)
    ).body;
    expect(instants).toHaveLength(1);
    await t.http.get('/api/posts?status=live').set(bearer(author)).expect(400);
    await t.http.get('/api/posts?from=yesterday').set(bearer(author)).expect(400);
  });

  // PostgreSQL streams calendar rows straight into posts (calendar-rows-postgres.ts); a statement that fails
  // half-way must fail the request, not hang it or hand a broken connection back to the pool.
  (databaseKindOf(process.env.DATABASE_URL) === 'postgres' ? it : it.skip)(
    'fails a calendar read cleanly when its targets query fails, and the next read works',
    async () => {
      const { practice, author, accountId } = await practiceIn('America/Denver');
      for (const day of ['2027-08-02', '2027-08-03']) {
        await t.http
          .post('/api/posts')
          .set(bearer(author))
          .send({ baseText: 'Tip', targetAccountIds: [accountId], scheduledFor: `${day}T09:00` })
          .expect(201);
      }
      const queries = new PostQueries(t.resources.dataSource);
      const august = {
        from: new Date('2027-08-01T06:00:00Z'),
        to: new Date('2027-09-01T06:00:00Z'),
        lean: true,
        limit: 100,
      };
      await t.resources.dataSource.query('ALTER TABLE post_targets RENAME COLUMN "lastError" TO "lastErrorGone"');
      try {
        await expect(queries.calendar(practice.practiceId, august)).rejects.toThrow(/lastError/);
      } finally {
        await t.resources.dataSource.query('ALTER TABLE post_targets RENAME COLUMN "lastErrorGone" TO "lastError"');
      }
      const posts = await queries.calendar(practice.practiceId, august);
      expect(posts.map((p) => [p.scheduledLocal, p.targets!.map((target) => target.accountId)])).toEqual([
        ['2027-08-02T09:00', [accountId]],
        ['2027-08-03T09:00', [accountId]],
      ]);
      const listed = (await t.http.get('/api/posts?from=2027-08-01&to=2027-08-31').set(bearer(author)).expect(200))
        .body;
      expect(listed).toHaveLength(2);
    },
  );

  it("answers 404 for another practice's posts on every post endpoint", async () => {
    const a = await practiceIn('America/Chicago');
    const b = await practiceIn('America/Denver');
    const bPost = (
      await t.http
        .post('/api/posts')
        .set(bearer(b.author))
        .send({ baseText: 'Private to B', targetAccountIds: [b.accountId] })
        .expect(201)
    ).body;
    const reviewerA = await a.practice.user(['reviewer']);
    const calls = [
      t.http.get(`/api/posts/${bPost.id}`).set(bearer(a.author)),
      t.http.patch(`/api/posts/${bPost.id}`).set(bearer(a.author)).send({ baseText: 'hijack' }),
      t.http.delete(`/api/posts/${bPost.id}`).set(bearer(a.author)),
      t.http.post(`/api/posts/${bPost.id}/duplicate`).set(bearer(a.author)),
      t.http.post(`/api/posts/${bPost.id}/submit`).set(bearer(a.author)),
      t.http
        .post(`/api/posts/${bPost.id}/approve`)
        .set(bearer(reviewerA))
        .send({ contentHash: 'a'.repeat(64) }),
      t.http.post(`/api/posts/${bPost.id}/request-changes`).set(bearer(reviewerA)).send({ comment: 'please fix' }),
      t.http.post(`/api/posts/${bPost.id}/reject`).set(bearer(reviewerA)).send({ reason: 'xyz' }),
      t.http.post(`/api/posts/${bPost.id}/cancel`).set(bearer(reviewerA)),
      t.http.post(`/api/posts/${bPost.id}/mark`).set(bearer(reviewerA)).send({ note: 'xyz' }),
      t.http.get(`/api/posts/${bPost.id}/comments`).set(bearer(a.author)),
      t.http.post(`/api/posts/${bPost.id}/comments`).set(bearer(a.author)).send({ body: 'hi' }),
    ];
    for (const call of calls) expect((await call).status).toBe(404);
    const listA = (await t.http.get('/api/posts?unscheduled=true').set(bearer(a.author)).expect(200)).body;
    expect(listA.map((p: { id: string }) => p.id)).not.toContain(bPost.id);
    await t.http
      .post('/api/posts')
      .set(bearer(a.author))
      .send({ baseText: 'x', targetAccountIds: [b.accountId] })
      .expect(400);
    const still = (await t.http.get(`/api/posts/${bPost.id}`).set(bearer(b.author)).expect(200)).body;
    expect(still.baseText).toBe('Private to B');
  });
});
