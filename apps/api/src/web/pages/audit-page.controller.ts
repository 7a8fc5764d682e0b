// The audit log for compliance officers: filters in the practice's dates, paging, chain check and CSV export.
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { AuditLog, AuditQuery } from '@app/audit';
import { Public } from '../../http/auth.guard';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

const PAGE_SIZE = 25;

/** Actions the log records today, offered as suggestions in the filter. */
const KNOWN_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.password_changed',
  'user.password_reset_issued',
  'user.password_reset_requested',
  'user.password_reset',
  'auth.practice_switched',
  'practice.created',
  'practice.updated',
  'user.created',
  'user.updated',
  'user.invite_accepted',
  'post.created',
  'post.updated',
  'post.submitted',
  'post.approved',
  'post.approval_blocked',
  'post.changes_requested',
  'post.rejected',
  'post.published',
  'post.partly_published',
  'post.failed',
  'post.publish_now',
  'post.retry',
  'post.cancelled',
  'post.unscheduled',
  'post.deleted',
];
/** Plain words for the actions a compliance officer reads most; others show their code only. */
const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out (all sessions)',
  'user.password_changed': 'Password changed',
  'user.password_reset_issued': 'Password reset link issued',
  'user.password_reset_requested': 'Password reset link e-mailed',
  'user.password_reset': 'Password reset through a link',
  'auth.practice_switched': 'Switched to this practice',
  'practice.created': 'Practice created',
  'practice.updated': 'Practice settings changed',
  'user.created': 'Person added',
  'user.updated': 'Person changed',
  'user.invite_accepted': 'Invitation accepted',
  'post.created': 'Post created',
  'post.updated': 'Post edited',
  'post.submitted': 'Submitted for review',
  'post.approved': 'Post approved',
  'post.approval_blocked': 'Approval refused (own post or blocking finding)',
  'post.changes_requested': 'Changes requested',
  'post.rejected': 'Post rejected',
  'post.published': 'Post published',
  'post.partly_published': 'Partly published',
  'post.failed': 'Publishing failed',
  'post.publish_now': 'Published now',
  'post.retry': 'Retried a failed network',
  'post.cancelled': 'Cancelled',
  'post.unscheduled': 'Unscheduled',
  'post.deleted': 'Post deleted',
  'post.duplicated': 'Post duplicated',
};
const detailText = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.map(detailText).join(', ') : JSON.stringify(v);

const ENTITY_TYPES = ['practice', 'user', 'post', 'account', 'template'];

export interface AuditFilters {
  from?: string;
  to?: string;
  action?: string;
  entity?: string;
  page?: string;
}

const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const clean = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class AuditPageController {
  constructor(
    private readonly session: PageSession,
    private readonly audit: AuditLog,
  ) {}

  @Get('audit')
  async auditLog(@Req() req: Request, @Res() res: Response, @Query() raw: AuditFilters): Promise<void> {
    const page = await this.session.require(req, ['admin', 'reviewer']);
    const zone = page.practice.timezone;
    const filters = {
      from: isDay(raw.from) ? raw.from : '',
      to: isDay(raw.to) ? raw.to : '',
      action: clean(raw.action, 64),
      entity: clean(raw.entity, 40),
    };
    const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(String(raw.page ?? '1'), 10) || 1));
    const query: AuditQuery = {
      // Dates are the practice's calendar days: from its midnight to the end of the "to" day.
      from: filters.from ? DateTime.fromISO(filters.from, { zone }).startOf('day').toJSDate() : undefined,
      to: filters.to ? DateTime.fromISO(filters.to, { zone }).endOf('day').toJSDate() : undefined,
      action: filters.action || undefined,
      entityType: filters.entity || undefined,
      page: pageNo,
      pageSize: PAGE_SIZE,
    };
    const { items, total } = await this.audit.list(page.user.practiceId, query);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const link = (n: number) => `/audit?${new URLSearchParams({ ...filters, page: String(n) }).toString()}`;
    const exportParams = new URLSearchParams();
    if (query.from) exportParams.set('from', query.from.toISOString());
    if (query.to) exportParams.set('to', query.to.toISOString());
    if (query.action) exportParams.set('action', query.action);
    if (query.entityType) exportParams.set('entityType', query.entityType);
    res.render('pages/audit', {
      ...this.session.layout(page, 'audit', 'Audit log', ['/assets/vendor/htmx.min.js', '/assets/js/audit.js']),
      filters,
      filtered: Boolean(filters.from || filters.to || filters.action || filters.entity),
      actions: KNOWN_ACTIONS,
      entityTypes: ENTITY_TYPES.map((type) => ({ type, selected: type === filters.entity })),
      entries: items.map((e) => ({
        seq: e.seq,
        at: e.at.toISOString(),
        actor: e.actorLabel,
        action: e.action,
        actionLabel: ACTION_LABELS[e.action] ?? null,
        entityType: e.entityType,
        entityId: e.entityId,
        shortId: e.entityId?.slice(0, 8) ?? null,
        hash: e.hash.slice(0, 12),
        details: Object.entries(e.details ?? {}).map(([k, v]) => ({ k, v: detailText(v) })),
      })),
      total,
      pageNo,
      pages,
      firstShown: total === 0 ? 0 : (pageNo - 1) * PAGE_SIZE + 1,
      lastShown: Math.min(total, pageNo * PAGE_SIZE),
      prev: pageNo > 1 ? link(pageNo - 1) : null,
      next: pageNo < pages ? link(pageNo + 1) : null,
      exportUrl: `/api/audit/export.csv${exportParams.size ? `?${exportParams.toString()}` : ''}`,
    });
  }
}
