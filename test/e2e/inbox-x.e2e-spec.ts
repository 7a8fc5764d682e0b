// X mentions and replies end to end, on PostgreSQL and SQLite: polled with since_id, tied to our post,
// no duplicates across polls, a rate-limited poll stops cleanly and the next one catches up, and hiding a
// reply is sent to X and audited.
import { SocialAccount, TokenVault } from '@app/accounts';
import { InboxComment } from '@app/inbox';
import { PostTarget } from '@app/posts';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('X inbox (mentions and replies by polling)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let userId: string;
  let tweetId: string;
  let ourPostId: string;

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile! });
    practice = await createPractice(t, 'Mesa Pediatrics', 'America/Phoenix');
    author = await practice.user(['author']);
    const token = fakes.x.issueTestToken({
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'tweet.moderate.write'],
    });
    userId = token.userId;
    const repo = t.resources.dataSource.getRepository(SocialAccount);
    const account = await repo.save(
      repo.create({
        practiceId: practice.practiceId,
        network: 'x',
        externalId: userId,
        name: 'Mesa Pediatrics',
        handle: '@mesapeds',
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
        .send({ baseText: 'RSV season tips for parents', targetAccountIds: [account.id] })
        .expect(201)
    ).body as { id: string };
    ourPostId = post.id;
    tweetId = fakes.x.tweetIds.take();
    fakes.x.tweets.push({
      id: tweetId,
      authorId: userId,
      textSent: 'RSV season tips for parents',
      text: 'RSV season tips for parents',
      createdAt: Date.now() - 3600_000,
      mediaIds: [],
    });
    await t.resources.dataSource
      .getRepository(PostTarget)
      .update(
        { practiceId: practice.practiceId, postId: post.id },
        { externalId: tweetId, status: 'published', publishedAt: new Date(Date.now() - 3600_000) },
      );
  });

  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  const sync = async () => (await t.http.post('/api/inbox/sync').set(bearer(author)).expect(200)).body;
  const rows = () => t.resources.dataSource.getRepository(InboxComment).findBy({ practiceId: practice.practiceId });

  it('reads mentions and replies, ties replies to our post, and never stores one twice', async () => {
    fakes.x.addMention(userId, {
      text: '@mesapeds my baby is 5 weeks old and breathing really fast, ribs pulling in',
      inReplyToId: tweetId,
    });
    fakes.x.addMention(userId, { text: '@mesapeds are you open Saturday?' });
    const first = await sync();
    expect(first).toMatchObject({ created: 2, failed: [] });
    const stored = await rows();
    const reply = stored.find((r) => r.kind === 'reply')!;
    expect(reply).toMatchObject({
      network: 'x',
      postId: ourPostId,
      threadExternalId: tweetId,
      urgent: true,
      authorHandle: '@sam_posts',
    });
    expect(stored.find((r) => r.kind === 'mention')!.labels).toEqual(['general']);
    expect((await sync()).created).toBe(0);
    expect(await rows()).toHaveLength(2);
  });

  it('a rate-limited poll stops without storing half a page; the next poll catches up', async () => {
    fakes.x.addMention(userId, { text: '@mesapeds thank you for the flu clinic!' });
    fakes.x.fail({ kind: 'rate_limited', operation: 'read' });
    const limited = await sync();
    expect(limited.failed).toHaveLength(1);
    expect(limited.failed[0].error).toMatch(/Rate limit exceeded/); // X's documented 429 body
    expect(await rows()).toHaveLength(2);
    const next = await sync();
    expect(next).toMatchObject({ created: 1, failed: [] });
    expect(await rows()).toHaveLength(3);
  });

  it('hides a reply on X (a hidden reply) and audits it; a mention that is no reply cannot be hidden (400)', async () => {
    const stored = await rows();
    const reply = stored.find((r) => r.kind === 'reply')!;
    await t.http.post(`/api/inbox/${reply.id}/hide`).set(bearer(author)).expect(200);
    expect(fakes.x.mentions.find((m) => m.id === reply.externalId)!.hidden).toBe(true);
    const mention = stored.find((r) => r.kind === 'mention')!;
    await t.http.post(`/api/inbox/${mention.id}/hide`).set(bearer(author)).expect(400);
    const audit = (
      await t.http.get('/api/audit').query({ entityType: 'inbox_comment' }).set(bearer(practice.admin)).expect(200)
    ).body;
    expect((audit.items as Array<{ action: string; entityId: string }>).map((e) => [e.action, e.entityId])).toEqual([
      ['inbox.comment_hidden', reply.id],
    ]);
  });
});
