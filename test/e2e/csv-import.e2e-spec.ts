// CSV import over HTTP: a good file becomes drafts at the right local times and accounts; a file with
// bad rows is refused whole, each problem named by row and column; size, role and format limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { hashOf } from '@app/core';
import { Post } from '@app/posts';
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'csv', name));

type PostView = {
  id: string;
  status: string;
  origin: string;
  baseText: string;
  scheduledAt: string;
  scheduledLocal: string;
  campaign: string | null;
  targets: Array<{ accountId: string; network: string }>;
};

describe('CSV import', () => {
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let accounts: { facebook: string; x: string };

  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Lakeside Family Medicine', 'America/New_York');
    author = await practice.user(['author']);
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

  const upload = (file: Buffer, as: TestUser = author, filename = 'posts.csv') =>
    t.http.post('/api/posts/import').set(bearer(as)).attach('file', file, { filename, contentType: 'text/csv' });
  // Counted in the database (with soft-deleted rows), so nothing a failed import wrote can hide.
  const countPosts = () =>
    t.resources.dataSource.getRepository(Post).count({ where: { practiceId: practice.practiceId }, withDeleted: true });

  it('creates every row as a draft at its local time, with its accounts', async () => {
    const res = await upload(fixture('good-posts.csv')).expect(201);
    expect(res.body.created).toBe(4);
    const posts = res.body.posts as PostView[];
    expect(posts.map((p) => [p.scheduledLocal, p.scheduledAt])).toEqual([
      ['2031-01-14T09:00', '2031-01-14T14:00:00.000Z'],
      ['2031-03-08T09:00', '2031-03-08T14:00:00.000Z'],
      ['2031-03-10T09:00', '2031-03-10T13:00:00.000Z'], // after the spring change: same wall time, an hour earlier in UTC
      ['2031-11-02T01:30', '2031-11-02T06:30:00.000Z'], // the second 01:30, as the row's offset asked
    ]);
    expect(posts.every((p) => p.status === 'draft' && p.origin === 'csv_import')).toBe(true);
    expect(posts[0].baseText).toBe('Flu shots are in, and walk-ins are welcome!\nCall {{practice.phone}} to book.');
    expect(posts[0].campaign).toBe('Flu season');
    expect(posts[0].targets.map((x) => x.accountId)).toEqual([accounts.facebook, accounts.x]);
    expect(posts[1].targets.map((x) => x.network)).toEqual(['facebook']);
    expect(posts[2].baseText).toBe('Same 9 o\'clock, one hour later in UTC. "Spring ahead"!');
    expect(posts[2].targets.map((x) => x.network)).toEqual(['facebook', 'x']);
    expect(posts[3].targets.map((x) => x.network)).toEqual(['x']);

    // Each answer is the stored post (ids and targets included), whatever order the database keeps them in.
    for (const post of posts) {
      const again = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body as PostView & {
        targets: Array<{ id: string }>;
      };
      expect(again).toEqual(expect.objectContaining(post));
    }
    const stored = (await t.http.get(`/api/posts/${posts[0].id}`).set(bearer(author)).expect(200)).body;
    expect(stored.rendered.x).toBe('Flu shots are in, and walk-ins are welcome!\nCall (555) 201-3300 to book.');
    const audit = (await t.http.get('/api/audit?action=posts.imported').set(bearer(practice.admin)).expect(200)).body;
    expect(audit.items[0]).toMatchObject({ action: 'posts.imported', details: expect.objectContaining({ posts: 4 }) });
    const created = (await t.http.get(`/api/audit?entityId=${posts[0].id}`).set(bearer(practice.admin)).expect(200))
      .body;
    expect(created.items.map((e: { action: string }) => e.action)).toEqual(['post.created']);
  });

  it('imports 300 rows as exactly those drafts, each audited as a post.created like a post made in the composer', async () => {
    const zone = 'America/New_York';
    const clinic = await createPractice(t, 'Riverside Pediatrics', zone);
    const writer = await clinic.user(['author']);
    const ids = {
      facebook: (await createAccount(t, clinic.practiceId, 'facebook')).id,
      linkedin: (await createAccount(t, clinic.practiceId, 'linkedin')).id,
      x: (await createAccount(t, clinic.practiceId, 'x')).id,
    };
    await t.http
      .patch('/api/practice')
      .set(bearer(clinic.admin))
      .send({ profile: { phones: ['(555) 410-2200'] } })
      .expect(200);
    const cells: Array<Array<keyof typeof ids>> = [
      ['facebook'],
      ['linkedin', 'x'],
      ['x'],
      ['facebook', 'linkedin', 'x'],
      ['linkedin'],
    ];
    // 300 days from 2032-01-01, across the spring change (2032-03-14), in office hours.
    const rows = Array.from({ length: 300 }, (_, i) => {
      const local = `${DateTime.fromISO('2032-01-01', { zone }).plus({ days: i }).toISODate()}T${String(8 + (i % 9)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`;
      const text =
        i % 3 === 0
          ? `Tip ${i}: call {{practice.phone}} to book a "well-child" visit.\nWalk-ins welcome.`
          : `Tip ${i}: wash hands for 20 seconds.`;
      return { local, networks: cells[i % cells.length], text, campaign: i % 4 === 0 ? `Campaign ${i % 3}` : null };
    });
    const csv = [
      'date,time,networks,text,campaign',
      ...rows.map((r) =>
        [
          r.local.slice(0, 10),
          r.local.slice(11),
          r.networks.join(';'),
          `"${r.text.replace(/"/g, '""')}"`,
          r.campaign ?? '',
        ].join(','),
      ),
    ].join('\n');
    const auditBefore = (await t.http.get('/api/audit/verify').set(bearer(clinic.admin)).expect(200)).body
      .lastSeq as number;

    const res = await upload(Buffer.from(csv), writer).expect(201);
    expect(res.body.created).toBe(300);
    const posts = res.body.posts as PostView[];
    const expected = rows.map((r) => ({
      status: 'draft',
      origin: 'csv_import',
      baseText: r.text,
      campaign: r.campaign,
      scheduledLocal: r.local,
      scheduledAt: DateTime.fromISO(r.local, { zone }).toUTC().toISO(),
      targets: r.networks.map((n) => ({ accountId: ids[n], network: n })),
    }));
    expect(
      posts.map((p) => ({ ...p, targets: p.targets.map(({ accountId, network }) => ({ accountId, network })) })),
    ).toEqual(expected.map((e) => expect.objectContaining(e)));

    // What the database holds, not just what the answer said: these drafts and their targets, nothing else.
    const ds = t.resources.dataSource;
    const stored = await ds
      .getRepository(Post)
      .find({ where: { practiceId: clinic.practiceId }, relations: { targets: true }, withDeleted: true });
    expect(stored).toHaveLength(300);
    const byId = new Map(stored.map((p) => [p.id, p]));
    posts.forEach((post, i) => {
      const row = byId.get(post.id)!;
      expect({
        status: row.status,
        origin: row.origin,
        baseText: row.baseText,
        campaign: row.campaign,
        scheduledLocal: row.scheduledLocal,
        scheduledAt: row.scheduledAt?.toISOString(),
      }).toEqual({
        status: 'draft',
        origin: 'csv_import',
        baseText: rows[i].text,
        campaign: rows[i].campaign,
        scheduledLocal: rows[i].local,
        scheduledAt: expected[i].scheduledAt,
      });
      expect(row.targets!.map((x) => [x.accountId, x.network, x.status, x.dueAt]).sort()).toEqual(
        rows[i].networks.map((n) => [ids[n], n, 'pending', null]).sort(),
      );
      expect(row.targets!.map((x) => [x.id, x.accountId]).sort()).toEqual(
        post.targets.map((x) => [(x as unknown as { id: string }).id, x.accountId]).sort(),
      );
    });

    // The same row typed into the composer: the same stored fields and the same audited content.
    const typed = (
      await t.http
        .post('/api/posts')
        .set(bearer(writer))
        .send({
          baseText: rows[0].text,
          targetAccountIds: rows[0].networks.map((n) => ids[n]),
          scheduledFor: rows[0].local,
          campaign: rows[0].campaign,
        })
        .expect(201)
    ).body as PostView & Record<string, unknown>;
    const comparable = (p: Record<string, unknown>) => ({
      ...p,
      id: undefined,
      createdAt: undefined,
      updatedAt: undefined,
      origin: undefined,
      targets: undefined,
    });
    const imported = (await t.http.get(`/api/posts/${posts[0].id}`).set(bearer(writer)).expect(200)).body as Record<
      string,
      unknown
    >;
    const composed = (await t.http.get(`/api/posts/${typed.id}`).set(bearer(writer)).expect(200)).body as Record<
      string,
      unknown
    >;
    expect(comparable(imported)).toEqual(comparable(composed));

    const verify = (await t.http.get('/api/audit/verify').set(bearer(clinic.admin)).expect(200)).body;
    expect(verify).toMatchObject({ intact: true, breaks: [], lastSeq: auditBefore + 302 });
    type Entry = {
      seq: number;
      action: string;
      entityId: string;
      afterHash: string | null;
      details: Record<string, unknown>;
    };
    const entries = (
      (await t.http.get('/api/audit?pageSize=500').set(bearer(clinic.admin)).expect(200)).body.items as Entry[]
    )
      .filter((e) => e.seq > auditBefore)
      .sort((a, b) => a.seq - b.seq);
    // One post.created per post, in file order, then posts.imported, then the composer's post.created.
    expect(entries.map((e) => e.action)).toEqual([
      ...Array<string>(300).fill('post.created'),
      'posts.imported',
      'post.created',
    ]);
    expect(entries.slice(0, 300).map((e) => e.entityId)).toEqual(posts.map((p) => p.id));
    entries.slice(0, 300).forEach((entry, i) => {
      expect(entry.details).toEqual({
        origin: 'csv_import',
        scheduledLocal: rows[i].local,
        targets: rows[i].networks.length,
        templateKey: null,
      });
      expect(entry.afterHash).toBe(
        hashOf({
          baseText: rows[i].text,
          variants: {},
          media: [],
          templateVars: {},
          templateKey: null,
          targets: rows[i].networks.map((n) => ids[n]),
          scheduledLocal: rows[i].local,
          timezone: zone,
          version: 1,
        }),
      );
    });
    expect(entries[300].details).toMatchObject({ origin: 'csv_import', posts: 300 });
    expect(entries[301]).toMatchObject({
      entityId: typed.id,
      afterHash: entries[0].afterHash,
      details: { ...entries[0].details, origin: 'person' },
    });
  });

  it('refuses a file with bad rows, naming each by row and column, and creates nothing', async () => {
    const before = await countPosts();
    const res = await upload(fixture('bad-posts.csv')).expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringContaining('7 rows have problems; nothing was imported'),
    });
    expect(res.body.errors).toEqual([
      { row: 2, column: 'date', message: 'date 2031-02-30 is not a day in the calendar' },
      {
        row: 3,
        column: 'time',
        reason: 'nonexistent_local_time',
        message: expect.stringContaining('02:30 on 2031-03-09 does not exist in America/New_York'),
      },
      {
        row: 4,
        column: 'networks',
        message: 'Unknown network "tiktok"; use facebook, linkedin, x, instagram, google_business',
      },
      { row: 5, column: 'text', message: 'text is empty' },
      { row: 6, column: 'text', message: expect.stringContaining('Unknown variable "practice.fone"') },
      { row: 7, column: 'text', message: expect.stringMatching(/^The X text is \d+ characters .* the limit is 280/) },
      {
        row: 8,
        column: 'date',
        message: expect.stringContaining('2020-01-06 09:00 (America/New_York) is in the past'),
      },
    ]);
    expect(await countPosts()).toBe(before);
  });

  it('names the accounts to choose from when a network has several', async () => {
    const other = await createPractice(t, 'Two Pages Dental', 'America/Chicago');
    const otherAuthor = await other.user(['author']);
    await createAccount(t, other.practiceId, 'facebook', 'Downtown Office');
    const uptown = await createAccount(t, other.practiceId, 'facebook', 'Uptown Office');
    const file = Buffer.from(
      'date,time,networks,text\n2031-05-01,09:00,facebook,Open house\n2031-05-02,09:00,facebook:Uptown Office,Open house\n2031-05-03,09:00,linkedin,Hi\n',
    );
    const res = await upload(file, otherAuthor).expect(400);
    expect(res.body.errors).toEqual([
      {
        row: 2,
        column: 'networks',
        message:
          'The practice has 2 Facebook accounts ("Downtown Office", "Uptown Office"); write facebook:<account name> to pick one',
      },
      { row: 4, column: 'networks', message: expect.stringContaining('no connected LinkedIn account') },
    ]);
    const ok = await upload(
      Buffer.from('date,time,networks,text\n2031-05-02,09:00,facebook:uptown office,Open house\n'),
      otherAuthor,
    ).expect(201);
    expect(ok.body.posts[0].targets.map((x: { accountId: string }) => x.accountId)).toEqual([uptown.id]);
    // Another practice's accounts are never matched.
    expect(
      (await t.http.get('/api/posts?unscheduled=true').set(bearer(author)).expect(200)).body.map((p: PostView) => p.id),
    ).not.toContain(ok.body.posts[0].id);
  });

  it('refuses a file over 1 MB with 413', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const res = await upload(big).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: expect.stringContaining('larger than 1 MB') });
  });

  it('refuses more than 1,000 posts in one file', async () => {
    const rows = Array.from(
      { length: 1001 },
      (_, i) => `2031-06-01,${String(8 + (i % 10)).padStart(2, '0')}:00,facebook,Tip ${i}`,
    );
    const res = await upload(Buffer.from(['date,time,networks,text', ...rows].join('\n'))).expect(400);
    expect(res.body.errors).toEqual([
      { row: null, column: null, message: 'The file has 1,001 posts; import at most 1,000 at a time (split the file)' },
    ]);
  });

  it('is for authors and admins only', async () => {
    const reviewer = await practice.user(['reviewer']);
    await upload(fixture('good-posts.csv'), reviewer).expect(403);
    await t.http.post('/api/posts/import').attach('file', fixture('good-posts.csv'), 'posts.csv').expect(401);
  });

  it('answers 400 without a file, with another field name, or with something that is not CSV', async () => {
    const none = await t.http.post('/api/posts/import').set(bearer(author)).field('note', 'no file here').expect(400);
    expect(none.body.message).toContain('Attach the CSV file in the multipart/form-data field "file"');
    await t.http.post('/api/posts/import').set(bearer(author)).send({ file: 'date,time' }).expect(400);
    const wrongField = await t.http
      .post('/api/posts/import')
      .set(bearer(author))
      .attach('upload', fixture('good-posts.csv'), 'posts.csv')
      .expect(400);
    expect(wrongField.body.message).toBe('Send one CSV file, in the multipart field "file"');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const image = await upload(png, author, 'photo.png').expect(400);
    expect(image.body.errors[0].message).toMatch(/not UTF-8 text|binary/);
    const xlsx = await upload(
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]),
      author,
      'posts.xlsx',
    ).expect(400);
    expect(xlsx.body.errors[0].message).toContain('spreadsheet workbook');
  });
});
