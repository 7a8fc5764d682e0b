// Shared setup for the inbox e2e suites: a connected account whose token the vault holds, and one of our
// posts as the scheduler leaves it once published (the target holds the network's id).
import { randomBytes } from 'node:crypto';
import { SocialAccount, TokenVault } from '@app/accounts';
import { InboxComment } from '@app/inbox';
import { PostTarget } from '@app/posts';
import type { Network } from '@app/publishing';
import { bearer, createAccount, TestUser } from './factories';
import type { RunningFakes } from '../fakes';
import type { TestApp } from './test-app';

export async function connectAccount(
  t: TestApp,
  practiceId: string,
  network: Network,
  account: { externalId: string; accessToken: string; name?: string; handle?: string | null },
): Promise<SocialAccount> {
  const repo = t.resources.dataSource.getRepository(SocialAccount);
  const row = await repo.save(
    repo.create({
      practiceId,
      network,
      externalId: account.externalId,
      name: account.name ?? `${network} account`,
      handle: account.handle ?? null,
      status: 'connected',
      evergreenFill: false,
      cadence: null,
    }),
  );
  row.accessTokenEnc = new TokenVault(t.resources.config.SECRET_KEY).seal(account.accessToken, row.id);
  return repo.save(row);
}

/** Our post on this account, published an hour ago as `externalId`. Returns our post id. */
export async function publishedPost(
  t: TestApp,
  author: TestUser,
  account: SocialAccount,
  externalId: string,
  text: string,
): Promise<string> {
  const post = (
    await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ baseText: text, targetAccountIds: [account.id] })
      .expect(201)
  ).body as { id: string };
  await t.resources.dataSource
    .getRepository(PostTarget)
    .update(
      { practiceId: account.practiceId, postId: post.id },
      { externalId, status: 'published', publishedAt: new Date(Date.now() - 3600_000) },
    );
  return post.id;
}

/** Polls the practice's accounts now and returns the stored row for a network id. */
export async function syncedComment(t: TestApp, user: TestUser, externalId: string): Promise<InboxComment> {
  const report = (await t.http.post('/api/inbox/sync').set(bearer(user)).expect(200)).body as { failed: unknown[] };
  expect(report.failed).toEqual([]);
  return t.resources.dataSource
    .getRepository(InboxComment)
    .findOneByOrFail({ practiceId: user.practiceId, externalId });
}

/** A Facebook Page connected with a token that may read, hide and answer comments, and one of our posts on it. */
export async function facebookPageWithPost(
  t: TestApp,
  fakes: RunningFakes,
  author: TestUser,
  message: string,
): Promise<{ account: SocialAccount; fbPostId: string; ourPostId: string }> {
  const token = fakes.facebook.issueTestToken({
    scopes: ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'pages_manage_engagement'],
  });
  const account = await connectAccount(t, author.practiceId, 'facebook', {
    externalId: token.pageId!,
    accessToken: token.accessToken,
    name: 'Lakeside Dental',
  });
  const fbPostId = `${token.pageId}_${fakes.facebook.postIds.take()}`;
  fakes.facebook.feed.push({
    id: fbPostId,
    pageId: token.pageId!,
    message,
    createdTime: Date.now() - 3600_000,
    published: true,
    via: 'feed',
  });
  return { account, fbPostId, ourPostId: await publishedPost(t, author, account, fbPostId, message) };
}

/**
 * A Facebook comment stored as polling stores it, on a new connected Page of the practice, for tests about who sees
 * and acts on the inbox (no network is involved: nothing reads or answers it unless a worker sends a reply).
 */
export async function storedComment(
  t: TestApp,
  practiceId: string,
  text: string,
  { urgent = false } = {},
): Promise<InboxComment> {
  const account = await createAccount(t, practiceId, 'facebook');
  const repo = t.resources.dataSource.getRepository(InboxComment);
  const externalId = `${account.externalId}_${randomBytes(4).toString('hex')}`;
  return repo.save(
    repo.create({
      practiceId,
      accountId: account.id,
      network: 'facebook',
      externalId,
      kind: 'comment',
      parentExternalId: null,
      threadExternalId: externalId,
      postExternalId: null,
      postId: null,
      targetId: null,
      authorExternalId: '10000000000777',
      authorName: 'Jamie Rivera',
      authorHandle: null,
      fromPractice: false,
      text,
      writtenAt: new Date(Date.now() - 600_000),
      source: 'poll',
      labels: urgent ? ['urgent'] : ['general'],
      findings: [],
      urgent,
    }),
  );
}
