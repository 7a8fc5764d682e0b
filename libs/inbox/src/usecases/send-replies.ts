// The worker's side of replies: each approved reply goes to the network exactly once. A conditional claim
// (approved and due -> sending, with a lease and a token) means one worker sends it; the lease is renewed, and
// the claim checked, just before the network call (a worker that stalled past its lease sends nothing); the
// network's id is stored on its own the moment it is known, so a failure while recording cannot lose it; any
// attempt after the first (a retry after a timeout, or a takeover of a lease a dead worker left) first reads the
// thread back and records a reply that is already there. The text must still hash to what was approved and still
// pass the PHI checker with today's rules. A token the network refuses marks the account needs_reconnect (one
// alert), and the reply waits for the reconnect instead of failing.
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SocialAccount, TokenVault } from '@app/accounts';
import { AuditLog, SYSTEM_ACTOR } from '@app/audit';
import { Clock, inTransaction, sha256Hex } from '@app/core';
import { InboxComment } from '../entities/inbox-comment.entity';
import { InboxReply } from '../entities/inbox-reply.entity';
import { CommentStore } from '../comment-store';
import { InboxStore } from '../inbox-store';
import { ReplyStore } from '../reply-store';
import { SourceStore } from '../source-store';
import type { InboxNetwork } from '../networks';
import { triageProfileOf } from '../practice-profile';
import { checkReply, replyCheckContext } from '../replies/reply-check';
import type { InboxSource, SourceAccount } from '../sources/source';
import { SourceError } from '../sources/source-error';
import type { OnAuthExpired } from './account-refusal';

export interface SendOptions {
  /** How long a claim holds before another worker may take it over (after reading back). */
  leaseMs: number;
  /** Attempts before a reply that keeps failing transiently is marked failed. */
  maxAttempts: number;
  /** First retry delay; doubled per attempt, capped at 15 minutes. */
  backoffMs: number;
  /** How often a reply waiting for its account to be reconnected looks again. */
  reconnectPollMs: number;
  /** How long a reply waits for a reconnect before it fails (an answer a week late helps nobody). */
  reconnectWaitMs: number;
}

export const DEFAULT_SEND_OPTIONS: SendOptions = {
  leaseMs: 60_000,
  maxAttempts: 6,
  backoffMs: 5_000,
  reconnectPollMs: 60_000,
  reconnectWaitMs: 7 * 24 * 3600_000,
};

const waitingForReconnect = (network: InboxNetwork): string =>
  `Waiting for the ${network} account to be reconnected; the reply goes out once it is.`;

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
}

type Outcome = keyof SendReport | 'skipped';

export class SendReplies {
  private readonly logger = new Logger(SendReplies.name);
  private readonly replies: ReplyStore;
  private readonly comments: CommentStore;
  private readonly accounts: SourceStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly vault: TokenVault,
    private readonly sources: ReadonlyMap<InboxNetwork, InboxSource>,
    private readonly store: InboxStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly onAuthExpired?: OnAuthExpired,
    private readonly options: SendOptions = DEFAULT_SEND_OPTIONS,
  ) {
    this.replies = new ReplyStore(dataSource);
    this.comments = new CommentStore(dataSource);
    this.accounts = new SourceStore(dataSource);
  }

  /** One pass over every practice's due replies (approved and due, or sending with an expired lease). */
  async sendDue(): Promise<SendReport> {
    const now = this.clock.now();
    const due = await this.replies.due(now, 20);
    const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
    for (const candidate of due) {
      const outcome = await this.sendOne(candidate).catch((error: unknown) => {
        // A database failure mid-way: the lease runs out and the next claim reads back first.
        this.logger.warn({ practiceId: candidate.practiceId, replyId: candidate.id, err: error }, 'Reply send failed');
        return 'skipped' as const;
      });
      if (outcome !== 'skipped') report[outcome]++;
    }
    return report;
  }

  private async sendOne(candidate: InboxReply): Promise<Outcome> {
    const token = randomUUID();
    const now = this.clock.now();
    // Of two workers that read the same row, one wins the claim.
    const reply = await this.replies.claim(
      candidate.practiceId,
      candidate,
      token,
      new Date(now.getTime() + this.options.leaseMs),
    );
    if (!reply) return 'skipped';
    const { practiceId } = reply;
    const comment = await this.comments.byId(practiceId, reply.commentId);
    if (!comment) return this.fail(reply, token, 'The comment this reply answers is gone.');
    const account = await this.accounts.account(practiceId, reply.accountId);
    // The network already gave this reply an id (a failure while recording it): it is live; record it, send nothing.
    if (reply.externalId && account) return this.recordSent(reply, token, comment, account, reply.externalId, true);
    if (!reply.approvedHash || sha256Hex(reply.text) !== reply.approvedHash || reply.textHash !== reply.approvedHash)
      return this.fail(reply, token, 'The text is not the one that was approved.');
    const verdict = checkReply(reply.text, comment, await replyCheckContext(this.dataSource.manager, practiceId));
    if (verdict.verdict === 'block')
      return this.fail(reply, token, 'The PHI checker blocks this reply with today’s rules; edit it.');
    const source = this.sources.get(reply.network);
    if (!source) return this.fail(reply, token, `Replies to ${reply.network} are not available.`);
    if (account?.status === 'needs_reconnect') return this.waitForReconnect(reply, token);
    if (!account?.accessTokenEnc || account.status !== 'connected')
      return this.fail(
        reply,
        token,
        'The account is not connected; reconnect it, then edit and approve the reply again.',
      );
    const sourceAccount: SourceAccount = {
      id: account.id,
      practiceId,
      network: reply.network,
      externalId: account.externalId,
      handle: account.handle,
      accessToken: this.vault.open(account.accessTokenEnc, account.id),
    };
    const target = {
      kind: comment.kind,
      externalId: comment.externalId,
      threadExternalId: comment.threadExternalId,
      postExternalId: comment.postExternalId,
    };
    try {
      // Not the first attempt: an earlier one may have reached the network even though we never saw the answer.
      if (reply.attempts > 1) {
        const since = new Date((reply.approvedAt ?? reply.createdAt).getTime() - 1000);
        const existing = await source.findReply(sourceAccount, target, reply.text, since);
        if (existing) return this.recordSent(reply, token, comment, account, existing.externalId, true);
      }
      // The fence: only a worker that still holds the claim, with a fresh lease to cover the call, sends.
      if (!(await this.renewLease(reply, token))) return 'skipped';
      const sent = await source.reply(sourceAccount, target, reply.text);
      await this.replies.changeClaimed(practiceId, reply.id, token, { externalId: sent.externalId });
      return this.recordSent(reply, token, comment, account, sent.externalId, false);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      if (error.kind === 'auth_expired' && this.onAuthExpired) {
        const outcome = await this.onAuthExpired(practiceId, account.id, reply.network, error.message);
        if (outcome === 'needs_reconnect') return this.waitForReconnect(reply, token);
        // A refreshed token: try again at once, as a retry (it reads back first).
        await this.release(reply, token, this.clock.now(), error.message);
        return 'retrying';
      }
      const retryable = error.kind === 'transient' || error.kind === 'rate_limited';
      if (!retryable || reply.attempts >= this.options.maxAttempts)
        return this.fail(reply, token, `${reply.network} refused the reply: ${error.message}`);
      const delay = Math.min(this.options.backoffMs * 2 ** (reply.attempts - 1), 15 * 60_000);
      const retryAt = error.retryAt ?? new Date(this.clock.now().getTime() + delay);
      await this.release(reply, token, retryAt, error.message);
      return 'retrying';
    }
  }

  /** Extends the lease from now if this worker still holds the claim; false when another worker has taken it. */
  private async renewLease(reply: InboxReply, token: string): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs);
    return this.replies.renewLease(reply.practiceId, reply.id, token, now, leaseUntil);
  }

  /**
   * Back to approved, due at `at`: the next claim reads back before it sends. A wait for a reconnect is not an
   * attempt (`uncount`), so a week of waiting does not use up the retries the reply has once the account is back.
   */
  private async release(reply: InboxReply, token: string, at: Date, lastError: string, uncount = false): Promise<void> {
    await this.replies.releaseClaim(reply.practiceId, reply.id, token, {
      status: 'approved',
      claimToken: null,
      leaseUntil: null,
      nextAttemptAt: at,
      lastError,
      ...(uncount ? { attempts: reply.attempts - 1 } : {}),
    });
  }

  /** The account needs reconnecting: the reply waits (looked at again every minute), up to a week, then fails. */
  private async waitForReconnect(reply: InboxReply, token: string): Promise<Outcome> {
    const now = this.clock.now();
    const since = (reply.approvedAt ?? reply.createdAt).getTime();
    if (now.getTime() - since > this.options.reconnectWaitMs)
      return this.fail(reply, token, 'The account was not reconnected in time; edit and approve the reply again.');
    await this.release(
      reply,
      token,
      new Date(now.getTime() + this.options.reconnectPollMs),
      waitingForReconnect(reply.network),
      true,
    );
    return 'retrying';
  }

  /** Stores the network's id first; then our reply joins the thread, the comment is handled, and it is audited. */
  private async recordSent(
    reply: InboxReply,
    token: string,
    comment: InboxComment,
    account: SocialAccount,
    externalId: string,
    foundByReadBack: boolean,
  ): Promise<Outcome> {
    const now = this.clock.now();
    return inTransaction(this.dataSource, async (tx) => {
      const { practiceId } = reply;
      const recorded = await this.replies.changeClaimed(
        practiceId,
        reply.id,
        token,
        { status: 'sent', externalId, sentAt: now, leaseUntil: null, lastError: null },
        tx,
      );
      // Our lease ran out and another worker took over: it reads back and records this same reply.
      if (!recorded) return 'skipped';
      await this.store.ingest(
        tx,
        practiceId,
        account.id,
        reply.network,
        {
          externalId,
          kind: 'reply',
          parentExternalId: comment.externalId,
          threadExternalId: comment.threadExternalId,
          postExternalId: comment.postExternalId,
          authorExternalId: account.externalId,
          authorName: account.name,
          authorHandle: account.handle,
          text: reply.text,
          writtenAt: now,
          fromPractice: true,
        },
        'poll',
        await triageProfileOf(tx, practiceId),
      );
      if (comment.status === 'open')
        await this.comments.update(
          practiceId,
          comment.id,
          { status: 'handled', handledAt: now, handledById: reply.approvedById ?? reply.authorId },
          tx,
        );
      await this.audit.record(tx, practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'inbox.reply_sent',
        entityType: 'inbox_reply',
        entityId: reply.id,
        after: reply.textHash,
        details: {
          commentId: comment.id,
          network: reply.network,
          externalId,
          attempts: reply.attempts,
          foundByReadBack,
        },
      });
      return 'sent';
    });
  }

  private async fail(reply: InboxReply, token: string, reason: string): Promise<Outcome> {
    return inTransaction(this.dataSource, async (tx) => {
      const failed = await this.replies.changeClaimed(
        reply.practiceId,
        reply.id,
        token,
        { status: 'failed', leaseUntil: null, claimToken: null, lastError: reason },
        tx,
      );
      if (!failed) return 'skipped';
      await this.audit.record(tx, reply.practiceId, {
        actor: SYSTEM_ACTOR,
        action: 'inbox.reply_failed',
        entityType: 'inbox_reply',
        entityId: reply.id,
        details: { commentId: reply.commentId, network: reply.network, reason, attempts: reply.attempts },
      });
      return 'failed';
    });
  }
}
