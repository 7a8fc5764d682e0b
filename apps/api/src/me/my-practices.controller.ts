// The practice switcher's API: the practices a person belongs to (or is invited to), switching the active one, and
// accepting an invitation. Every other route acts in the session's active practice (see AuthGuard).
import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { AuthService, SessionUser, UsersService } from '@app/practices';
import { CurrentUser, setSessionCookies, usesSessionCookie } from '../http/auth.guard';
import { LoginResponseDto } from '../auth/auth.dto';
import { PracticeChoiceDto } from './my-practices.dto';

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/practices')
export class MyPracticesController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The practices you belong to or are invited to; `current` marks the active one' })
  @ApiOkResponse({ type: [PracticeChoiceDto] })
  list(@CurrentUser() user: SessionUser): Promise<PracticeChoiceDto[]> {
    return this.auth.practicesOf(user);
  }

  @Post(':practiceId/switch')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Make another of your practices the active one: returns a token for it (and replaces the session cookie); every request then acts there with your role there',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiNotFoundResponse({ description: 'You are not a member of that practice (or not yet, or were deactivated)' })
  async switch(
    @CurrentUser() user: SessionUser,
    @Param('practiceId', new ParseUUIDPipe()) practiceId: string,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const session = await this.auth.switchPractice(user, practiceId, req.ip ?? 'unknown');
    if (usesSessionCookie(req)) setSessionCookies(res, session, this.config.COOKIE_SECURE);
    return session;
  }

  @Post(':practiceId/accept')
  @HttpCode(204)
  @ApiOperation({ summary: 'Accept an invitation to a practice (then switch to it)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No open invitation from that practice' })
  async accept(
    @CurrentUser() user: SessionUser,
    @Param('practiceId', new ParseUUIDPipe()) practiceId: string,
  ): Promise<void> {
    await this.users.acceptForSignedIn(user.id, practiceId);
  }
}
