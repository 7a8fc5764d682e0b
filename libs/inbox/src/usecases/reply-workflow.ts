// Writing a reply and getting it approved: the PHI checker in reply mode runs on every write and again at
// approval; a blocked reply is refused (and the attempt audited), an approval covers the exact text (its
// hash), nobody approves a reply they wrote or edited, and any edit sends it back to review. A practice may
// name people whose replies go out without a reviewer when the checker finds nothing at all.
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@app/audit';
import {
  Clock,
  ConflictError,
  ForbiddenError,
  inTransaction,
  InvalidInputError,
  InvalidTransitionError,
  NotFoundError,
  sha256Hex,
} from '@app/core';
import { actorOf, SessionUser } from '@app/practices';
import { CommentStore } from '../comment-store';
import { InboxComment } from '../entities/inbox-comment.entity';
import { InboxReply } from '../entities/inbox-reply.entity';
import { NETWORK_ACTIONS } from '../networks';
import { ReplyStore } from '../reply-store';
import { InboxSettingsStore } from '../settings-store';
import { checkReply, replyCheckContext, ReplyVerdict } from '../replies/reply-check';
import { EDITABLE, ReplyStatus, WITHDRAWABLE } from '../replies/reply-states';

/** Who may approve a reply: the people who approve posts. */
export const REPLY_APPROVER_ROLES = ['reviewer', 'admin'] as const;

export class ReplyWorkflow {
  private readonly comments: CommentStore;
  private readonly replies: ReplyStore;
  private readonly settings: InboxSettingsStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.comments = new CommentStore(dataSource);
    this.replies = new ReplyStore(dataSource);
    this.settings = new InboxSettingsStore(dataSource);
  }

  /** The PHI checker on a draft, with the comment as context (what the page shows while typing). */
  async check(practiceId: string, commentId: string, text: string): Promise<ReplyVerdict> {
    const comment = await this.commentOf(practiceId, commentId);
    return checkReply(text, comment, await replyCheckContext(this.dataSource.manager, practiceId));
  }

  async write(practiceId: string, user: SessionUser, commentId: string, text: string): Promise<InboxReply> {
    const comment = await this.commentOf(practiceId, commentId);
    if (comment.fromPractice)
      throw new InvalidInputError('This is the practice’s own reply; answer the comment above it.');
    if (comment.removedAt) throw new InvalidInputError('The writer deleted this comment; there is nothing to answer.');
    if (!NETWORK_ACTIONS[comment.network].reply)
      throw new InvalidInputError(`${comment.network} does not take replies from a page.`);
    const verdict = await this.checkOrRefuse(practiceId, user, comment, text, null);
    return inTransaction(this.dataSource, async (tx) => {
      const live = await this.replies.live(practiceId, comment.id, tx);
      if (live)
        throw new ConflictError('This comment already has a reply in progress; edit that one instead.', {
          replyId: live.id,
        });
      const trusted = await this.sendsWithoutReview(tx, practiceId, user.id, verdict);
      const now = this.clock.now();
      const textHash = sha256Hex(text);
      const reply = await this.replies.add(
        practiceId,
        {
          commentId: comment.id,
          accountId: comment.accountId,
          network: comment.network,
          text,
          textHash,
          status: trusted ? 'approved' : 'in_review',
          verdict: verdict.verdict,
          findings: verdict.findings,
          authorId: user.id,
          contributorIds: [user.id],
          approvedHash: trusted ? textHash : null,
          approvedById: null,
          approvedAt: trusted ? now : null,
          reviewNote: null,
          claimToken: null,
          leaseUntil: null,
          attempts: 0,
          nextAttemptAt: null,
          externalId: null,
          sentAt: null,
          lastError: null,
        },
        tx,
      );
      await this.record(tx, practiceId, user, 'inbox.reply_written', reply, { verdict: verdict.verdict });
      if (trusted) await this.record(tx, practiceId, user, 'inbox.reply_approved', reply, { by: 'trusted_sender' });
      return reply;
    });
  }

  async edit(practiceId: string, user: SessionUser, replyId: string, text: string): Promise<InboxReply> {
    const current = await this.replyOf(practiceId, replyId);
    if (!EDITABLE.includes(current.status)) throw new InvalidTransitionError('reply', current.status, 'edit');
    const comment = await this.commentOf(practiceId, current.commentId);
    const verdict = await this.checkOrRefuse(practiceId, user, comment, text, current.id);
    return inTransaction(this.dataSource, async (tx) => {
      const trusted = await this.sendsWithoutReview(tx, practiceId, user.id, verdict);
      const textHash = sha256Hex(text);
      const now = this.clock.now();
      const contributorIds = [...new Set([...current.contributorIds, user.id])];
      // Conditional on what we read: a worker that claimed it meanwhile (or another edit) wins, this edit does not.
      const changed = await this.replies.changeIf(
        practiceId,
        current.id,
        { status: current.status, textHash: current.textHash },
        {
          text,
          textHash,
          verdict: verdict.verdict,
          findings: verdict.findings,
          contributorIds,
          status: trusted ? 'approved' : 'in_review',
          approvedHash: trusted ? textHash : null,
          approvedById: null,
          approvedAt: trusted ? now : null,
          // attempts stay: if an earlier attempt may have reached the network, the next one reads back first.
          nextAttemptAt: null,
          lastError: null,
        },
        tx,
      );
      if (!changed) throw new ConflictError('The reply changed or is being sent; reload it.');
      const reply = await this.replyOf(practiceId, current.id, tx);
      await this.record(tx, practiceId, user, 'inbox.reply_edited', reply, {
        before: current.textHash,
        verdict: verdict.verdict,
      });
      if (trusted) await this.record(tx, practiceId, user, 'inbox.reply_approved', reply, { by: 'trusted_sender' });
      return reply;
    });
  }

  /** Approves the exact text the reviewer read (its hash); the checker runs again with today's rules. */
  async approve(practiceId: string, user: SessionUser, replyId: string, textHash: string): Promise<InboxReply> {
    if (!user.roles.some((r) => (REPLY_APPROVER_ROLES as readonly string[]).includes(r)))
      throw new ForbiddenError('Only reviewers and admins approve replies.');
    const current = await this.replyOf(practiceId, replyId);
    if (current.status !== 'in_review') throw new InvalidTransitionError('reply', current.status, 'approve');
    if (current.contributorIds.includes(user.id))
      throw new ForbiddenError('You wrote or edited this reply, so someone else has to approve it.');
    if (current.textHash !== textHash)
      throw new ConflictError('The reply changed since you read it; reload it and review again.', {
        textHash: current.textHash,
      });
    const comment = await this.commentOf(practiceId, current.commentId);
    const verdict = await this.checkOrRefuse(practiceId, user, comment, current.text, current.id);
    return inTransaction(this.dataSource, async (tx) => {
      const changed = await this.replies.changeIf(
        practiceId,
        current.id,
        { status: 'in_review', textHash },
        {
          status: 'approved',
          approvedHash: textHash,
          approvedById: user.id,
          approvedAt: this.clock.now(),
          verdict: verdict.verdict,
          findings: verdict.findings,
        },
        tx,
      );
      if (!changed) throw new ConflictError('The reply changed since you read it; reload it and review again.');
      const reply = await this.replyOf(practiceId, current.id, tx);
      await this.record(tx, practiceId, user, 'inbox.reply_approved', reply, { by: 'reviewer' });
      return reply;
    });
  }

  requestChanges(practiceId: string, user: SessionUser, replyId: string, note: string): Promise<InboxReply> {
    return this.move(
      practiceId,
      user,
      replyId,
      ['in_review'],
      'changes_requested',
      'inbox.reply_changes_requested',
      note,
    );
  }

  withdraw(practiceId: string, user: SessionUser, replyId: string): Promise<InboxReply> {
    return this.move(practiceId, user, replyId, WITHDRAWABLE, 'withdrawn', 'inbox.reply_withdrawn', null);
  }

  /** Every reply written to this comment, newest first. */
  async forComment(practiceId: string, commentId: string): Promise<InboxReply[]> {
    await this.commentOf(practiceId, commentId);
    return this.replies.forComment(practiceId, commentId);
  }

  get(practiceId: string, replyId: string): Promise<InboxReply> {
    return this.replyOf(practiceId, replyId);
  }

  /** Replies in one state, oldest first ('in_review' is the reviewers' queue). */
  byStatus(practiceId: string, status: ReplyStatus): Promise<InboxReply[]> {
    return this.replies.byStatus(practiceId, status, 200);
  }

  private async move(
    practiceId: string,
    user: SessionUser,
    replyId: string,
    from: readonly ReplyStatus[],
    to: ReplyStatus,
    action: string,
    note: string | null,
  ): Promise<InboxReply> {
    return inTransaction(this.dataSource, async (tx) => {
      const current = await this.replyOf(practiceId, replyId, tx);
      if (!from.includes(current.status))
        throw new InvalidTransitionError('reply', current.status, action.split('_').slice(1).join(' '));
      const changed = await this.replies.changeIf(
        practiceId,
        current.id,
        { status: current.status },
        { status: to, ...(note !== null ? { reviewNote: note } : {}) },
        tx,
      );
      if (!changed) throw new ConflictError('The reply changed or is being sent; reload it.');
      const reply = await this.replyOf(practiceId, current.id, tx);
      await this.record(tx, practiceId, user, action, reply, note ? { note } : {});
      return reply;
    });
  }

  /** Runs the checker; a block is refused for everyone, and the refused attempt is audited. */
  private async checkOrRefuse(
    practiceId: string,
    user: SessionUser,
    comment: InboxComment,
    text: string,
    replyId: string | null,
  ): Promise<ReplyVerdict> {
    if (!text.trim()) throw new InvalidInputError('Write the reply first.', { field: 'text' });
    const verdict = checkReply(text, comment, await replyCheckContext(this.dataSource.manager, practiceId));
    if (verdict.verdict !== 'block') return verdict;
    const blocks = verdict.findings.filter((f) => f.severity === 'block');
    await inTransaction(this.dataSource, (tx) =>
      this.audit.record(tx, practiceId, {
        actor: actorOf(user),
        action: 'inbox.reply_blocked',
        entityType: 'inbox_comment',
        entityId: comment.id,
        after: sha256Hex(text),
        details: { replyId, rules: blocks.map((f) => f.rule) },
      }),
    );
    throw new InvalidInputError(
      `This reply cannot be sent: ${blocks.map((f) => `“${f.text}” (${f.message})`).join('; ')}`,
      { findings: verdict.findings },
    );
  }

  private async sendsWithoutReview(
    tx: EntityManager,
    practiceId: string,
    userId: string,
    verdict: ReplyVerdict,
  ): Promise<boolean> {
    if (verdict.verdict !== 'pass' || verdict.findings.length > 0) return false;
    const settings = await this.settings.of(practiceId, tx);
    return settings?.trustedReplierIds?.includes(userId) ?? false;
  }

  private async commentOf(practiceId: string, id: string): Promise<InboxComment> {
    const comment = await this.comments.byId(practiceId, id);
    if (!comment) throw new NotFoundError('Comment');
    return comment;
  }

  private async replyOf(practiceId: string, id: string, tx?: EntityManager): Promise<InboxReply> {
    const reply = await this.replies.byId(practiceId, id, tx);
    if (!reply) throw new NotFoundError('Reply');
    return reply;
  }

  private record(
    tx: EntityManager,
    practiceId: string,
    user: SessionUser,
    action: string,
    reply: InboxReply,
    details: Record<string, unknown>,
  ): Promise<unknown> {
    return this.audit.record(tx, practiceId, {
      actor: actorOf(user),
      action,
      entityType: 'inbox_reply',
      entityId: reply.id,
      after: reply.textHash,
      details: { commentId: reply.commentId, status: reply.status, ...details },
    });
  }
}
