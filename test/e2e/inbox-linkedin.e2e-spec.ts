// LinkedIn comments on our organization's posts, by polling, on PostgreSQL and SQLite: read with the
// versioned REST headers, tied to our post, the cursor (newest comment time) makes the next poll read
// nothing twice, and LinkedIn comments cannot be hidden (400, nothing recorded).
import { SocialAccount, TokenVault } from '@app/accounts';
import { InboxComment } from '@app/inbox';
import { PostTarget } from '@app/posts';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('LinkedIn inbox (comments on our organization posts, polled)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let shareUrn: string;
  let ourPostId: string;

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile! });
    practice = await createPractice(t, 'Harbor Orthopedics', 'America/New_York');
    author = await practice.user(['author']);
    const token = fakes.linkedin.issueTestToken();
    const orgId = token.organizationIds[0];
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    const account = await repo.save(
      repo.create({
        practiceId: practice.practiceId,
        network: 'linkedin',
        externalId: orgId,
        name: 'Harbor Orthopedics',
        handle: null,
        status: 'connected',
        evergreenFill: false,
        cadence: null,
      }),
    );
    account.accessTokenEnc = new TokenVault(t.resources.config.SECRET_KEY).seal(token.accessToken, account.id);
    await repo.save(account);
    const post = (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: 'Meet our new sports medicine team', targetAccountIds: [account.id] })
        .expect(201)
    ).body as { id: string };
    ourPostId = post.id;
    shareUrn = `urn:li:share:${7_300_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e6))}`;
    fakes.linkedin.published.push({
      id: shareUrn,
      author: `urn:li:organization:${orgId}`,
      commentarySent: 'Meet our new sports medicine team',
      commentary: 'Meet our new sports medicine team',
      publishedText: 'Meet our new sports medicine team',
      truncated: false,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      createdAt: Date.now() - 3600_000,
      version: t.resources.config.LINKEDIN_VERSION,
    });
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update(
        { practiceId: practice.practiceId, postId: post.id },
        { externalId: shareUrn, status: 'published', publishedAt: new Date(Date.now() - 3600_000) },
      );
  });

  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  const sync = async () => (await t.http.post('/api/inbox/sync').set(bearer(author)).expect(200)).body;
  const rows = () => t.resources.dataSource.getRepository(InboxComment).findBy({ practiceId: practice.practiceId });

  it('reads comments on our post, triages them, and a second poll stores nothing twice', async () => {
    fakes.linkedin.addComment(shareUrn, { text: 'Wonderful team, I highly recommend them.' });
    fakes.linkedin.addComment(shareUrn, { text: 'Is the job posting for the PT position still open?' });
    expect(await sync()).toMatchObject({ created: 2, failed: [] });
    const stored = await rows();
    expect(stored.every((r) => r.postId === ourPostId && r.network === 'linkedin')).toBe(true);
    expect(stored.map((r) => r.labels).sort()).toEqual([['general'], ['praise']]);
    expect((await sync()).created).toBe(0);
    fakes.linkedin.addComment(shareUrn, { text: 'Thank you all!' });
    expect((await sync()).created).toBe(1);
    expect(await rows()).toHaveLength(3);
  });

  it('refuses to hide a LinkedIn comment (the network has no hide) with 400', async () => {
    const row = (await rows())[0];
    const res = await t.http.post(`/api/inbox/${row.id}/hide`).set(bearer(author)).expect(400);
    expect(res.body.message).toMatch(/linkedin does not let a page hide comments/);
  });
});
