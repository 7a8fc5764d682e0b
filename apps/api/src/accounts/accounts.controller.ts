import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AccountsService, ConnectWithOAuth, ConnectWithToken, type OAuthOutcome } from '@app/accounts';
import { APP_CONFIG, DomainError, ResolvedConfig } from '@app/core';
import { SessionUser } from '@app/practices';
import { CurrentUser, Public, Roles } from '../http/auth.guard';
import {
  AccountDto,
  ChoosePagesDto,
  CreateAccountDto,
  NetworkParamDto,
  PageChoicesDto,
  PickNetworkParamDto,
  PickQueryDto,
  UpdateAccountDto,
} from './accounts.dto';

const Id = () => Param('id', new ParseUUIDPipe());
/** Binds an OAuth flow to the browser that started it; Lax, so it comes back on the network's redirect. */
const STATE_COOKIE = (network: string) => `planner_oauth_${network}`;
const COOKIE_PATH = '/api/accounts/connect';
const PAGE_STATUS: Record<DomainError['kind'], number> = {
  not_found: 404,
  conflict: 409,
  invalid: 400,
  forbidden: 403,
  unauthorized: 401,
  too_many_requests: 429,
  too_large: 413,
  unavailable: 503,
};

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly withToken: ConnectWithToken,
    private readonly oauth: ConnectWithOAuth,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: "The practice's social accounts with their health in plain words (never a token)" })
  @ApiOkResponse({ type: [AccountDto] })
  async list(@CurrentUser() user: SessionUser): Promise<AccountDto[]> {
    return (await this.accounts.list(user.practiceId)).map(AccountDto.of);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Connect (or reconnect) an account with a token entered by hand; it must verify with the network first',
  })
  @ApiCreatedResponse({ type: AccountDto })
  @ApiBadRequestResponse({
    description: 'The network refused the token (its own words are in the message); nothing was stored',
  })
  async create(@CurrentUser() user: SessionUser, @Body() body: CreateAccountDto): Promise<AccountDto> {
    const account = await this.withToken.connect(user.practiceId, user, {
      network: body.network,
      accessToken: body.accessToken,
      refreshToken: body.refreshToken,
      externalAccountId: body.externalAccountId,
      name: body.name,
      tokenExpiresAt: body.tokenExpiresAt ? new Date(body.tokenExpiresAt) : undefined,
    });
    return AccountDto.of(await this.accounts.get(user.practiceId, account.id));
  }

  @Get('connect/:network')
  @Roles('admin')
  @ApiOperation({
    summary:
      "Start connecting by OAuth: redirects to the network's sign-in (400 when that network's app is not configured)",
  })
  @ApiFoundResponse({ description: "Location: the network's authorize URL" })
  async connect(
    @CurrentUser() user: SessionUser,
    @Param() params: NetworkParamDto,
    @Res() res: Response,
  ): Promise<void> {
    const { url, state } = await this.oauth.start(user.practiceId, user, params.network);
    res.cookie(STATE_COOKIE(params.network), state, {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.COOKIE_SECURE,
      path: COOKIE_PATH,
      maxAge: 10 * 60_000,
    });
    res.redirect(302, url);
  }

  @Public()
  @Get('connect/:network/callback')
  @ApiOperation({
    summary:
      'Where the network sends the browser back; authenticated by the state it was given. Redirects to /accounts',
  })
  @ApiFoundResponse({
    description:
      'Location: /accounts?connected=<id>, or /accounts?pick=<id>&network=… when several pages can be connected',
  })
  @ApiBadRequestResponse({
    description: 'Unknown, expired or reused state; access refused at the network; the network refused the connection',
  })
  async callback(
    @Param() params: NetworkParamDto,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    // Instagram signs in through Facebook Login, so its answer arrives on the Facebook callback: the cookie
    // kept for it is the one whose value is the state that came back.
    const cookies = (req.cookies as Record<string, unknown> | undefined) ?? {};
    const names = [STATE_COOKIE(params.network), ...(params.network === 'facebook' ? [STATE_COOKIE('instagram')] : [])];
    const cookieName = names.find((n) => text(cookies[n]) === text(query.state)) ?? names[0];
    const browserState = text(cookies[cookieName]);
    res.clearCookie(cookieName, { path: COOKIE_PATH });
    let outcome: OAuthOutcome;
    try {
      outcome = await this.oauth.callback(
        params.network,
        {
          code: text(query.code),
          state: text(query.state),
          error: text(query.error),
          errorDescription: text(query.error_description) ?? text(query.error_message),
        },
        browserState,
      );
    } catch (error) {
      // A person's browser lands here: show a page. API clients get the usual JSON error.
      if (error instanceof DomainError && req.accepts(['json', 'html']) === 'html') {
        const status = PAGE_STATUS[error.kind];
        res.status(status).render('pages/error', {
          layout: 'plain',
          title: 'The account was not connected',
          heading: 'The account was not connected',
          message: error.message,
          status,
        });
        return;
      }
      throw error;
    }
    res.redirect(
      302,
      outcome.kind === 'connected'
        ? `/accounts?connected=${outcome.accounts.map((a) => a.id).join(',')}`
        : `/accounts?pick=${outcome.pickId}&network=${outcome.network}`,
    );
  }

  @Get('connect/:network/pages')
  @Roles('admin')
  @ApiOperation({
    summary:
      'The pages a person can pick after connecting (Facebook Pages with publishing rights, LinkedIn pages they administer)',
  })
  @ApiOkResponse({ type: PageChoicesDto })
  @ApiNotFoundResponse({ description: 'Unknown or expired pick (or another practice’s)' })
  async choices(
    @CurrentUser() user: SessionUser,
    @Param() params: PickNetworkParamDto,
    @Query() query: PickQueryDto,
  ): Promise<PageChoicesDto> {
    return PageChoicesDto.of(
      params.network,
      query.pick,
      await this.oauth.choices(user.practiceId, params.network, query.pick),
    );
  }

  @Post('connect/:network/pages')
  @Roles('admin')
  @ApiOperation({ summary: 'Connect the chosen pages of a pick (each verifies with the network first)' })
  @ApiCreatedResponse({ type: [AccountDto] })
  async choose(
    @CurrentUser() user: SessionUser,
    @Param() params: PickNetworkParamDto,
    @Body() body: ChoosePagesDto,
  ): Promise<AccountDto[]> {
    const accounts = await this.oauth.choose(user.practiceId, user, params.network, body.pick, body.pageIds);
    return Promise.all(accounts.map(async (a) => AccountDto.of(await this.accounts.get(user.practiceId, a.id))));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse()
  async get(@CurrentUser() user: SessionUser, @Id() id: string): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.get(user.practiceId, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, set the posting cadence, or opt in to evergreen fill' })
  @ApiOkResponse({ type: AccountDto })
  @ApiForbiddenResponse({ description: 'Needs the admin role' })
  async update(
    @CurrentUser() user: SessionUser,
    @Id() id: string,
    @Body() body: UpdateAccountDto,
  ): Promise<AccountDto> {
    return AccountDto.of(
      await this.accounts.update(user.practiceId, user, id, {
        name: body.name,
        cadence: body.cadence,
        evergreenFill: body.evergreenFill,
      }),
    );
  }

  @Delete(':id')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary:
      'Disconnect: wipes the tokens; posts scheduled to it stay on the calendar, flagged, and an alert says how many',
  })
  @ApiOkResponse({ type: AccountDto })
  async disconnect(@CurrentUser() user: SessionUser, @Id() id: string): Promise<AccountDto> {
    return AccountDto.of(await this.accounts.disconnect(user.practiceId, user, id));
  }
}
