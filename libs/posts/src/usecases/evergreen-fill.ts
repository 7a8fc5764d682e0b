// Evergreen fill: an account that opted in gets a gap filled with an evergreen post a reviewer already
// approved for that very account, when the content still renders to the approved hash and still passes
// the PHI check. The new post carries that approval (recorded as such) and is scheduled inside a window.
import { DataSource } from 'typeorm';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { SocialAccount } from '@app/accounts';
import { Clock, inTransaction } from '@app/core';
import { Practice } from '@app/practices';
import { DateTime } from 'luxon';
import { ContentChecker } from '../content-checker';
import { Post } from '../entities/post.entity';
import { Review } from '../entities/review.entity';
import { PostStore } from './post-store';
import { renderPost } from '../rendering/render-post';
import { stillApproved } from '../approval-rules';
import { TemplateLibrary } from '../template-library';
import { moveTarget } from '../target-state-machine';
import { transition } from '../state-machine';

const NOT_RERUN_WITHIN_DAYS = 60;

export class EvergreenFill {
  private readonly posts: PostStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly checker: ContentChecker,
    private readonly audit: AuditLog,
    private readonly library: TemplateLibrary,
    private readonly clock: Clock,
  ) {
    this.posts = new PostStore(dataSource);
  }

  /** Creates one scheduled post for the account at `slot`, or returns null when no evergreen post qualifies. */
  async fill(account: SocialAccount, practice: Practice, slot: Date): Promise<Post | null> {
    const now = this.clock.now();
    const reviews = await this.posts.approvals(account.practiceId, 500);
    const covering = reviews.filter((r) => !r.voidedAt && r.targetHashes[account.id]);
    if (!covering.length) return null;
    const sources = await this.posts.byIds(account.practiceId, [...new Set(covering.map((r) => r.postId))]);
    const recent = await this.posts.activeOrRecentTargets(
      account.practiceId,
      account.id,
      new Date(now.getTime() - NOT_RERUN_WITHIN_DAYS * 86_400_000),
    );
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
    return this.posts.newPost({
      practiceId: source.practiceId,
      // Born approved (it carries an approval of this very content), then scheduled through the state machine.
      status: 'approved',
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
      transition(post, 'schedule');
      await this.posts.save(post, tx);
      // A new target starts pending; it is scheduled at once, as it carries an approval of this very content.
      const target = this.posts.newTarget(post, account, { approvedHash: hash });
      await this.posts.saveTarget(moveTarget(target, 'schedule', { dueAt: post.scheduledAt }), tx);
      const review = await this.posts.addReview(
        {
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
        },
        tx,
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
