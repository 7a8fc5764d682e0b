// Practice settings: the public profile (the PHI checker's allowlist) and, for admins, people and roles.
import { Controller, Get, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ROLES, UsersService } from '@app/practices';
import { Public } from '../../http/auth.guard';
import { UserDto } from '../../users/users.dto';
import { PageExceptionFilter } from '../page-errors';
import { PageSession } from '../page-session';
import { WEB_PREFIX } from '../web-paths';
import { timezoneGroups } from './auth-pages.controller';

const ROLE_HELP: Record<(typeof ROLES)[number], string> = {
  author: 'Writes and schedules posts',
  reviewer: 'Checks posts for patient information and approves them',
  admin: 'Manages settings, people and connected accounts',
};

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class SettingsPageController {
  constructor(
    private readonly session: PageSession,
    private readonly users: UsersService,
  ) {}

  @Get('settings')
  async settings(@Req() req: Request, @Res() res: Response, @Query('welcome') welcome?: string): Promise<void> {
    const page = await this.session.require(req);
    const layout = this.session.layout(page, 'settings', 'Practice settings', [
      '/assets/vendor/htmx.min.js',
      '/assets/js/settings.js',
    ]);
    const isAdmin = layout.user.isAdmin;
    const people = isAdmin ? (await this.users.list(page.user.practiceId)).map(UserDto.of) : [];
    const profile = page.practice.profile;
    res.render('pages/settings', {
      ...layout,
      welcome: welcome === '1',
      canEdit: isAdmin,
      profile,
      timezones: timezoneGroups().map((g) => ({
        ...g,
        zones: g.zones.map((z) => ({ ...z, selected: z.id === page.practice.timezone })),
      })),
      roles: ROLES.map((role) => ({ role, help: ROLE_HELP[role] })),
      people: people.map((u) => ({
        ...u,
        isSelf: u.id === page.user.id,
        state: !u.active ? 'deactivated' : u.passwordSet ? 'active' : 'invited',
        roleChoices: ROLES.map((role) => ({ role, checked: u.roles.includes(role) })),
      })),
      pageData: { practiceId: page.practice.id, timezone: page.practice.timezone },
    });
  }
}
