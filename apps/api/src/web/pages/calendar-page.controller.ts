// The calendar: month and week views in the practice's time zone, drag to reschedule, click a day to compose.
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { AlertsService } from '@app/alerts';
import { POST_STATUSES, practiceVariables } from '@app/posts';
import { PostQueries } from '@app/calendar';
import { NETWORK_NAMES } from '@app/publishing';
import { Public } from '../../http/auth.guard';
import { PageData, NETWORK_ICONS } from '../page-data';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { STATUS_LABELS } from '../view-engine';
import { WEB_PREFIX } from '../web-paths';

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');
const firstLine = (text: string) => {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? '(no text yet)';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class CalendarPageController {
  constructor(
    private readonly session: PageSession,
    private readonly data: PageData,
    private readonly alerts: AlertsService,
    private readonly queries: PostQueries,
  ) {}

  @Get('calendar')
  async calendar(@Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.session.require(req);
    const layout = this.session.layout(page, 'calendar', 'Calendar', [
      '/assets/vendor/fullcalendar.min.js',
      '/assets/js/calendar.js',
    ]);
    const accounts = await this.data.accounts(page.user.practiceId);
    const zone = page.practice.timezone;
    // Cadence gaps come from the cadence guard's open alerts; shown as shaded days in the practice's wall time.
    const wall = (iso: unknown) =>
      typeof iso === 'string' ? DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-LL-dd'T'HH:mm:ss") : null;
    const gaps = (await this.alerts.list(page.user.practiceId, { open: true, limit: 100 }))
      .filter((a) => a.kind === 'cadence_gap')
      .map((a) => ({
        id: a.id,
        title: a.title,
        message: a.message,
        from: wall(a.details.from),
        to: wall(a.details.to),
        accountId: a.details.accountId ?? null,
      }))
      .filter((g) => g.from && g.to);
    // Drafts with no date are not on the calendar: list them beside it so they are not forgotten.
    const undated = (
      await this.queries.calendar(page.user.practiceId, { from: FAR_FUTURE, includeUnscheduled: true, limit: 50 })
    ).map((p) => ({ id: p.id, status: p.status, title: firstLine(p.baseText), updatedAt: p.updatedAt.toISOString() }));
    const anyPost = undated.length > 0 || (await this.queries.calendar(page.user.practiceId, { limit: 1 })).length > 0;
    res.render('pages/calendar', {
      undated,
      anyPost,
      ...layout,
      accounts,
      gaps,
      statuses: POST_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s })),
      canCompose: layout.user.isAuthor || layout.user.isAdmin,
      pageData: {
        timezone: page.practice.timezone,
        practiceVars: practiceVariables(page.practice),
        canEdit: layout.user.isAuthor || layout.user.isAdmin,
        statusLabels: STATUS_LABELS,
        networkNames: NETWORK_NAMES,
        icons: NETWORK_ICONS,
        accounts,
        gaps,
      },
    });
  }
}
