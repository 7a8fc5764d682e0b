// Alerts for the practice: failed or late posts, accounts that need reconnecting, quiet periods ahead.
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AlertsService } from '@app/alerts';
import { Public } from '../../http/auth.guard';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

const SEVERITY = {
  critical: { label: 'Needs action', badge: 'badge-red', icon: 'alert' },
  warning: { label: 'Warning', badge: 'badge-amber', icon: 'alert' },
  info: { label: 'Information', badge: 'badge-blue', icon: 'info' },
} as Record<string, { label: string; badge: string; icon: string }>;

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class AlertsPageController {
  constructor(
    private readonly session: PageSession,
    private readonly alerts: AlertsService,
  ) {}

  @Get('alerts')
  async alertsPage(@Req() req: Request, @Res() res: Response, @Query('show') show?: string): Promise<void> {
    const page = await this.session.require(req);
    const all = show === 'all';
    const alerts = await this.alerts.list(page.user.practiceId, { open: !all, limit: 500 });
    res.render('pages/alerts', {
      ...this.session.layout(page, 'alerts', 'Alerts', ['/assets/js/alerts.js']),
      all,
      // The same number as the badge in the navigation (both count open alerts nobody has marked as seen).
      openCount: page.openAlerts,
      alerts: alerts.map((a) => ({
        id: a.id,
        kind: a.kind,
        title: a.title,
        message: a.message,
        link: a.link,
        createdAt: a.createdAt.toISOString(),
        resolvedAt: a.resolvedAt?.toISOString() ?? null,
        acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
        open: !a.resolvedAt && !a.acknowledgedAt,
        sev: SEVERITY[a.severity] ?? SEVERITY.info,
        severity: a.severity,
      })),
    });
  }
}
