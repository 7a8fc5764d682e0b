// The inbox page: comments, mentions and reviews, urgent first, filtered by label, network and status; the
// selected one's thread with our original post, one-click hide, ready replies as templates, a reply box with
// the PHI checker live, and the replies waiting for a reviewer.
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  INBOX_NETWORKS,
  INBOX_STATUSES,
  InboxComment,
  InboxNetwork,
  InboxService,
  InboxStatus,
  NETWORK_ACTIONS,
  ReplyWorkflow,
  TRIAGE_LABELS,
  TriageLabel,
} from '@app/inbox';
import { isNetwork, NETWORK_NAMES } from '@app/publishing';
import { Public } from '../../http/auth.guard';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

const LABEL_WORDS: Record<TriageLabel, string> = {
  urgent: 'Urgent',
  self_phi: 'Shares health details',
  medical_question: 'Medical question',
  complaint: 'Complaint',
  praise: 'Praise',
  spam: 'Spam',
  general: 'General',
};
const LABEL_BADGES: Partial<Record<TriageLabel, string>> = {
  urgent: 'badge-red',
  self_phi: 'badge-amber',
  complaint: 'badge-amber',
  praise: 'badge-green',
};
const REPLY_WORDS: Record<string, string> = {
  in_review: 'Waiting for a reviewer',
  changes_requested: 'Changes requested',
  approved: 'Approved, sending',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Not sent',
  withdrawn: 'Withdrawn',
};

const TEMPLATE_WORDS: Record<string, string> = {
  emergency: 'Emergency: 911',
  crisis: 'Crisis line: 988',
  privacy: 'Keep it private',
  complaint: 'Complaint',
  thanks: 'Thank you',
  general: 'General',
};

const pick = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value) ? (value as T) : undefined;
const networkName = (n: string) => (isNetwork(n) ? NETWORK_NAMES[n] : n);

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class InboxPageController {
  constructor(
    private readonly session: PageSession,
    private readonly inbox: InboxService,
    private readonly replies: ReplyWorkflow,
  ) {}

  @Get('inbox')
  async inboxPage(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, unknown>): Promise<void> {
    const page = await this.session.require(req);
    const practiceId = page.user.practiceId;
    const label = pick(TRIAGE_LABELS, query.label);
    const network = pick(INBOX_NETWORKS, query.network);
    // Open by default; "all" shows handled ones too.
    const status: InboxStatus | undefined =
      query.status === 'all' ? undefined : (pick(INBOX_STATUSES, query.status) ?? 'open');
    const [list, counts, waiting] = await Promise.all([
      this.inbox.list(practiceId, { label, network, status, limit: 100, offset: 0 }),
      this.inbox.counts(practiceId),
      this.replies.byStatus(practiceId, 'in_review'),
    ]);
    const selectedId =
      typeof query.c === 'string' && list.items.some((c) => c.id === query.c) ? query.c : list.items[0]?.id;
    const selected = selectedId ? await this.selected(practiceId, page.user.id, selectedId) : null;
    const filterQuery = (extra: Record<string, string | undefined>) => {
      const params = new URLSearchParams();
      const merged = { label, network, status: query.status === 'all' ? 'all' : status, ...extra };
      for (const [k, v] of Object.entries(merged)) if (v) params.set(k, v);
      return `/inbox?${params.toString()}`;
    };
    res.render('pages/inbox', {
      ...this.session.layout(page, 'inbox', 'Inbox', ['/assets/js/inbox.js']),
      counts,
      total: list.total,
      filters: {
        label: label ?? '',
        network: network ?? '',
        status: query.status === 'all' ? 'all' : status,
        labels: TRIAGE_LABELS.map((l) => ({ value: l, text: LABEL_WORDS[l], count: counts.byLabel[l] ?? 0 })),
        networks: INBOX_NETWORKS.map((n) => ({ value: n, text: networkName(n) })),
      },
      items: list.items.map((c) => ({
        ...this.commentView(c),
        selected: c.id === selectedId,
        href: filterQuery({ c: c.id }),
      })),
      selected,
      waiting: waiting.map((r) => ({
        id: r.id,
        commentId: r.commentId,
        text: r.text,
        textHash: r.textHash,
        network: networkName(r.network),
        mine: r.contributorIds.includes(page.user.id),
      })),
      canApprove: page.user.roles.includes('reviewer') || page.user.roles.includes('admin'),
    });
  }

  private async selected(practiceId: string, userId: string, commentId: string) {
    const [thread, ready, written] = await Promise.all([
      this.inbox.thread(practiceId, commentId),
      this.inbox.replies(practiceId, commentId),
      this.replies.forComment(practiceId, commentId),
    ]);
    const c = thread.comment;
    return {
      ...this.commentView(c),
      canHide: NETWORK_ACTIONS[c.network].hide && !c.fromPractice,
      canReply: NETWORK_ACTIONS[c.network].reply && !c.removedAt,
      post: thread.post,
      thread: thread.thread.map((t) => ({ ...this.commentView(t), isSelected: t.id === c.id })),
      templates: ready.map((r) => ({
        label: TEMPLATE_WORDS[r.purpose] ?? r.purpose,
        text: r.text,
        blocked: r.verdict === 'block',
      })),
      replies: written.map((r) => ({
        id: r.id,
        text: r.text,
        status: r.status,
        statusText: REPLY_WORDS[r.status] ?? r.status,
        lastError: r.lastError,
        reviewNote: r.reviewNote,
        mine: r.contributorIds.includes(userId),
      })),
    };
  }

  private commentView(c: InboxComment) {
    return {
      id: c.id,
      network: c.network as InboxNetwork,
      networkName: networkName(c.network),
      kind: c.kind,
      authorName: c.authorName,
      authorHandle: c.authorHandle,
      fromPractice: c.fromPractice,
      text: c.text,
      writtenAt: c.writtenAt.toISOString(),
      urgent: c.urgent,
      status: c.status,
      hidden: c.hidden,
      removed: c.removedAt !== null,
      labels: c.labels.map((l) => ({ value: l, text: LABEL_WORDS[l], badge: LABEL_BADGES[l] ?? 'badge-gray' })),
      reasons: [...new Set(c.findings.filter((f) => f.label === 'urgent').map((f) => f.reason))],
    };
  }
}
