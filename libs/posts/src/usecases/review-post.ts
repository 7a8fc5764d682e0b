// Reviewers' side: submit runs the PHI checker; approve covers exact content hashes; request changes; reject; cancel.
import { EntityManager } from 'typeorm';
import { canonicalJson, ConflictError, inTransaction, InvalidInputError, plural } from '@app/core';
import { type Network, NETWORK_NAMES } from '@app/publishing';
import { Post, StoredFinding } from '../entities/post.entity';
import { renderPost } from '../rendering/render-post';
import { actorOf, Practice, SessionUser } from '@app/practices';
import { CheckAuthorization, ContentCheckResult } from '../content-checker';
import { forChecker } from './authorizations';
import { WarnOverride } from '../entities/review.entity';
import { assertCan, canDo, transition } from '../state-machine';
import { moveTargets } from '../target-state-machine';
import { WorkflowDeps } from './deps';
import { targetRefs } from './post-store';
import { scheduleIfReady } from './scheduling';
import { groupFindings } from '../findings';
import { closeSettledAlerts } from './post-alerts';
import { assertApprovesSeenContent, assertNotOwnPost, blockingFindings, covers, isOwnPost } from '../approval-rules';

export interface ApproveInput {
  /** The contentHash the reviewer saw; a stale one is refused. */
  contentHash: string;
  overrides?: Array<{ rule: string; network: string; start: number; justification: string }>;
  authorizationIds?: string[];
}

const MIN_JUSTIFICATION = 10;

const imageRef = (m: Post['media'][number]) => [m.url, m.altText];

export class ReviewPost {
  constructor(private readonly deps: WorkflowDeps) {}

  async submit(practiceId: string, user: SessionUser, postId: string): Promise<Post> {
    // Downloads happen before the transaction: no row stays locked while a remote server answers.
    const images = await this.keepImages(practiceId, postId);
    return inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      assertCan('submit', post.status);
      if (images) {
        if (canonicalJson(post.media.map(imageRef)) !== canonicalJson(images.from.map(imageRef)))
          throw new ConflictError('The images were edited while they were being checked; submit again', {
            currentState: post.status,
          });
        post.media = images.kept;
        await this.deps.images.markNamed(tx, practiceId, post.media);
      }
      if (!post.targets?.length)
        throw new InvalidInputError('Choose at least one social account under “Publish to” before submitting', {
          field: 'targetAccountIds',
        });
      const practice = await this.deps.posts.practice(practiceId, tx);
      const rendered = renderPost(post, targetRefs(post), practice);
      if (rendered.problems.length) {
        throw new InvalidInputError(rendered.problems.map((p) => p.message).join('; '), {
          problems: rendered.problems,
        });
      }
      const { findings, verdict } = this.checkTexts(practice, rendered.texts);
      if (verdict === 'block') await this.refuseMustFix(practiceId, practice, rendered.texts);
      transition(post, 'submit');
      Object.assign(post, { findings, verdict, submittedAt: this.deps.clock.now() });
      await this.deps.posts.save(post, tx);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.submitted',
        entityType: 'post',
        entityId: post.id,
        after: rendered.contentHash,
        details: {
          version: post.version,
          verdict,
          rulesVersion: this.deps.checker.rulesVersion,
          findings: findings.map(summary),
        },
      });
      return post;
    });
  }

  /** Each image's stored copy and hash (see PostImages); null when the post cannot be submitted anyway. */
  private async keepImages(practiceId: string, postId: string) {
    const post = await this.deps.posts.byId(practiceId, postId);
    if (!post || !canDo('submit', post.status) || post.media.length === 0) return null;
    return { from: post.media, kept: await this.deps.images.keep(practiceId, post.media) };
  }

  async approve(
    practiceId: string,
    user: SessionUser,
    postId: string,
    input: ApproveInput,
  ): Promise<{ post: Post; note: string | null }> {
    let note: string | null = null;
    // A refused attempt for a reason a reviewer should not try (their own post, a blocking finding) is audited on
    // its own, after the approval's transaction has rolled back.
    let blocked: { reason: 'self_approval' | 'blocking_finding'; details: Record<string, unknown> } | null = null;
    const post = await inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      assertCan('approve', post.status);
      if (isOwnPost(post, user.id)) blocked = { reason: 'self_approval', details: { version: post.version } };
      assertNotOwnPost(post, user.id, 'approve');
      const practice = await this.deps.posts.practice(practiceId, tx);
      const rendered = renderPost(post, targetRefs(post), practice);
      assertApprovesSeenContent(rendered.contentHash, input.contentHash, post.status);
      // Re-check now: rules may have changed since submission, and the approval must reflect today's rules.
      // Only a valid patient authorization the reviewer names can clear a blocking finding about that patient.
      const authorizations = forChecker(
        await this.deps.authorizations.usable(practiceId, input.authorizationIds ?? []),
      );
      const { findings, verdict, authorized } = this.checkTexts(practice, rendered.texts, authorizations);
      const blocks = blockingFindings(findings);
      if (blocks.length) {
        blocked = { reason: 'blocking_finding', details: { version: post.version, findings: blocks.map(summary) } };
        const phrases = groupFindings(blocks);
        throw new ConflictError(
          `This post cannot be approved while it has ${plural(phrases.length, 'blocking PHI finding')}: ${phrases.map((b) => `“${b.text}”`).join(', ')}. Ask the author to edit it, or tick the patient’s signed authorization.`,
          { currentState: post.status, findings: blocks },
        );
      }
      const overrides = this.matchOverrides(findings, input.overrides ?? []);
      const review = await this.deps.posts.addReview(
        {
          practiceId,
          postId,
          reviewerId: user.id,
          decision: 'approved',
          comment: null,
          postVersion: post.version,
          contentHash: rendered.contentHash,
          targetHashes: Object.fromEntries(rendered.targets.map((t) => [t.accountId, t.hash])),
          overrides,
          authorizationIds: input.authorizationIds ?? [],
          voidedAt: null,
          voidReason: null,
        },
        tx,
      );
      for (const target of rendered.targets)
        await this.deps.posts.approveTarget(practiceId, postId, target.accountId, target.hash, tx);
      post.targets = await this.deps.posts.targetsAsStored(practiceId, postId, tx);
      transition(post, 'approve');
      Object.assign(post, { findings, verdict });
      await this.deps.posts.save(post, tx);
      await closeSettledAlerts(this.deps.alerts, tx, post);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.approved',
        entityType: 'post',
        entityId: postId,
        after: rendered.contentHash,
        details: {
          reviewId: review.id,
          version: post.version,
          contentHash: rendered.contentHash,
          targetHashes: review.targetHashes,
          overrides: overrides.map((o) => ({ rule: o.rule, network: o.network, justification: o.justification })),
          authorized: authorized.map((a) => ({ rule: a.rule, network: a.network, authorizationId: a.authorizationId })),
        },
      });
      note = await scheduleIfReady(this.deps, tx, post, actorOf(user));
      return post;
    }).catch(async (error: unknown) => {
      if (blocked) await this.recordBlocked(practiceId, user, postId, blocked);
      throw error;
    });
    if (post.status === 'scheduled') await this.deps.sync.scheduled(practiceId, postId);
    return { post, note };
  }

  private async recordBlocked(
    practiceId: string,
    user: SessionUser,
    postId: string,
    blocked: { reason: string; details: Record<string, unknown> },
  ): Promise<void> {
    await inTransaction(this.deps.dataSource, (tx) =>
      this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'post.approval_blocked',
        entityType: 'post',
        entityId: postId,
        details: { reason: blocked.reason, ...blocked.details },
      }),
    );
  }

  requestChanges(practiceId: string, user: SessionUser, postId: string, comment: string): Promise<Post> {
    return this.decide(practiceId, user, postId, 'changes_requested', comment);
  }

  reject(practiceId: string, user: SessionUser, postId: string, reason: string): Promise<Post> {
    return this.decide(practiceId, user, postId, 'rejected', reason);
  }

  /** Cancel: it will not publish; it stays approved, at its time on the calendar (pick a new time to schedule it again). */
  cancel(practiceId: string, user: SessionUser, postId: string): Promise<Post> {
    return this.stopScheduled(practiceId, user, postId, false);
  }

  /** Unschedule: back to approved and off the calendar (no date), waiting with the undated posts for a new time. */
  unschedule(practiceId: string, user: SessionUser, postId: string): Promise<Post> {
    return this.stopScheduled(practiceId, user, postId, true);
  }

  private async stopScheduled(
    practiceId: string,
    user: SessionUser,
    postId: string,
    clearTime: boolean,
  ): Promise<Post> {
    const post = await inTransaction(this.deps.dataSource, async (tx) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      transition(post, 'cancel');
      const was = { scheduledAt: post.scheduledAt?.toISOString() ?? null, scheduledLocal: post.scheduledLocal };
      if (clearTime) {
        post.scheduledAt = null;
        post.scheduledLocal = null;
      }
      await this.deps.posts.save(post, tx);
      await this.deps.posts.unscheduleTargets(practiceId, postId, tx);
      moveTargets(post.targets ?? [], 'unschedule', { dueAt: null });
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: clearTime ? 'post.unscheduled' : 'post.cancelled',
        entityType: 'post',
        entityId: postId,
        details: { ...was, timezone: post.timezone },
      });
      return post;
    });
    await this.deps.sync.unscheduled(practiceId, postId);
    return post;
  }

  private async decide(
    practiceId: string,
    user: SessionUser,
    postId: string,
    decision: 'changes_requested' | 'rejected',
    text: string,
  ): Promise<Post> {
    if (text.trim().length < 3)
      throw new InvalidInputError(
        decision === 'rejected'
          ? 'Write a short reason so the author knows why it was rejected'
          : 'Write a short comment so the author knows what to change',
        {
          field: decision === 'rejected' ? 'reason' : 'comment',
        },
      );
    return inTransaction(this.deps.dataSource, async (tx: EntityManager) => {
      const post = await this.deps.posts.lock(practiceId, postId, tx);
      assertCan(decision === 'rejected' ? 'reject' : 'request_changes', post.status);
      assertNotOwnPost(post, user.id, 'review');
      await this.deps.posts.addReview(
        {
          practiceId,
          postId,
          reviewerId: user.id,
          decision,
          comment: text.trim(),
          postVersion: post.version,
          contentHash: null,
          targetHashes: {},
          overrides: [],
          authorizationIds: [],
          voidedAt: null,
          voidReason: null,
        },
        tx,
      );
      await this.deps.posts.addComment(
        { practiceId, postId, authorId: user.id, authorName: user.name, body: text.trim(), decision },
        tx,
      );
      transition(post, decision === 'rejected' ? 'reject' : 'request_changes');
      await this.deps.posts.save(post, tx);
      await closeSettledAlerts(this.deps.alerts, tx, post);
      await this.deps.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: decision === 'rejected' ? 'post.rejected' : 'post.changes_requested',
        entityType: 'post',
        entityId: postId,
        details: { version: post.version, [decision === 'rejected' ? 'reason' : 'comment']: text.trim() },
      });
      return post;
    });
  }

  /**
   * A post goes to a reviewer only when nothing must be fixed first. A blocking finding that a signed patient
   * authorization on file clears may go (the reviewer still names that authorization to approve); any other
   * is refused here, before the post leaves its author, with one line per phrase.
   */
  private async refuseMustFix(practiceId: string, practice: Practice, texts: Partial<Record<string, string>>) {
    const onFile = forChecker(await this.deps.authorizations.list(practiceId));
    const remaining = blockingFindings(this.checkTexts(practice, texts, onFile).findings);
    if (!remaining.length) return;
    const phrases = groupFindings(remaining);
    throw new InvalidInputError(
      `${plural(phrases.length, 'must-fix finding')} must be changed before this post can be submitted for review: ` +
        `${phrases.map((p) => `“${p.text}” (${p.message})`).join('; ')}. ` +
        'A patient may be named only with their signed authorization, recorded by a reviewer.',
      { field: 'baseText', findings: phrases },
    );
  }

  /** Checks every network's final text; findings carry the network whose text holds the span. */
  private checkTexts(
    practice: Practice,
    texts: Partial<Record<string, string>>,
    authorizations: CheckAuthorization[] = [],
  ) {
    const profile = { ...practice.profile, name: practice.name };
    const findings: StoredFinding[] = [];
    const authorized: Array<{ rule: string; network: string; authorizationId: string }> = [];
    for (const [network, text] of Object.entries(texts)) {
      const result: ContentCheckResult = this.deps.checker.check(text ?? '', profile, {
        network,
        authorizations,
        now: this.deps.clock.now(),
      });
      findings.push(...result.findings.map((f) => ({ ...f, network: network as StoredFinding['network'] })));
      authorized.push(
        ...(result.authorized ?? []).map((a) => ({ rule: a.rule, network, authorizationId: a.authorizationId })),
      );
    }
    const verdict: 'pass' | 'warn' | 'block' = blockingFindings(findings).length
      ? 'block'
      : findings.length
        ? 'warn'
        : 'pass';
    return { findings, verdict, authorized };
  }

  private matchOverrides(findings: StoredFinding[], given: NonNullable<ApproveInput['overrides']>): WarnOverride[] {
    const warns = findings.filter((f) => f.severity === 'warn');
    const missing = warns.filter(
      (f) => !given.some((o) => covers(o, f) && o.justification.trim().length >= MIN_JUSTIFICATION),
    );
    if (missing.length) {
      throw new InvalidInputError(
        `Each PHI warning needs a written justification (at least ${MIN_JUSTIFICATION} characters) to approve: ${groupFindings(
          missing,
        )
          .map(
            (f) => `“${f.text}” on ${f.networks.map((n) => NETWORK_NAMES[n as Network] ?? 'all networks').join(', ')}`,
          )
          .join('; ')}`,
        { field: 'overrides', missing },
      );
    }
    return warns.map((f) => {
      const o = given.find((g) => covers(g, f))!;
      return {
        rule: f.rule,
        network: f.network,
        start: f.start,
        end: f.end,
        text: f.text,
        justification: o.justification.trim(),
      };
    });
  }
}

const summary = (f: StoredFinding) => ({
  rule: f.rule,
  category: f.category,
  severity: f.severity,
  network: f.network,
  start: f.start,
  end: f.end,
});
