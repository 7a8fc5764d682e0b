// Evergreen fill: an account that opted in gets a gap filled with an evergreen post a reviewer already
// approved for that very account, when the content still renders to the approved hash and still passes
// the PHI check. The new post carries that approval (recorded as such) and is scheduled inside a window.
import { DataSource, In } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { SocialAccount } from '@app/accounts';
import { Clock, inTransaction } from '@app/core';
import { Practice } from '@app/practices';
import { DateTime } from 'luxon';
import { ContentChecker } from '../content-checker';
import { Post } from '../entities/post.entity';
import { PostTarget } from '../entities/post-target.entity';
import { Review } from '../entities/review.entity';
import { renderPost } from '../rendering/render-post';
import { stillApproved } from '../approval-rules';
import { TemplateLibrary } from '../template-library';

const NOT_RERUN_WITHIN_DAYS = 60;

export class EvergreenFill {
  constructor(
    private readonly dataSource: DataSource,
    private readonly checker: ContentChecker,
    private readonly audit: AuditLog,
    private readonly library: TemplateLibrary,
    private readonly clock: Clock,
  ) {}

  /** Creates one scheduled post for the account at `slot`, or returns null when no evergreen post qualifies. */
  async fill(account: SocialAccount, practice: Practice, slot: Date): Promise<Post | null> {
    const now = this.clock.now();
    const reviews = await this.dataSource.getRepository(Review).find({
      where: { practiceId: account.practiceId, decision: 'approved' },
      order: { createdAt: 'DESC' },
      take: 500,
    });
    const covering = reviews.filter((r) => !r.voidedAt && r.targetHashes[account.id]);
    if (!covering.length) return null;
    const sources = await this.dataSource
      .getRepository(Post)
      .findBy({ practiceId: account.practiceId, id: In([...new Set(covering.map((r) => r.postId))]) });
    const recent = await this.dataSource
      .getRepository(PostTarget)
      .createQueryBuilder('t')
      .where('t.practiceId = :practiceId AND t.accountId = :accountId', {
        practiceId: account.practiceId,
        accountId: account.id,
      })
      .andWhere("(t.status IN ('scheduled', 'publishing') OR (t.status = 'published' AND t.publishedAt >= :since))", {
        since: new Date(now.getTime() - NOT_RERUN_WITHIN_DAYS * 86_400_000),
      })
      .getMany();
    const recentlyRun = new Set(recent.map((t) => t.approvedHash));

    for (const review of covering) {
      const source = sources.find((p) => p.id === review.postId);
      if (!source || !this.isEvergreen(source) || recentlyRun.has(review.targetHashes[account.id])) continue;
      const candidate = this.copyOf(source, slot, practice.timezone);
      const rendered = renderPost(candidate, [{ accountId: account.id, network: account.network }], practice);
      const target = rendered.targets[0];
      if (!target || !stillApproved(target.hash, review.targetHashes[account.id])) continue;
      if (
        this.checker.check(target.text, { ...practice.profile, name: practice.name }, { network: account.network, now })
          .findings.length
      )
        continue;
      return this.create(candidate, account, review, target.hash);
    }
    return null;
  }

  private isEvergreen(post: Post): boolean {
    const template = post.templateKey ? this.library.byKey.get(post.templateKey) : undefined;
    return template?.kind === 'evergreen' || post.tags.includes('evergreen');
  }

  private copyOf(source: Post, slot: Date, zone: string): Post {
    return this.dataSource.getRepository(Post).create({
      practiceId: source.practiceId,
      status: 'scheduled',
      baseText: source.baseText,
      variants: source.variants,
      media: source.media,
      templateVars: source.templateVars,
      templateKey: source.templateKey,
      scheduledAt: slot,
      scheduledLocal: DateTime.fromJSDate(slot).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm"),
      timezone: zone,
      campaign: source.campaign,
      tags: source.tags,
      version: 1,
      authorId: source.authorId,
      contributorIds: [source.authorId],
      findings: [],
      verdict: 'pass',
      submittedAt: null,
      markNote: null,
      origin: 'evergreen_fill',
    });
  }

  private create(post: Post, account: SocialAccount, source: Review, hash: string): Promise<Post> {
    return inTransaction(this.dataSource, async (tx) => {
      await tx.getRepository(Post).save(post);
      await tx.getRepository(PostTarget).save(
        tx.getRepository(PostTarget).create({
          practiceId: post.practiceId,
          postId: post.id,
          accountId: account.id,
          network: account.network,
          status: 'scheduled',
          dueAt: post.scheduledAt,
          approvedHash: hash,
          attempts: 0,
        }),
      );
      const review = await tx.getRepository(Review).save(
        tx.getRepository(Review).create({
          practiceId: post.practiceId,
          postId: post.id,
          reviewerId: source.reviewerId,
          decision: 'approved',
          comment: `Evergreen fill: identical content approved in review ${source.id} for this account`,
          postVersion: 1,
          contentHash: hash,
          targetHashes: { [account.id]: hash },
          overrides: [],
          authorizationIds: [],
          voidedAt: null,
          voidReason: null,
        }),
      );
      await this.audit.record(tx, post.practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'post.evergreen_filled',
        entityType: 'post',
        entityId: post.id,
        after: hash,
        details: {
          accountId: account.id,
          network: account.network,
          scheduledAt: post.scheduledAt?.toISOString(),
          scheduledLocal: post.scheduledLocal,
          sourceReviewId: source.id,
          sourcePostId: source.postId,
          reviewId: review.id,
        },
      });
      return post;
    });
  }
}
