// Correcting a practice's time zone: the API says what happens to the planned posts, refuses to guess, and applies
// the chosen rule (keep each post's wall time, or keep its instant) to the posts and their targets, audited.
import { DateTime } from 'luxon';
import { PostTarget } from '@app/posts';
import { bearer, uniqueTag } from '../support/factories';
import { PublishingFixture, startPublishingFixture } from '../support/publishing-fixture';

jest.setTimeout(120_000);

describe('correcting the practice time zone', () => {
  let f: PublishingFixture;
  // A week ahead, clear of any DST change in these zones for the coming days of most weeks, and of "now".
  const day = DateTime.now().setZone('America/Chicago').plus({ days: 7 }).toFormat('yyyy-LL-dd');

  beforeAll(async () => {
    f = await startPublishingFixture({ practiceName: 'Prairie Smiles', zone: 'America/Chicago' });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('explains, then keeps wall times or instants as chosen, moving the targets and auditing it', async () => {
    const { t, reviewer, author, practice } = f;
    const admin = practice.admin;
    const scheduled = await f.approvedPost(
      { baseText: `Flu shots this week ${uniqueTag()}`, scheduledFor: `${day}T09:00` },
      ['x'],
    );
    expect(scheduled.status).toBe('scheduled');
    const draft = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: `Holiday hours ${uniqueTag()}`, scheduledFor: `${day}T14:30` })
        .expect(201)
    ).body;
    const post = async (id: string) => (await t.http.get(`/api/posts/${id}`).set(bearer(reviewer)).expect(200)).body;
    const dueAt = async () =>
      (await t.resources.dataSource.getRepository(PostTarget).findOneByOrFail({ postId: scheduled.id })).dueAt!;
    const at = (local: string, zone: string) =>
      DateTime.fromISO(local, { zone }).toUTC().toISO({ suppressMilliseconds: true });
    const before = await post(scheduled.id);
    expect(before.scheduledAt).toBe(
      DateTime.fromISO(at(`${day}T09:00`, 'America/Chicago')!)
        .toJSDate()
        .toISOString(),
    );

    // What would happen, per post, before anything changes (admins only).
    await t.http.get('/api/practice/timezone-change?timezone=America/New_York').set(bearer(author)).expect(403);
    await t.http.get('/api/practice/timezone-change?timezone=Mars/Olympus').set(bearer(admin)).expect(400);
    const preview = (
      await t.http.get('/api/practice/timezone-change?timezone=America/New_York').set(bearer(admin)).expect(200)
    ).body;
    expect(preview).toMatchObject({
      from: 'America/Chicago',
      to: 'America/New_York',
      summary: expect.stringMatching(/affects 2 planned posts/),
    });
    expect(preview.posts.find((p: { postId: string }) => p.postId === scheduled.id)).toEqual({
      postId: scheduled.id,
      status: 'scheduled',
      now: { local: `${day}T09:00`, at: at(`${day}T09:00`, 'America/Chicago') },
      keepWallTimes: { local: `${day}T09:00`, at: at(`${day}T09:00`, 'America/New_York') },
      keepInstants: { local: `${day}T10:00`, at: at(`${day}T09:00`, 'America/Chicago') },
      wallTimePassed: false,
    });

    // No guessing: a new zone with planned posts needs the choice.
    const refused = await t.http
      .patch('/api/practice')
      .set(bearer(admin))
      .send({ timezone: 'America/New_York' })
      .expect(409);
    expect(refused.body.message).toMatch(/keep_wall_times.*keep_instants/);
    expect((await t.http.get('/api/practice').set(bearer(admin)).expect(200)).body.timezone).toBe('America/Chicago');
    await t.http
      .patch('/api/practice')
      .set(bearer(admin))
      .send({ timezone: 'America/New_York', scheduledPosts: 'whatever' })
      .expect(400);

    // Keep wall times: 09:00 stays 09:00, now in New York, an hour earlier in UTC; the target's due time follows.
    await t.http
      .patch('/api/practice')
      .set(bearer(admin))
      .send({ timezone: 'America/New_York', scheduledPosts: 'keep_wall_times' })
      .expect(200);
    const kept = await post(scheduled.id);
    expect(kept).toMatchObject({ timezone: 'America/New_York', scheduledLocal: `${day}T09:00` });
    expect(kept.scheduledAt).toBe(new Date(at(`${day}T09:00`, 'America/New_York')!).toISOString());
    expect((await dueAt()).toISOString()).toBe(kept.scheduledAt);
    expect(await post(draft.id)).toMatchObject({ timezone: 'America/New_York', scheduledLocal: `${day}T14:30` });

    // Keep instants: the same moment, shown at Denver's local time; nothing moves in UTC.
    await t.http
      .patch('/api/practice')
      .set(bearer(admin))
      .send({ timezone: 'America/Denver', scheduledPosts: 'keep_instants' })
      .expect(200);
    const same = await post(scheduled.id);
    expect(same).toMatchObject({
      timezone: 'America/Denver',
      scheduledLocal: `${day}T07:00`,
      scheduledAt: kept.scheduledAt,
    });
    expect((await dueAt()).toISOString()).toBe(kept.scheduledAt);

    const audit = (await t.http.get('/api/audit?action=practice.timezone_changed').set(bearer(admin)).expect(200)).body
      .items;
    expect(audit).toHaveLength(2);
    const wallEntry = audit.find((e: { details: { choice: string } }) => e.details.choice === 'keep_wall_times');
    expect(wallEntry.details).toMatchObject({ from: 'America/Chicago', to: 'America/New_York' });
    expect(wallEntry.details.posts).toContainEqual({
      postId: scheduled.id,
      before: { local: `${day}T09:00`, at: at(`${day}T09:00`, 'America/Chicago') },
      after: { local: `${day}T09:00`, at: at(`${day}T09:00`, 'America/New_York') },
    });
  });
});
