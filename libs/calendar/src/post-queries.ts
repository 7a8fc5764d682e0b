// Reading posts: one post, and the calendar range query (indexed on practiceId + scheduledAt).
import { Brackets, DataSource } from 'typeorm';
import { NotFoundError } from '@app/core';
import { Post, PostStatus } from './entities/post.entity';
import { PostTarget } from './entities/post-target.entity';

export interface CalendarQuery {
  from?: Date;
  to?: Date;
  statuses?: PostStatus[];
  accountId?: string;
  campaign?: string;
  /** Include posts with no date yet (drafts waiting for a slot). */
  includeUnscheduled?: boolean;
  limit: number;
}

export class PostQueries {
  constructor(private readonly dataSource: DataSource) {}

  async get(practiceId: string, postId: string): Promise<Post> {
    const post = await this.dataSource.getRepository(Post).findOneBy({ practiceId, id: postId });
    if (!post) throw new NotFoundError('Post', postId);
    post.targets = await this.dataSource.getRepository(PostTarget).find({ where: { practiceId, postId }, order: { createdAt: 'ASC' } });
    return post;
  }

  async calendar(practiceId: string, query: CalendarQuery): Promise<Post[]> {
    const qb = this.dataSource.getRepository(Post).createQueryBuilder('p').where('p.practiceId = :practiceId', { practiceId });
    qb.andWhere(new Brackets((range) => {
      range.where(new Brackets((dated) => {
        dated.where('p.scheduledAt IS NOT NULL');
        if (query.from) dated.andWhere('p.scheduledAt >= :from', { from: query.from });
        if (query.to) dated.andWhere('p.scheduledAt < :to', { to: query.to });
      }));
      if (query.includeUnscheduled) range.orWhere('p.scheduledAt IS NULL');
    }));
    if (query.statuses?.length) qb.andWhere('p.status IN (:...statuses)', { statuses: query.statuses });
    if (query.campaign) qb.andWhere('p.campaign = :campaign', { campaign: query.campaign });
    if (query.accountId) {
      qb.andWhere('EXISTS (SELECT 1 FROM post_targets t WHERE t."postId" = p.id AND t."practiceId" = :practiceId AND t."accountId" = :accountId)', { accountId: query.accountId });
    }
    const posts = await qb.orderBy('p.scheduledAt', 'ASC').addOrderBy('p.createdAt', 'ASC').take(query.limit).getMany();
    if (posts.length === 0) return posts;
    const targets = await this.dataSource.getRepository(PostTarget).createQueryBuilder('t')
      .where('t.practiceId = :practiceId AND t.postId IN (:...ids)', { practiceId, ids: posts.map((p) => p.id) })
      .orderBy('t.createdAt', 'ASC').getMany();
    for (const post of posts) post.targets = targets.filter((t) => t.postId === post.id);
    return posts;
  }
}
