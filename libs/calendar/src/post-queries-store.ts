// The calendar's store: reading posts for the calendar and a post's page (one post with its targets, the range query
// indexed on practiceId + scheduledAt, the accounts the targets go to). Every query takes practiceId first.
import { Brackets, DataSource, In } from 'typeorm';
import { NotFoundError } from '@app/core';
import { CALENDAR_POST_COLUMNS } from './calendar-columns';
import { readCalendarRows } from './calendar-rows-postgres';
import { Post, PostStatus, PostTarget, TARGET_ORDER } from '@app/posts';
import { SocialAccount } from '@app/accounts';

/** What a post's page says about each account it goes to. */
export type TargetAccount = Pick<SocialAccount, 'id' | 'name' | 'handle' | 'status'>;

export interface CalendarQuery {
  from?: Date;
  to?: Date;
  statuses?: PostStatus[];
  accountId?: string;
  campaign?: string;
  /** Include posts with no date yet (drafts waiting for a slot). */
  includeUnscheduled?: boolean;
  /** Calendar rows only: leaves out variants, media, findings and other heavy fields (a month can hold ~1,000 posts). */
  lean?: boolean;
  limit: number;
}

const LEAN_COLUMNS = ['practiceId', ...CALENDAR_POST_COLUMNS] as const;

export class PostQueries {
  constructor(private readonly dataSource: DataSource) {}

  async get(practiceId: string, postId: string): Promise<Post> {
    const post = await this.dataSource.getRepository(Post).findOneBy({ practiceId, id: postId });
    if (!post) throw new NotFoundError('Post', postId);
    post.targets = await this.dataSource
      .getRepository(PostTarget)
      .find({ where: { practiceId, postId }, order: TARGET_ORDER });
    return post;
  }

  /** The accounts the posts' targets go to (removed ones are simply missing), by id, in one read. */
  async targetAccounts(practiceId: string, posts: Post | Post[]): Promise<Map<string, TargetAccount>> {
    const ids = [...new Set([posts].flat().flatMap((post) => (post.targets ?? []).map((t) => t.accountId)))];
    if (ids.length === 0) return new Map();
    const rows = await this.dataSource.getRepository(SocialAccount).find({
      where: { practiceId, id: In(ids) },
      select: ['id', 'name', 'handle', 'status'],
    });
    return new Map(rows.map((a) => [a.id, a]));
  }

  async calendar(practiceId: string, query: CalendarQuery): Promise<Post[]> {
    const qb = this.dataSource
      .getRepository(Post)
      .createQueryBuilder('p')
      .where('p.practiceId = :practiceId', { practiceId });
    qb.andWhere(
      new Brackets((range) => {
        range.where(
          new Brackets((dated) => {
            dated.where('p.scheduledAt IS NOT NULL');
            if (query.from) dated.andWhere('p.scheduledAt >= :from', { from: query.from });
            if (query.to) dated.andWhere('p.scheduledAt < :to', { to: query.to });
          }),
        );
        if (query.includeUnscheduled) range.orWhere('p.scheduledAt IS NULL');
      }),
    );
    if (query.statuses?.length) qb.andWhere('p.status IN (:...statuses)', { statuses: query.statuses });
    if (query.campaign) qb.andWhere('p.campaign = :campaign', { campaign: query.campaign });
    if (query.accountId) {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM post_targets t WHERE t."postId" = p.id AND t."practiceId" = :practiceId AND t."accountId" = :accountId)',
        { accountId: query.accountId },
      );
    }
    qb.orderBy('p.scheduledAt', 'ASC').addOrderBy('p.createdAt', 'ASC').limit(query.limit);
    if (query.lean && this.dataSource.options.type === 'postgres')
      return readCalendarRows(this.dataSource, practiceId, qb);
    // Calendar rows skip TypeORM's entity builder (most of the time on a busy month): raw rows, converted per column.
    const posts = query.lean
      ? hydrate(this.dataSource, Post, await qb.select(LEAN_COLUMNS.map((column) => `p.${column}`)).getRawMany(), 'p')
      : await qb.getMany();
    if (posts.length === 0) return posts;
    // One query for every target of the page, grouped in a Map (not a filter per post: that was O(posts x targets)).
    const targetQuery = this.dataSource
      .getRepository(PostTarget)
      .createQueryBuilder('t')
      .where('t.practiceId = :practiceId AND t.postId IN (:...ids)', { practiceId, ids: posts.map((p) => p.id) })
      .orderBy('t.createdAt', 'ASC')
      .addOrderBy('t.network', 'ASC')
      .addOrderBy('t.accountId', 'ASC');
    const targets = query.lean
      ? hydrate(this.dataSource, PostTarget, await targetQuery.getRawMany(), 't')
      : await targetQuery.getMany();
    const byPost = new Map<string, PostTarget[]>();
    for (const target of targets) {
      const list = byPost.get(target.postId);
      if (list) list.push(target);
      else byPost.set(target.postId, [target]);
    }
    for (const post of posts) post.targets = byPost.get(post.id) ?? [];
    return posts;
  }
}

/** Raw rows (`alias_column`) to entity-shaped objects, with each column's value converted by the driver. */
function hydrate<T extends object>(
  dataSource: DataSource,
  entity: new () => T,
  rows: Array<Record<string, unknown>>,
  alias: string,
): T[] {
  const columns = dataSource
    .getMetadata(entity)
    .columns.map((column) => ({ column, key: `${alias}_${column.databaseName}` }));
  const driver = dataSource.driver;
  return rows.map((row) => {
    const out = new entity() as Record<string, unknown>;
    for (const { column, key } of columns)
      if (key in row) out[column.propertyName] = driver.prepareHydratedValue(row[key], column);
    return out as T;
  });
}
