import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, ResolvedConfig } from '@app/core';
import { resetLinkFor, SessionUser, UsersService } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { CreatedUserDto, CreateUserDto, PasswordResetDto, UpdateUserDto, UserDto } from './users.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() user: SessionUser): Promise<UserDto> {
    return UserDto.of(await this.users.get(user.practiceId, user.id));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: "The practice's users (admin)" })
  @ApiOkResponse({ type: [UserDto] })
  async list(@CurrentUser() user: SessionUser): Promise<UserDto[]> {
    return (await this.users.list(user.practiceId)).map(UserDto.of);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Invite a person (admin): they join through the one-time link, or in the app if they already work for another practice',
  })
  @ApiCreatedResponse({ type: CreatedUserDto })
  async create(@CurrentUser() user: SessionUser, @Body() body: CreateUserDto): Promise<CreatedUserDto> {
    const { user: created, membership, inviteToken } = await this.users.invite(user.practiceId, user, body);
    const inviteUrl = inviteToken ? this.linkFor(inviteToken) : undefined;
    return { ...UserDto.of({ user: created, membership }), inviteUrl };
  }

  @Get(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'One user (admin)' })
  @ApiOkResponse({ type: UserDto })
  async get(@CurrentUser() user: SessionUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<UserDto> {
    return UserDto.of(await this.users.get(user.practiceId, id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, change roles, or (de)activate a user (admin)' })
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return UserDto.of(await this.users.update(user.practiceId, user, id, body));
  }

  @Post(':id/password-reset')
  @Roles('admin')
  @ApiOperation({
    summary: 'A one-time link for the person to choose a new password (admin); using it ends all their sessions',
  })
  @ApiCreatedResponse({ type: PasswordResetDto })
  async passwordReset(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PasswordResetDto> {
    const { resetToken, expiresAt } = await this.users.issuePasswordReset(user.practiceId, user, id);
    return { resetUrl: resetLinkFor(this.config.PUBLIC_URL, resetToken), expiresAt: expiresAt.toISOString() };
  }

  /** The page where an invited person joins. */
  private linkFor(token: string): string {
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/invite/${token}`;
  }
}
