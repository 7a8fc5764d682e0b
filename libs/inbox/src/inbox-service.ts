// Reading the inbox (urgent first, filters, badge counts, a thread with our post) and acting on a comment
// (hide, show, mark handled, assign). Every action writes one audit entry in the same transaction.
import { DataSource, EntityManager } from 'typeorm';
import { TokenVault } from '@app/accounts';
import { Actor, AuditLog } from '@app/audit';
import { Clock, inTransaction, InvalidInputError, NotFoundError, ServiceUnavailableError } from '@app/core';
import { MembersStore } from '@app/practices';
import { CommentStore } from './comment-store';
import { InboxSettingsStore } from './settings-store';
import { SourceStore } from './source-store';
import { readyReplies, ReadyReply } from './replies/ready-replies';
import { checkReply, replyCheckContext, ReplyVerdict } from './replies/reply-check';
import { DEFAULT_RESPONSE_MINUTES } from './usecases/unanswered-comments';
import { InboxComment } from './entities/inbox-comment.entity';
import { InboxNetwork, InboxStatus, NETWORK_ACTIONS } from './networks';
import type { InboxSource } from './sources/source';
import { SourceError } from './sources/source-error';
import type { TriageLabel } from './triage/types';

export interface InboxQuery {
  label?: TriageLabel;
  network?: InboxNetwork;
  status?: InboxStatus;
  assigneeId?: string;
  limit: number;
  offset: number;
}

export interface InboxCounts {
  open: number;
  urgent: number;
  byLabel: Record<string, number>;
}

/** A ready reply with the PHI checker's verdict in reply mode (the comment as context): it must pass too. */
export interface CheckedReply extends ReadyReply, ReplyVerdict {}

export interface InboxPolicy {
  responseMinutes: number;
  afterHoursPhone: string | null;
  /** People whose replies go out without a reviewer when the PHI checker finds nothing in them. */
  trustedReplierIds: string[];
}

export interface InboxThread {
  comment: InboxComment;
  /** Every stored comment of the thread, oldest first (the top-level comment, its replies, ours included). */
  thread: InboxComment[];
  post: { id: string; text: string; status: string } | null;
}

export class InboxService {
  private readonly comments: CommentStore;
  private readonly settings: InboxSettingsStore;
  private readonly accounts: SourceStore;
  private readonly members: MembersStore;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly vault: TokenVault,
    private readonly sources: ReadonlyMap<InboxNetwork, InboxSource>,
    private readonly clock: Clock,
  ) {
    this.comments = new CommentStore(dataSource);
    this.settings = new InboxSettingsStore(dataSource);
    this.accounts = new SourceStore(dataSource);
    this.members = new MembersStore(dataSource);
  }

  /** Urgent first, then newest; the label filter runs on the stored labels. */
  async list(practiceId: string, query: InboxQuery): Promise<{ items: InboxComment[]; total: number }> {
    const rows = await this.comments.received(practiceId, {
      network: query.network,
      status: query.status,
      assigneeId: query.assigneeId,
      urgentOnly: query.label === 'urgent',
    });
    // Labels live in a JSON column on both databases: filter here (a practice's inbox is hundreds, not millions).
    const filtered = query.label ? rows.filter((c) => c.labels.includes(query.label as TriageLabel)) : rows;
    return { items: filtered.slice(query.offset, query.offset + query.limit), total: filtered.length };
  }

  async counts(practiceId: string): Promise<InboxCounts> {
    const open = await this.comments.openLabels(practiceId);
    const byLabel: Record<string, number> = {};
    for (const c of open) for (const l of c.labels) byLabel[l] = (byLabel[l] ?? 0) + 1;
    return { open: open.length, urgent: open.filter((c) => c.urgent).length, byLabel };
  }

  async thread(practiceId: string, commentId: string): Promise<InboxThread> {
    const comment = await this.get(this.dataSource.manager, practiceId, commentId);
    const thread = await this.comments.thread(practiceId, comment);
    const post = comment.postId ? await this.comments.post(practiceId, comment.postId) : null;
    return { comment, thread, post };
  }

  /** Hides (or shows) the comment on the network, then records it. Nothing is recorded if the network refuses. */
  async setHidden(practiceId: string, actor: Actor, commentId: string, hidden: boolean): Promise<InboxComment> {
    const comment = await this.get(this.dataSource.manager, practiceId, commentId);
    if (!NETWORK_ACTIONS[comment.network].hide)
      throw new InvalidInputError(
        `${comment.network} does not let a page hide comments; reply or ask the writer instead.`,
      );
    if (comment.hidden === hidden) return comment;
    const source = this.sources.get(comment.network);
    if (!source) throw new ServiceUnavailableError(`The ${comment.network} inbox is not available yet.`);
    const account = await this.accounts.account(practiceId, comment.accountId);
    if (!account?.accessTokenEnc)
      throw new InvalidInputError('The account this comment came to is no longer connected.');
    try {
      await source.setHidden(
        {
          id: account.id,
          practiceId,
          network: comment.network,
          externalId: account.externalId,
          handle: account.handle,
          accessToken: this.vault.open(account.accessTokenEnc, account.id),
        },
        comment.externalId,
        hidden,
      );
    } catch (error) {
      if (error instanceof SourceError) {
        const what = `${comment.network} did not ${hidden ? 'hide' : 'show'} the comment: ${error.message}`;
        // Refused for good (not allowed, token gone) is the user's to fix; anything else may work on a retry.
        if (error.kind === 'rejected') throw new InvalidInputError(what);
        if (error.kind === 'auth_expired') throw new InvalidInputError(`${what} (reconnect the account)`);
        throw new ServiceUnavailableError(what);
      }
      throw error;
    }
    return inTransaction(this.dataSource, async (tx) => {
      await this.comments.update(practiceId, comment.id, { hidden }, tx);
      await this.audit.record(tx, practiceId, {
        actor,
        action: hidden ? 'inbox.comment_hidden' : 'inbox.comment_shown',
        entityType: 'inbox_comment',
        entityId: comment.id,
        before: { hidden: comment.hidden },
        after: { hidden },
        details: { network: comment.network, externalId: comment.externalId },
      });
      return this.get(tx, practiceId, comment.id);
    });
  }

  async setStatus(practiceId: string, actor: Actor, commentId: string, status: InboxStatus): Promise<InboxComment> {
    return inTransaction(this.dataSource, async (tx) => {
      const comment = await this.get(tx, practiceId, commentId);
      if (comment.status === status) return comment;
      const handled = status === 'handled';
      await this.comments.update(
        practiceId,
        comment.id,
        { status, handledAt: handled ? this.clock.now() : null, handledById: handled ? actor.id : null },
        tx,
      );
      await this.audit.record(tx, practiceId, {
        actor,
        action: handled ? 'inbox.comment_handled' : 'inbox.comment_reopened',
        entityType: 'inbox_comment',
        entityId: comment.id,
        before: { status: comment.status },
        after: { status },
      });
      return this.get(tx, practiceId, comment.id);
    });
  }

  async assign(practiceId: string, actor: Actor, commentId: string, assigneeId: string | null): Promise<InboxComment> {
    return inTransaction(this.dataSource, async (tx) => {
      const comment = await this.get(tx, practiceId, commentId);
      if (assigneeId && !(await this.members.isMember(practiceId, assigneeId, tx)))
        throw new InvalidInputError('assigneeId must be a person in this practice.');
      await this.comments.update(practiceId, comment.id, { assigneeId }, tx);
      await this.audit.record(tx, practiceId, {
        actor,
        action: 'inbox.comment_assigned',
        entityType: 'inbox_comment',
        entityId: comment.id,
        before: { assigneeId: comment.assigneeId },
        after: { assigneeId },
      });
      return this.get(tx, practiceId, comment.id);
    });
  }

  private async get(tx: EntityManager, practiceId: string, id: string): Promise<InboxComment> {
    const comment = await this.comments.byId(practiceId, id, tx);
    // Another practice's comment is "not found", never "forbidden": its existence is not ours to confirm.
    if (!comment) throw new NotFoundError('Comment');
    return comment;
  }

  /** Ready replies for this comment, each already checked by the PHI checker in reply mode. */
  async replies(practiceId: string, commentId: string): Promise<CheckedReply[]> {
    const comment = await this.get(this.dataSource.manager, practiceId, commentId);
    const context = await replyCheckContext(this.dataSource.manager, practiceId);
    return readyReplies({
      labels: comment.labels,
      findings: comment.findings,
      practiceName: context.practice.name,
      officePhone: context.practice.profile?.phones?.[0],
      afterHoursPhone: context.afterHoursPhone ?? undefined,
    }).map((reply) => ({ ...reply, ...checkReply(reply.text, comment, context) }));
  }

  async policy(practiceId: string): Promise<InboxPolicy> {
    const row = await this.settings.of(practiceId);
    return {
      responseMinutes: row?.responseMinutes ?? DEFAULT_RESPONSE_MINUTES,
      afterHoursPhone: row?.afterHoursPhone ?? null,
      trustedReplierIds: row?.trustedReplierIds ?? [],
    };
  }

  async setPolicy(practiceId: string, actor: Actor, policy: InboxPolicy): Promise<InboxPolicy> {
    return inTransaction(this.dataSource, async (tx) => {
      const row = await this.settings.of(practiceId, tx);
      if (policy.trustedReplierIds.length) {
        // A member of this practice (a person's memberships elsewhere do not make them trusted here).
        const people = await this.members.countMembersAmong(practiceId, policy.trustedReplierIds, tx);
        if (people !== new Set(policy.trustedReplierIds).size)
          throw new InvalidInputError('trustedReplierIds must be people in this practice.');
      }
      const before = row
        ? {
            responseMinutes: row.responseMinutes,
            afterHoursPhone: row.afterHoursPhone,
            trustedReplierIds: row.trustedReplierIds ?? [],
          }
        : null;
      await this.settings.put(practiceId, row, policy, tx);
      await this.audit.record(tx, practiceId, {
        actor,
        action: 'inbox.settings_changed',
        entityType: 'inbox_settings',
        entityId: practiceId,
        before,
        after: policy,
      });
      return policy;
    });
  }

  byIds(practiceId: string, ids: string[]): Promise<InboxComment[]> {
    return this.comments.byIds(practiceId, ids);
  }
}
