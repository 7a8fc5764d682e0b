import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { AuthService, Session, SessionUser, UsersService } from '@app/practices';
import { CSRF_COOKIE, CurrentUser, issueCsrfCookie, Public, SESSION_COOKIE, sessionTokenOf } from '../http/auth.guard';
import { AcceptInviteDto, ChangePasswordDto, InviteDto, LoginDto, LoginResponseDto } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: returns a bearer token and also sets an httpOnly session cookie' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts; see Retry-After' })
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const session = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    this.setSessionCookies(res, session);
    return session;
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends every session of the signed-in user (bearer token or cookie) and clears the cookies',
  })
  @ApiNoContentResponse()
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(sessionTokenOf(req), req.ip ?? 'unknown');
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.clearCookie(CSRF_COOKIE, { path: '/' });
  }

  @Post('password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Change your password: every other session ends; this one continues with the returned token (and cookie)',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({
    description: 'The current password is not right, or the new one is too easy to guess (the message says why)',
  })
  async changePassword(
    @CurrentUser() user: SessionUser,
    @Body() body: ChangePasswordDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponseDto> {
    const session = await this.auth.changePassword(user, body.currentPassword, body.newPassword, req.ip ?? 'unknown');
    if ((req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE]) this.setSessionCookies(res, session);
    return session;
  }

  private setSessionCookies(res: Response, session: Session): void {
    const cookie = {
      httpOnly: true,
      sameSite: 'lax' as const,
      secure: this.config.COOKIE_SECURE,
      path: '/',
      maxAge: session.expiresIn * 1000,
    };
    res.cookie(SESSION_COOKIE, session.accessToken, cookie);
    issueCsrfCookie(res, this.config.COOKIE_SECURE ?? false, cookie.maxAge);
  }

  @Public()
  @Get('invite/:token')
  @ApiOperation({
    summary: 'Who an invitation link is for (practice, name, e-mail, roles), while it can still be used',
  })
  @ApiOkResponse({ type: InviteDto })
  @ApiNotFoundResponse({ description: 'The link is unknown, already used, expired, or the person was deactivated' })
  describeInvite(@Param('token') token: string): Promise<InviteDto> {
    return this.users.describeInvite(token);
  }

  @Public()
  @Post('accept-invite')
  @HttpCode(204)
  @ApiOperation({ summary: 'An invited user chooses their password' })
  @ApiNoContentResponse()
  async acceptInvite(@Body() body: AcceptInviteDto): Promise<void> {
    await this.users.acceptInvite(body.token, body.password);
  }
}
