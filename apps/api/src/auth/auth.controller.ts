import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
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
import { AuthService, PasswordResets, Session, SessionUser, UsersService } from '@app/practices';
import {
  CSRF_COOKIE,
  CurrentUser,
  Public,
  SESSION_COOKIE,
  sessionTokenOf,
  setSessionCookies,
} from '../http/auth.guard';
import {
  AcceptInviteDto,
  ChangePasswordDto,
  ForgotPasswordDto,
  ForgotPasswordResponseDto,
  InviteDto,
  LoginDto,
  LoginResponseDto,
  ResetLinkDto,
  ResetPasswordDto,
} from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly resets: PasswordResets,
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
    setSessionCookies(res, session, this.config.COOKIE_SECURE);
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
  @ApiOperation({
    summary:
      'The invited person joins: with no account yet, the password becomes theirs; with one, it must be its password',
  })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({
    description: 'The link is unusable, the new password is too easy, or the password is wrong',
  })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords; see Retry-After' })
  async acceptInvite(@Body() body: AcceptInviteDto, @Req() req: Request): Promise<void> {
    await this.users.acceptInvite(body.token, body.password, req.ip ?? 'unknown');
  }

  @Public()
  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'E-mails a one-time password reset link to the address if it has an account; the answer is the same either way',
  })
  @ApiAcceptedResponse({ type: ForgotPasswordResponseDto })
  @ApiTooManyRequestsResponse({
    description: 'Too many requests for this address or from this client; see Retry-After',
  })
  async forgotPassword(@Body() body: ForgotPasswordDto, @Req() req: Request): Promise<ForgotPasswordResponseDto> {
    await this.resets.request(body.email, req.ip ?? 'unknown');
    return { message: FORGOT_PASSWORD_ANSWER };
  }

  @Public()
  @Get('reset-password/:token')
  @ApiOperation({ summary: 'Who a password reset link is for, while it can still be used' })
  @ApiOkResponse({ type: ResetLinkDto })
  @ApiNotFoundResponse({ description: 'The link is unknown, already used or expired' })
  describeReset(@Param('token') token: string): Promise<ResetLinkDto> {
    return this.resets.describe(token);
  }

  @Public()
  @Post('reset-password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a new password through a reset link: the link then stops working and every session ends',
  })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'The link is unknown, already used or expired' })
  @ApiBadRequestResponse({ description: 'The new password is too easy to guess (the message says why)' })
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.resets.reset(body.token, body.password);
  }
}

export const FORGOT_PASSWORD_ANSWER =
  'If this address belongs to an account, a link to choose a new password is on its way. It works once, for an hour.';
