// Connected social accounts: where posts go, each account's health in plain words, connecting and
// disconnecting (admins), and the posting rhythm the cadence guard watches.
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountsService, EXPIRY_WARNING_MS } from '@app/accounts';
import { ACTION_ROLES } from '@app/posts';
import { isNetwork, NETWORK_NAMES, NETWORKS } from '@app/publishing';
import { Public } from '../../http/auth.guard';
import { AccountDto } from '../../accounts/accounts.dto';
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
    private readonly accounts: AccountsService,
  ) {}

  @Get('accounts')
  async accountsPage(
    @Req() req: Request,
    @Res() res: Response,
    @Query('connected') connected?: string,
    @Query('pick') pick?: string,
    @Query('network') network?: string,
  ): Promise<void> {
    const page = await this.session.require(req);
    const layout = this.session.layout(page, 'accounts', 'Social accounts', ['/assets/js/accounts.js']);
    const accounts = (await this.accounts.list(page.user.practiceId)).map(AccountDto.of);
    const now = Date.now();
    res.render('pages/accounts', {
      ...layout,
      isAdmin: layout.user.isAdmin,
      canRetry: ACTION_ROLES.retry.some((role) => page.user.roles.includes(role)),
      connectedCount: connected ? connected.split(',').length : 0,
      pick:
        typeof pick === 'string' && isNetwork(network) && network !== 'x'
          ? { pick, network, networkName: NETWORK_NAMES[network] }
          : null,
      networks: NETWORKS.map((n) => ({
        network: n,
        label: NETWORK_NAMES[n],
        what: n === 'facebook' ? 'Page' : n === 'linkedin' ? 'page' : n === 'google_business' ? 'location' : 'account',
      })),
      accounts: accounts.map((a) => ({
        ...a,
        networkName: NETWORK_NAMES[a.network],
        statusInfo: STATUS[a.status] ?? { label: a.status, badge: 'badge-gray' },
        active: a.status !== 'disconnected',
        // After a reconnect: its failed posts go out again in one action.
        retryFailed: a.status === 'connected' && a.failedPosts > 0,
        // Every row that cannot post, or will stop soon without a person, offers the way back.
        needsReconnect:
          a.status !== 'connected' || (a.reconnectBy !== null && Date.parse(a.reconnectBy) - now < EXPIRY_WARNING_MS),
      })),
    });
  }
}
