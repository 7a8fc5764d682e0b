// The calendar: month and week views in the practice's time zone, drag to reschedule, click a day to compose.
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { POST_STATUSES, practiceVariables } from '@app/calendar';
import { Public } from '../../http/auth.guard';
import { PageData, NETWORK_ICONS } from '../page-data';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { STATUS_LABELS } from '../view-engine';
import { WEB_PREFIX } from '../web-paths';

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class CalendarPageController {
  constructor(
    private readonly session: PageSession,
    private readonly data: PageData,
  ) {}

  @Get('calendar')
  async calendar(@Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.session.require(req);
    const layout = this.session.layout(page, 'calendar', 'Calendar', ['/assets/vendor/fullcalendar.min.js', '/assets/js/calendar.js']);
    const accounts = await this.data.accounts(page.user.practiceId);
    res.render('pages/calendar', {
      ...layout,
      accounts,
      statuses: POST_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] ?? s })),
      canCompose: layout.user.isAuthor || layout.user.isAdmin,
      pageData: {
        timezone: page.practice.timezone,
        practiceVars: practiceVariables(page.practice),
        canEdit: layout.user.isAuthor || layout.user.isAdmin,
        statusLabels: STATUS_LABELS,
        icons: NETWORK_ICONS,
        accounts,
      },
    });
  }
}
