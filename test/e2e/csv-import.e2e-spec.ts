// CSV import over HTTP: a good file becomes drafts at the right local times and accounts; a file with
// bad rows is refused whole, each problem named by row and column; size, role and format limits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Post } from '@app/calendar';
import { bearer, createAccount, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'csv', name));

type PostView = { id: string; status: string; origin: string; baseText: string; scheduledAt: string; scheduledLocal: string; campaign: string | null; targets: Array<{ accountId: string; network: string }> };

describe('CSV import', () => {
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let accounts: { facebook: string; x: string };

  beforeAll(async () => {
    t = await startTestApp();
    practice = await createPractice(t, 'Lakeside Family Medicine', 'America/New_York');
    author = await practice.user(['author']);
    accounts = { facebook: (await createAccount(t, practice.practiceId, 'facebook')).id, x: (await createAccount(t, practice.practiceId, 'x')).id };
    await t.http.patch('/api/practice').set(bearer(practice.admin)).send({ profile: { phones: ['(555) 201-3300'] } }).expect(200);
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, as: TestUser = author, filename = 'posts.csv') =>
    t.http.post('/api/posts/import').set(bearer(as)).attach('file', file, { filename, contentType: 'text/csv' });
  // Counted in the database (with soft-deleted rows), so nothing a failed import wrote can hide.
  const countPosts = () => t.resources.dataSource.getRepository(Post).count({ where: { practiceId: practice.practiceId }, withDeleted: true });

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

    const stored = (await t.http.get(`/api/posts/${posts[0].id}`).set(bearer(author)).expect(200)).body;
    expect(stored.rendered.x).toBe('Flu shots are in, and walk-ins are welcome!\nCall (555) 201-3300 to book.');
    const audit = (await t.http.get('/api/audit?action=posts.imported').set(bearer(practice.admin)).expect(200)).body;
    expect(audit.items[0]).toMatchObject({ action: 'posts.imported', details: expect.objectContaining({ posts: 4 }) });
    const created = (await t.http.get(`/api/audit?entityId=${posts[0].id}`).set(bearer(practice.admin)).expect(200)).body;
    expect(created.items.map((e: { action: string }) => e.action)).toEqual(['post.created']);
  });

  it('refuses a file with bad rows, naming each by row and column, and creates nothing', async () => {
    const before = await countPosts();
    const res = await upload(fixture('bad-posts.csv')).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringContaining('7 rows have problems; nothing was imported') });
    expect(res.body.errors).toEqual([
      { row: 2, column: 'date', message: 'date 2031-02-30 is not a day in the calendar' },
      { row: 3, column: 'time', reason: 'nonexistent_local_time', message: expect.stringContaining('02:30 on 2031-03-09 does not exist in America/New_York') },
      { row: 4, column: 'networks', message: 'Unknown network "instagram"; use facebook, linkedin, x' },
      { row: 5, column: 'text', message: 'text is empty' },
      { row: 6, column: 'text', message: expect.stringContaining('Unknown variable "practice.fone"') },
      { row: 7, column: 'text', message: expect.stringMatching(/^The X text is \d+ characters .* the limit is 280/) },
      { row: 8, column: 'date', message: expect.stringContaining('2020-01-06 09:00 (America/New_York) is in the past') },
    ]);
    expect(await countPosts()).toBe(before);
  });

  it('names the accounts to choose from when a network has several', async () => {
    const other = await createPractice(t, 'Two Pages Dental', 'America/Chicago');
    const otherAuthor = await other.user(['author']);
    await createAccount(t, other.practiceId, 'facebook', 'Downtown Office');
    const uptown = await createAccount(t, other.practiceId, 'facebook', 'Uptown Office');
    const file = Buffer.from('date,time,networks,text\n2031-05-01,09:00,facebook,Open house\n2031-05-02,09:00,facebook:Uptown Office,Open house\n2031-05-03,09:00,linkedin,Hi\n');
    const res = await upload(file, otherAuthor).expect(400);
    expect(res.body.errors).toEqual([
      { row: 2, column: 'networks', message: 'The practice has 2 Facebook accounts ("Downtown Office", "Uptown Office"); write facebook:<account name> to pick one' },
      { row: 4, column: 'networks', message: expect.stringContaining('no connected LinkedIn account') },
    ]);
    const ok = await upload(Buffer.from('date,time,networks,text\n2031-05-02,09:00,facebook:uptown office,Open house\n'), otherAuthor).expect(201);
    expect(ok.body.posts[0].targets.map((x: { accountId: string }) => x.accountId)).toEqual([uptown.id]);
    // Another practice's accounts are never matched.
    expect((await t.http.get('/api/posts?unscheduled=true').set(bearer(author)).expect(200)).body.map((p: PostView) => p.id)).not.toContain(ok.body.posts[0].id);
  });

  it('refuses a file over 1 MB with 413', async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, 'a');
    const res = await upload(big).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, message: expect.stringContaining('larger than 1 MB') });
  });

  it('refuses more than 1,000 posts in one file', async () => {
    const rows = Array.from({ length: 1001 }, (_, i) => `2031-06-01,${String(8 + (i % 10)).padStart(2, '0')}:00,facebook,Tip ${i}`);
    const res = await upload(Buffer.from(['date,time,networks,text', ...rows].join('\n'))).expect(400);
    expect(res.body.errors).toEqual([{ row: null, column: null, message: 'The file has 1,001 posts; import at most 1,000 at a time (split the file)' }]);
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
    const wrongField = await t.http.post('/api/posts/import').set(bearer(author)).attach('upload', fixture('good-posts.csv'), 'posts.csv').expect(400);
    expect(wrongField.body.message).toBe('Send one CSV file, in the multipart field "file"');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const image = await upload(png, author, 'photo.png').expect(400);
    expect(image.body.errors[0].message).toMatch(/not UTF-8 text|binary/);
    const xlsx = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]), author, 'posts.xlsx').expect(400);
    expect(xlsx.body.errors[0].message).toContain('spreadsheet workbook');
  });
});
