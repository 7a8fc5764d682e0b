// The inbox on the other networks, on PostgreSQL and SQLite: Instagram comments and Google Business Profile
// reviews read by polling (cursors, one row per network id, tied to our post), Instagram hide, and an approved
// reply sent exactly once on LinkedIn, X (also when X times out after creating it), Instagram and Google.
import { INestApplicationContext } from '@nestjs/common';
import { SocialAccount } from '@app/accounts';
import { InboxComment, InboxReply } from '@app/inbox';
import { startWorker } from '@app/scheduler';
import { RunningFakes, startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser } from '../support/factories';
import { connectAccount, publishedPost, syncedComment } from '../support/inbox-fixture';
import { waitFor } from '../support/redis-server';
import { startTestApp, TestApp } from '../support/test-app';

// The machine is shared and loaded: starting the app, the fakes and a worker can take a while.
jest.setTimeout(120_000);

const IG_USER = '17841400000000101';
const IG_PAGE = '100000000000101';

describe('Inbox on Instagram, Google, LinkedIn and X (sources and replies sent once)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let worker: INestApplicationContext;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  const accounts: Partial<Record<'instagram' | 'google_business' | 'linkedin' | 'x', SocialAccount>> = {};
  let mediaId: string;
  let ourInstagramPost: string;
  let shareUrn: string;
  let tweetId: string;

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, NETWORK_TIMEOUT_MS: '1500' });
    worker = await startWorker(t.resources);
    practice = await createPractice(t, 'Smile Dental Studio', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);

    const ig = fakes.facebook.issueTestToken({
      pageId: IG_PAGE,
      scopes: ['pages_show_list', 'pages_read_engagement', 'instagram_basic', 'instagram_manage_comments'],
    });
    accounts.instagram = await connectAccount(t, practice.practiceId, 'instagram', {
      externalId: IG_USER,
      accessToken: ig.accessToken,
      handle: '@smiledentalstudio',
    });
    mediaId = '17900000000000999';
    fakes.facebook.instagram.media.push({
      id: mediaId,
      igUserId: IG_USER,
      containerId: '17800000000000999',
      mediaType: 'IMAGE',
      caption: 'Meet our hygienists!',
      children: [],
      timestamp: Date.now() - 3600_000,
      permalink: 'https://www.instagram.com/p/AbCdEfGhIjK/',
    });
    ourInstagramPost = await publishedPost(t, author, accounts.instagram, mediaId, 'Meet our hygienists!');

    const google = fakes.google.issueTestToken();
    accounts.google_business = await connectAccount(t, practice.practiceId, 'google_business', {
      externalId: google.locations[0],
      accessToken: google.accessToken,
    });

    const li = fakes.linkedin.issueTestToken();
    const orgId = li.organizationIds[0];
    accounts.linkedin = await connectAccount(t, practice.practiceId, 'linkedin', {
      externalId: orgId,
      accessToken: li.accessToken,
    });
    shareUrn = `urn:li:share:${7_300_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e6))}`;
    fakes.linkedin.published.push({
      id: shareUrn,
      author: `urn:li:organization:${orgId}`,
      commentarySent: 'Meet our new hygiene team',
      commentary: 'Meet our new hygiene team',
      publishedText: 'Meet our new hygiene team',
      truncated: false,
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      createdAt: Date.now() - 3600_000,
      version: t.resources.config.LINKEDIN_VERSION,
    });
    await publishedPost(t, author, accounts.linkedin, shareUrn, 'Meet our new hygiene team');

    const x = fakes.x.issueTestToken({
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access', 'tweet.moderate.write'],
    });
    accounts.x = await connectAccount(t, practice.practiceId, 'x', {
      externalId: x.userId,
      accessToken: x.accessToken,
      handle: '@smiledental',
    });
    tweetId = fakes.x.tweetIds.take();
    fakes.x.tweets.push({
      id: tweetId,
      authorId: x.userId,
      textSent: 'Meet our new hygiene team',
      text: 'Meet our new hygiene team',
      createdAt: Date.now() - 3600_000,
      mediaIds: [],
    });
    await publishedPost(t, author, accounts.x, tweetId, 'Meet our new hygiene team');
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await fakes?.close();
  });

  const sync = async () => (await t.http.post('/api/inbox/sync').set(bearer(author)).expect(200)).body;
  const rows = () => t.resources.dataSource.getRepository(InboxComment).findBy({ practiceId: practice.practiceId });
  const replyRow = (id: string) => t.resources.dataSource.getRepository(InboxReply).findOneByOrFail({ id });

  /** Writes a reply as the author, approves it as the reviewer and waits for the worker to send it. */
  const replyAndSend = async (comment: InboxComment, text: string): Promise<InboxReply> => {
    const written = (await t.http.post(`/api/inbox/${comment.id}/reply`).set(bearer(author)).send({ text }).expect(201))
      .body;
    await t.http
      .post(`/api/inbox/replies/${written.id}/approve`)
      .set(bearer(reviewer))
      .send({ textHash: written.textHash })
      .expect(200);
    await waitFor(async () => (await replyRow(written.id)).status === 'sent', 60_000, `the ${comment.network} reply`);
    return replyRow(written.id);
  };

  it('reads Instagram comments on our media by polling, once each, tied to our post; hides one', async () => {
    const c = fakes.facebook.instagram.addComment(mediaId, 'Love this team! Do you take new patients?', 'jo_smiles');
    const stored = await syncedComment(t, author, c.id);
    expect(stored).toMatchObject({
      network: 'instagram',
      kind: 'comment',
      postId: ourInstagramPost,
      authorHandle: '@jo_smiles',
      fromPractice: false,
    });
    const again = await sync();
    expect(again.created).toBe(0);
    expect((await rows()).filter((r) => r.externalId === c.id)).toHaveLength(1);
    await t.http.post(`/api/inbox/${stored.id}/hide`).set(bearer(author)).expect(200);
    expect(fakes.facebook.instagram.comments.find((x) => x.id === c.id)!.hidden).toBe(true);
  });

  it('reads Google reviews by polling with a cursor, once each, with the owner reply in the thread', async () => {
    const parent = accounts.google_business!.externalId;
    const old = fakes.google.addReview(parent, {
      starRating: 'FIVE',
      comment: 'Friendly front desk.',
      reviewer: { displayName: 'Ana M', isAnonymous: false },
      createTime: Date.now() - 7200_000,
      reply: { comment: 'Thank you for the kind words!', updateTime: Date.now() - 3600_000 },
    });
    const fresh = fakes.google.addReview(parent, {
      starRating: 'TWO',
      comment: 'Waited 40 minutes past my appointment time.',
      reviewer: { displayName: 'Lee K', isAnonymous: false },
    });
    const stored = await syncedComment(t, author, `${parent}/reviews/${fresh.reviewId}`);
    expect(stored).toMatchObject({ network: 'google_business', kind: 'review', authorName: 'Lee K' });
    expect(stored.labels).toContain('complaint');
    const oldThread = (await rows()).filter((r) => r.threadExternalId === `${parent}/reviews/${old.reviewId}`);
    expect(oldThread.map((r) => r.fromPractice).sort()).toEqual([false, true]);
    expect((await sync()).created).toBe(0);
  });

  it('sends an approved reply to a Google review once', async () => {
    const review = (await rows()).find((r) => r.text.startsWith('Waited 40 minutes'))!;
    const text =
      "We're sorry to hear this and we'd like to make it right. Please call our office and ask for our office manager.";
    const sent = await replyAndSend(review, text);
    const onFake = fakes.google.reviews.find((r) => review.externalId.endsWith(r.reviewId))!;
    expect(onFake.reply?.comment).toBe(text);
    expect(sent.externalId).toBe(`${review.externalId}/reply`);
    const puts = fakes.google.requests.filter((r) => r.method === 'PUT' && r.url.includes('/reply'));
    expect(puts).toHaveLength(1);
  });

  it('sends an approved reply to an Instagram comment once, under the top-level comment', async () => {
    const c = fakes.facebook.instagram.addComment(mediaId, 'What are your hours on Friday?', 'sam_k');
    const comment = await syncedComment(t, author, c.id);
    const text = 'Thanks for asking! We are open until 5 on Fridays.';
    const sent = await replyAndSend(comment, text);
    const replies = fakes.facebook.instagram.comments.filter((x) => x.parentId === c.id);
    expect(replies.map((r) => r.text)).toEqual([text]);
    expect(sent.externalId).toBe(replies[0].id);
  });

  it('sends an approved reply to a LinkedIn comment once, as the organization', async () => {
    fakes.linkedin.addComment(shareUrn, { text: 'Congratulations to the whole team!' });
    const all = await sync();
    expect(all.failed).toEqual([]);
    const comment = (await rows()).find((r) => r.text === 'Congratulations to the whole team!')!;
    const text = 'Thank you for the kind words! We will share them with the whole team.';
    const sent = await replyAndSend(comment, text);
    const ours = fakes.linkedin.comments.filter(
      (x) => x.actor === `urn:li:organization:${accounts.linkedin!.externalId}`,
    );
    expect(ours.map((x) => x.text)).toEqual([text]);
    expect(ours[0].parentCommentUrn).toBe(comment.externalId);
    expect(sent.externalId).toContain(ours[0].id);
  });

  it('sends an approved reply to an X mention once, even when X times out after creating it', async () => {
    const mention = fakes.x.addMention(accounts.x!.externalId, {
      text: '@smiledental do you see kids on weekends?',
      inReplyToId: tweetId,
    });
    const comment = await syncedComment(t, author, mention.id);
    fakes.x.fail({ kind: 'accept_then_hang', operation: 'publish' });
    const text = 'Thanks for asking! We see kids on Saturday mornings.';
    const sent = await replyAndSend(comment, text);
    const replies = fakes.x.tweets.filter((x) => x.inReplyToId === mention.id);
    expect(replies).toHaveLength(1);
    expect(sent).toMatchObject({ externalId: replies[0].id, attempts: 2 });
  });
});
