// Sign in, first-run setup, invitation acceptance, forgotten passwords and sign out: the pages people see before the app.
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { listIn } from '@app/core';
import {
  AuthService,
  InviteUnavailableError,
  PasswordResets,
  ResetLinkUnavailableError,
  SetupService,
  UsersService,
} from '@app/practices';
import { assertCsrf, CSRF_COOKIE, Public, SESSION_COOKIE } from '../../http/auth.guard';
import { PageExceptionFilter, PageRedirect } from '../page-errors';
import { PageSession, safeNext } from '../page-session';
import { WEB_PREFIX } from '../web-paths';

/** Where "/" goes once signed in. */
export const HOME_PATH = '/calendar';

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class AuthPagesController {
  constructor(
    private readonly session: PageSession,
    private readonly setup: SetupService,
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly resets: PasswordResets,
  ) {}

  @Get('home')
  async home(@Req() req: Request): Promise<void> {
    if (!(await this.setup.isComplete())) throw new PageRedirect('/setup');
    await this.session.require(req);
    throw new PageRedirect(HOME_PATH);
  }

  @Get('login')
  async login(
    @Req() req: Request,
    @Res() res: Response,
    @Query('next') next?: string,
    @Query('signedOut') signedOut?: string,
    @Query('welcome') welcome?: string,
    @Query('reset') reset?: string,
  ): Promise<void> {
    if (!(await this.setup.isComplete())) throw new PageRedirect('/setup');
    if (await this.session.optional(req)) throw new PageRedirect(safeNext(next));
    res.render('pages/login', {
      layout: 'auth',
      title: 'Sign in',
      next: safeNext(next),
      signedOut: signedOut === '1',
      welcome: welcome === '1',
      reset: reset === '1',
      scripts: ['/assets/js/auth.js'],
    });
  }

  @Get('forgot-password')
  forgotPassword(@Res() res: Response): void {
    res.render('pages/forgot-password', {
      layout: 'auth',
      title: 'Forgot your password?',
      scripts: ['/assets/js/auth.js'],
    });
  }

  @Get('reset-password/:token')
  async resetPassword(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const link = await this.resets.describe(token).catch((error: unknown) => {
      if (error instanceof ResetLinkUnavailableError) return null;
      throw error;
    });
    res.status(link ? 200 : 404).render('pages/reset-password', {
      layout: 'auth',
      title: 'Choose a new password',
      token,
      link,
      scripts: ['/assets/js/auth.js'],
    });
  }

  @Get('setup')
  async setupPage(@Res() res: Response): Promise<void> {
    if (await this.setup.isComplete()) throw new PageRedirect('/login');
    res.render('pages/setup', {
      layout: 'auth',
      title: 'Set up your practice',
      timezones: timezoneGroups(),
      scripts: ['/assets/js/auth.js'],
    });
  }

  @Get('invite/:token')
  async invite(@Param('token') token: string, @Res() res: Response): Promise<void> {
    // A used or expired link says so at once, rather than after the person has chosen a password.
    const invite = await this.users.describeInvite(token).catch((error: unknown) => {
      if (error instanceof InviteUnavailableError) return null;
      throw error;
    });
    res.status(invite ? 200 : 404).render('pages/invite', {
      layout: 'auth',
      title: 'Accept your invitation',
      token,
      scripts: ['/assets/js/auth.js'],
      invite: invite && { ...invite, roles: invite.roles.join(', ') },
    });
  }

  /** A plain form post, so signing out works without scripts; the CSRF token comes as a form field. */
  @Post('logout')
  @HttpCode(303)
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) {
      assertCsrf(req);
      await this.auth.logout(token, req.ip ?? 'unknown');
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
    res.redirect(303, '/login?signedOut=1');
  }
}

export interface TimezoneGroup {
  region: string;
  zones: Array<{ id: string; label: string }>;
}

/** Every IANA zone the runtime knows, grouped by region, labelled with the city and its current UTC offset. */
export function timezoneGroups(now = DateTime.now()): TimezoneGroup[] {
  const groups = new Map<string, TimezoneGroup['zones']>();
  for (const id of Intl.supportedValuesOf('timeZone')) {
    const [region, ...rest] = id.split('/');
    const place = (rest.length ? rest.join(' / ') : region).replace(/_/g, ' ');
    const zone = rest.length ? region : 'Other';
    const label = `${place} (UTC${now.setZone(id).toFormat('ZZ')})`;
    listIn(groups, zone).push({ id, label });
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([region, zones]) => ({ region, zones }));
}
