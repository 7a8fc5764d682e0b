// Connected social accounts: which Facebook Pages, LinkedIn pages and X accounts posts go to, and their health.
import { Controller, Get, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../http/auth.guard';
import { NETWORK_LABELS, PageData } from '../page-data';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

const STATUS = {
  connected: { label: 'Connected', badge: 'badge-green' },
  needs_reconnect: { label: 'Needs reconnecting', badge: 'badge-amber' },
  disconnected: { label: 'Disconnected', badge: 'badge-gray' },
} as Record<string, { label: string; badge: string }>;

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class AccountsPageController {
  constructor(
    private readonly session: PageSession,
    private readonly data: PageData,
  ) {}

  @Get('accounts')
  async accounts(@Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.session.require(req);
    const accounts = await this.data.accounts(page.user.practiceId);
    res.render('pages/accounts', {
      ...this.session.layout(page, 'accounts', 'Social accounts'),
      accounts: accounts.map((a) => ({ ...a, networkName: NETWORK_LABELS[a.network], statusInfo: STATUS[a.status] ?? { label: a.status, badge: 'badge-gray' } })),
    });
  }
}
