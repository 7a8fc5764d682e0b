// Loading, locking and saving a post with its targets inside a transaction, scoped to one practice.
import { EntityManager, In, Not } from 'typeorm';
import { InvalidInputError, NotFoundError } from '@app/core';
import { Practice } from '@app/practices';
import { SocialAccount } from '@app/accounts';
import { Post } from '../entities/post.entity';
import { PostTarget, TARGET_ORDER } from '../entities/post-target.entity';

export async function lockPost(tx: EntityManager, practiceId: string, postId: string): Promise<Post> {
  const query = tx
    .getRepository(Post)
    .createQueryBuilder('p')
    .where('p.id = :postId AND p.practiceId = :practiceId', { postId, practiceId });
  // PostgreSQL: serialise concurrent decisions on one post. SQLite already has a single writer.
  if (tx.connection.options.type === 'postgres') query.setLock('pessimistic_write');
  const post = await query.getOne();
  if (!post) throw new NotFoundError('Post', postId);
  post.targets = await tx.getRepository(PostTarget).find({ where: { practiceId, postId }, order: TARGET_ORDER });
  return post;
}

/** 404 unless the post exists in this practice (no lock: for reads). */
export async function assertPostExists(tx: EntityManager, practiceId: string, postId: string): Promise<void> {
  if (!(await tx.getRepository(Post).existsBy({ practiceId, id: postId }))) throw new NotFoundError('Post', postId);
}

export async function loadPractice(tx: EntityManager, practiceId: string): Promise<Practice> {
  const practice = await tx.getRepository(Practice).findOneBy({ id: practiceId });
  if (!practice) throw new NotFoundError('Practice', practiceId);
  return practice;
}

/** Replaces a post's targets with one per account, keeping existing rows (and their history) where they match. */
export async function setTargets(tx: EntityManager, post: Post, accountIds: string[]): Promise<void> {
  const unique = [...new Set(accountIds)];
  const accounts = unique.length
    ? await tx.getRepository(SocialAccount).findBy({ practiceId: post.practiceId, id: In(unique) })
    : [];
  accountsFor(accounts, unique);
  const repo = tx.getRepository(PostTarget);
  await repo.delete({
    practiceId: post.practiceId,
    postId: post.id,
    ...(unique.length ? { accountId: Not(In(unique)) } : {}),
  });
  const kept = await repo.findBy({ practiceId: post.practiceId, postId: post.id });
  for (const account of accounts) {
    if (kept.some((t) => t.accountId === account.id)) continue;
    kept.push(await repo.save(newTarget(tx, post, account)));
  }
  post.targets = unique.map((id) => kept.find((t) => t.accountId === id)!);
}

/** The accounts with these ids, in the ids' order without repeats; refuses an id that is not among `found` (the practice's). */
export function accountsFor(found: readonly SocialAccount[], accountIds: readonly string[]): SocialAccount[] {
  const unique = [...new Set(accountIds)];
  const missing = unique.filter((id) => !found.some((a) => a.id === id));
  if (missing.length)
    throw new InvalidInputError(
      `${missing.length === 1 ? 'A chosen social account is' : 'Some chosen social accounts are'} not connected to this practice (${missing.join(', ')}); reload the page and choose again`,
      {
        field: 'targetAccountIds',
      },
    );
  return unique.map((id) => found.find((a) => a.id === id)!);
}

/** A post's new, not yet saved target on one account: pending until the post is approved and scheduled. */
export function newTarget(tx: EntityManager, post: Post, account: SocialAccount): PostTarget {
  return tx.getRepository(PostTarget).create({
    practiceId: post.practiceId,
    postId: post.id,
    accountId: account.id,
    network: account.network,
    status: 'pending',
    attempts: 0,
  });
}

export function targetRefs(post: Post): Array<{ accountId: string; network: PostTarget['network'] }> {
  return (post.targets ?? []).map((t) => ({ accountId: t.accountId, network: t.network }));
}
