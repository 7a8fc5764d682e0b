// The workflow's store for the post aggregate: a post and its targets, reviews and comments, scoped to one
// practice. Every method takes practiceId first (or a post, which carries it); writes take the caller's
// EntityManager, since each state change is saved with its audit entry in one transaction.
import { DataSource, EntityManager, FindOptionsWhere, In, IsNull, MoreThan, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ConflictError, InvalidInputError, NotFoundError } from '@app/core';
import { type Network, NETWORK_NAMES } from '@app/publishing';
import { Practice, PracticeStore } from '@app/practices';
import { SocialAccount } from '@app/accounts';
import { Post, PostStatus } from '../entities/post.entity';
import { PostComment } from '../entities/post-comment.entity';
import { PostTarget, TARGET_ORDER, TargetStatus } from '../entities/post-target.entity';
import { Review } from '../entities/review.entity';
import { NEW_TARGET_STATUS, TargetAction, targetLeadsTo, targetStatusIs } from '../target-state-machine';

/** A target in these states is the record of a post a network has (or is taking): never removed from its post. */
const KEPT_ON_POST: readonly TargetStatus[] = ['publishing', 'published'];

/** A new post's fields (the table fills in ids and times; no Google settings: a standard update). */
export type PostFields = Omit<Post, 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'targets' | 'googlePost'> &
  Partial<Pick<Post, 'googlePost'>>;
export type ReviewFields = Omit<Review, 'id' | 'createdAt' | 'updatedAt'>;
export type CommentFields = Omit<PostComment, 'id' | 'createdAt' | 'updatedAt'>;

export class PostStore {
  private readonly practices: PracticeStore;

  constructor(private readonly dataSource: DataSource) {
    this.practices = new PracticeStore(dataSource);
  }

  /** The post with its targets, locked for this transaction (PostgreSQL; SQLite has one writer); 404 if not here. */
  async lock(practiceId: string, postId: string, tx: EntityManager): Promise<Post> {
    const query = tx
      .getRepository(Post)
      .createQueryBuilder('p')
      .where('p.id = :postId AND p.practiceId = :practiceId', { postId, practiceId });
    // PostgreSQL: serialise concurrent decisions on one post. SQLite already has a single writer.
    if (tx.connection.options.type === 'postgres') query.setLock('pessimistic_write');
    const post = await query.getOne();
    if (!post) throw new NotFoundError('Post', postId);
    post.targets = await this.targets(practiceId, postId, tx);
    return post;
  }

  /** 404 unless the post exists in this practice (no lock: for reads). */
  async assertExists(practiceId: string, postId: string, tx?: EntityManager): Promise<void> {
    if (!(await this.manager(tx).getRepository(Post).existsBy({ practiceId, id: postId })))
      throw new NotFoundError('Post', postId);
  }

  /** The post without its targets, or null. */
  byId(practiceId: string, postId: string, tx?: EntityManager): Promise<Post | null> {
    return this.manager(tx).getRepository(Post).findOneBy({ practiceId, id: postId });
  }

  byIds(practiceId: string, postIds: string[], tx?: EntityManager): Promise<Post[]> {
    return this.manager(tx)
      .getRepository(Post)
      .findBy({ practiceId, id: In(postIds) });
  }

  /** Posts not yet published (of these statuses, not deleted) planned after `after`, the earliest first. */
  plannedAfter(practiceId: string, statuses: PostStatus[], after: Date, tx?: EntityManager): Promise<Post[]> {
    return this.manager(tx)
      .getRepository(Post)
      .find({
        where: { practiceId, status: In(statuses), deletedAt: IsNull(), scheduledAt: MoreThan(after) },
        order: { scheduledAt: 'ASC' },
      });
  }

  async practice(practiceId: string, tx?: EntityManager): Promise<Practice> {
    const practice = await this.practices.byId(practiceId, tx);
    if (!practice) throw new NotFoundError('Practice', practiceId);
    return practice;
  }

  /** A new post, not saved yet. */
  newPost(fields: PostFields): Post {
    return this.dataSource.getRepository(Post).create(fields);
  }

  save(post: Post, tx: EntityManager): Promise<Post> {
    return tx.getRepository(Post).save(post);
  }

  async setStatus(practiceId: string, postId: string, status: PostStatus, tx: EntityManager): Promise<void> {
    await tx.getRepository(Post).update({ practiceId, id: postId }, { status });
  }

  /** A practice's time zone moved: the post's zone, wall time and instant. */
  async moveTime(
    practiceId: string,
    postId: string,
    time: { timezone: string; scheduledLocal: string; scheduledAt: Date },
    tx: EntityManager,
  ): Promise<void> {
    await tx.getRepository(Post).update({ practiceId, id: postId }, time);
  }

  async softDelete(practiceId: string, postId: string, tx: EntityManager): Promise<void> {
    await tx.getRepository(Post).softDelete({ practiceId, id: postId });
  }

  // --- targets ---

  targets(practiceId: string, postId: string, tx?: EntityManager): Promise<PostTarget[]> {
    return this.manager(tx).getRepository(PostTarget).find({ where: { practiceId, postId }, order: TARGET_ORDER });
  }

  /** The post's targets in storage order (no TARGET_ORDER), as a fresh read after a change. */
  targetsAsStored(practiceId: string, postId: string, tx?: EntityManager): Promise<PostTarget[]> {
    return this.manager(tx).getRepository(PostTarget).findBy({ practiceId, postId });
  }

  failedTargetsOn(practiceId: string, accountId: string, tx?: EntityManager): Promise<PostTarget[]> {
    return this.manager(tx).getRepository(PostTarget).findBy({ practiceId, accountId, status: 'failed' });
  }

  /** The account's targets planned or going out now, and those published since `since`. */
  activeOrRecentTargets(practiceId: string, accountId: string, since: Date, tx?: EntityManager): Promise<PostTarget[]> {
    return this.manager(tx)
      .getRepository(PostTarget)
      .createQueryBuilder('t')
      .where('t.practiceId = :practiceId AND t.accountId = :accountId', { practiceId, accountId })
      .andWhere("(t.status IN ('scheduled', 'publishing') OR (t.status = 'published' AND t.publishedAt >= :since))", {
        since,
      })
      .getMany();
  }

  /** Replaces a post's targets with one per account, keeping existing rows (and their history) where they match. */
  async setTargets(post: Post, accountIds: string[], tx: EntityManager): Promise<void> {
    const unique = [...new Set(accountIds)];
    const accounts = unique.length ? await this.accounts(post.practiceId, unique, tx) : [];
    accountsFor(accounts, unique);
    const repo = tx.getRepository(PostTarget);
    const existing = await repo.findBy({ practiceId: post.practiceId, postId: post.id });
    // What a network took (or is taking) stays on the post: its row is the record of what is live.
    const live = existing.filter((t) => !unique.includes(t.accountId) && KEPT_ON_POST.includes(t.status));
    if (live.length)
      throw new ConflictError(
        `${live.map((t) => NETWORK_NAMES[t.network as Network] ?? t.network).join(' and ')} already ${live.length > 1 ? 'have' : 'has'} this post (or ${live.length > 1 ? 'are' : 'is'} publishing it): what is live cannot be taken back, so that account stays on the post`,
        { accountIds: live.map((t) => t.accountId) },
      );
    await repo.delete({
      practiceId: post.practiceId,
      postId: post.id,
      ...(unique.length ? { accountId: Not(In(unique)) } : {}),
    });
    const kept = existing.filter((t) => unique.includes(t.accountId));
    for (const account of accounts) {
      if (kept.some((t) => t.accountId === account.id)) continue;
      kept.push(await repo.save(this.newTarget(post, account)));
    }
    post.targets = unique.map((id) => kept.find((t) => t.accountId === id)!);
  }

  /** A post's new, not yet saved target on one account: pending until the post is approved and scheduled. */
  newTarget(post: Post, account: SocialAccount, fields: Partial<Omit<PostTarget, 'status'>> = {}): PostTarget {
    return this.dataSource.getRepository(PostTarget).create({
      practiceId: post.practiceId,
      postId: post.id,
      accountId: account.id,
      network: account.network,
      status: NEW_TARGET_STATUS,
      attempts: 0,
      ...fields,
    });
  }

  saveTarget(target: PostTarget, tx: EntityManager): Promise<PostTarget> {
    return tx.getRepository(PostTarget).save(target);
  }

  /** The approved content hash of the post's target on one account. */
  async approveTarget(practiceId: string, postId: string, accountId: string, hash: string, tx: EntityManager) {
    await tx.getRepository(PostTarget).update({ practiceId, postId, accountId }, { approvedHash: hash });
  }

  // Each of the post's target changes below is one conditional update through the target state machine: the WHERE
  // takes the states the action may start from, so a target in any other state is left as it is.

  /**
   * The post's waiting targets go out at `dueAt`. Only those: this used to set every target of the post scheduled,
   * so a post cancelled while one network was live and another waited for a retry, then scheduled again, sent the
   * live one a second time.
   */
  async scheduleTargets(practiceId: string, postId: string, dueAt: Date, tx: EntityManager): Promise<void> {
    await this.moveTargets(tx, 'schedule', { practiceId, postId }, { dueAt });
  }

  /**
   * The post's scheduled targets wait again (approved, not scheduled). Never one already published, in flight or
   * failed (the cancel of a post whose time passed used to set every target pending, a published one included).
   */
  async unscheduleTargets(practiceId: string, postId: string, tx: EntityManager): Promise<void> {
    await this.moveTargets(tx, 'unschedule', { practiceId, postId }, { dueAt: null });
  }

  /** The post's scheduled targets go out at the new time, not at an old retry time. */
  async moveScheduledTargets(practiceId: string, postId: string, dueAt: Date, tx: EntityManager): Promise<void> {
    await this.moveTargets(tx, 'move', { practiceId, postId }, { dueAt, nextAttemptAt: null });
  }

  /** The post's scheduled targets that are not waiting for a retry go out at `dueAt`. */
  async moveScheduledTargetsNotRetrying(
    practiceId: string,
    postId: string,
    dueAt: Date,
    tx: EntityManager,
  ): Promise<void> {
    await this.moveTargets(tx, 'move', { practiceId, postId, nextAttemptAt: IsNull() }, { dueAt });
  }

  /** The post is deleted: its scheduled targets never go out. */
  async cancelScheduledTargets(practiceId: string, postId: string, tx: EntityManager): Promise<void> {
    await this.moveTargets(tx, 'cancel', { practiceId, postId }, {});
  }

  /**
   * The approval is void: the targets that have not gone out wait again, without an approved hash. Not every target
   * any more: a published one going back to pending lost its hash and, once approved again, was sent again; one in
   * flight could no longer record its outcome (the record needs it publishing).
   */
  async voidTargetApprovals(practiceId: string, postId: string, tx: EntityManager): Promise<void> {
    await this.moveTargets(tx, 'void_approval', { practiceId, postId }, { approvedHash: null, dueAt: null });
  }

  /** Publish now: these of the post's targets that wait are due now (one statement for all of them). */
  async makeTargetsDue(practiceId: string, targetIds: string[], now: Date, tx: EntityManager): Promise<void> {
    if (targetIds.length === 0) return;
    await this.moveTargets(tx, 'make_due', { practiceId, id: In(targetIds) }, { dueAt: now, nextAttemptAt: null });
  }

  /** These failed targets are due again now, their claims cleared (lastErrorKind stays until a success clears it). */
  async retryFailedTargets(practiceId: string, targetIds: string[], now: Date, tx: EntityManager): Promise<void> {
    if (targetIds.length === 0) return;
    await this.moveTargets(
      tx,
      'retry',
      { practiceId, id: In(targetIds) },
      { dueAt: now, nextAttemptAt: null, claimedBy: null, leaseUntil: null },
    );
  }

  /** One conditional update: the targets matching `where` in a state `action` allows move where it leads. */
  private async moveTargets(
    tx: EntityManager,
    action: TargetAction,
    where: FindOptionsWhere<PostTarget> & { practiceId: string },
    fields: QueryDeepPartialEntity<Omit<PostTarget, 'status'>>,
  ): Promise<void> {
    await tx
      .getRepository(PostTarget)
      .update({ ...where, status: targetStatusIs(action) }, { ...fields, status: targetLeadsTo(action) });
  }

  // --- reviews and comments ---

  /** The practice's latest approving reviews, newest first. */
  approvals(practiceId: string, limit: number, tx?: EntityManager): Promise<Review[]> {
    return this.manager(tx)
      .getRepository(Review)
      .find({ where: { practiceId, decision: 'approved' }, order: { createdAt: 'DESC' }, take: limit });
  }

  addReview(fields: ReviewFields, tx: EntityManager): Promise<Review> {
    const repo = tx.getRepository(Review);
    return repo.save(repo.create(fields));
  }

  /** The post's approvals still in force stop counting, with the reason. */
  async voidApprovals(practiceId: string, postId: string, at: Date, reason: string, tx: EntityManager): Promise<void> {
    await tx
      .getRepository(Review)
      .createQueryBuilder()
      .update()
      .set({ voidedAt: at, voidReason: reason })
      .where('practiceId = :practiceId AND postId = :postId AND decision = :d AND voidedAt IS NULL', {
        practiceId,
        postId,
        d: 'approved',
      })
      .execute();
  }

  comments(practiceId: string, postId: string, tx?: EntityManager): Promise<PostComment[]> {
    return this.manager(tx)
      .getRepository(PostComment)
      .find({ where: { practiceId, postId }, order: { createdAt: 'ASC' } });
  }

  addComment(fields: CommentFields, tx: EntityManager): Promise<PostComment> {
    const repo = tx.getRepository(PostComment);
    return repo.save(repo.create(fields));
  }

  // --- the accounts posts go to (libs/accounts' table, read here) ---

  accounts(practiceId: string, accountIds: string[], tx?: EntityManager): Promise<SocialAccount[]> {
    return this.manager(tx)
      .getRepository(SocialAccount)
      .findBy({ practiceId, id: In(accountIds) });
  }

  account(practiceId: string, accountId: string, tx?: EntityManager): Promise<SocialAccount | null> {
    return this.manager(tx).getRepository(SocialAccount).findOneBy({ practiceId, id: accountId });
  }

  private manager(tx?: EntityManager) {
    return tx ?? this.dataSource.manager;
  }
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

export function targetRefs(post: Post): Array<{ accountId: string; network: PostTarget['network'] }> {
  return (post.targets ?? []).map((t) => ({ accountId: t.accountId, network: t.network }));
}
