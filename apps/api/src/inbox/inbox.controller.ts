import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InboxService, PollComments } from '@app/inbox';
import { actorOf, SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import {
  AssignDto,
  InboxCommentDto,
  InboxCountsDto,
  InboxPageDto,
  InboxQueryDto,
  InboxSettingsDto,
  ReadyReplyDto,
  InboxThreadDto,
  PollReportDto,
} from './inbox.dto';

/** The practice's inbox: comments, mentions and reviews from its accounts, urgent first. Tenant-scoped. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(
    private readonly inbox: InboxService,
    private readonly polling: PollComments,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Comments, urgent first then newest; filter by label, network and status' })
  @ApiOkResponse({ type: InboxPageDto })
  async list(@CurrentUser() user: SessionUser, @Query() q: InboxQueryDto): Promise<InboxPageDto> {
    const page = await this.inbox.list(user.practiceId, {
      label: q.label,
      network: q.network,
      status: q.status,
      limit: q.limit ?? 50,
      offset: q.offset ?? 0,
    });
    return { items: page.items.map(InboxCommentDto.of), total: page.total };
  }

  @Get('counts')
  @ApiOperation({ summary: 'Badge counts: open comments, open urgent ones, open per label' })
  @ApiOkResponse({ type: InboxCountsDto })
  async counts(@CurrentUser() user: SessionUser): Promise<InboxCountsDto> {
    return InboxCountsDto.of(await this.inbox.counts(user.practiceId));
  }

  @Post('sync')
  @HttpCode(200)
  @ApiOperation({ summary: "Read new comments from the practice's accounts now (also runs on a timer in the worker)" })
  @ApiOkResponse({ type: PollReportDto })
  sync(@CurrentUser() user: SessionUser): Promise<PollReportDto> {
    return this.polling.poll(user.practiceId);
  }

  @Get('settings')
  @ApiOperation({ summary: "The practice's response time and after-hours line" })
  @ApiOkResponse({ type: InboxSettingsDto })
  settings(@CurrentUser() user: SessionUser): Promise<InboxSettingsDto> {
    return this.inbox.policy(user.practiceId);
  }

  @Put('settings')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the response time and after-hours line (admins); audited' })
  @ApiOkResponse({ type: InboxSettingsDto })
  async setSettings(@CurrentUser() user: SessionUser, @Body() body: InboxSettingsDto): Promise<InboxSettingsDto> {
    const current = await this.inbox.policy(user.practiceId);
    return this.inbox.setPolicy(user.practiceId, actorOf(user), {
      responseMinutes: body.responseMinutes,
      afterHoursPhone: body.afterHoursPhone,
      trustedReplierIds: body.trustedReplierIds ?? current.trustedReplierIds,
    });
  }

  @Get(':id/replies')
  @ApiOperation({
    summary: 'Ready replies for the comment (911, 988 or the after-hours line when urgent), each checked for PHI',
  })
  @ApiOkResponse({ type: [ReadyReplyDto] })
  replies(@CurrentUser() user: SessionUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<ReadyReplyDto[]> {
    return this.inbox.replies(user.practiceId, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One comment with its thread and our original post' })
  @ApiOkResponse({ type: InboxThreadDto })
  async thread(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<InboxThreadDto> {
    return InboxThreadDto.of(await this.inbox.thread(user.practiceId, id));
  }

  @Post(':id/hide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hide the comment on the network (Facebook, Instagram, X replies); audited' })
  @ApiOkResponse({ type: InboxCommentDto })
  async hide(@CurrentUser() user: SessionUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<InboxCommentDto> {
    return InboxCommentDto.of(await this.inbox.setHidden(user.practiceId, actorOf(user), id, true));
  }

  @Post(':id/unhide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Show a hidden comment again; audited' })
  @ApiOkResponse({ type: InboxCommentDto })
  async unhide(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<InboxCommentDto> {
    return InboxCommentDto.of(await this.inbox.setHidden(user.practiceId, actorOf(user), id, false));
  }

  @Post(':id/handle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark the comment handled; audited' })
  @ApiOkResponse({ type: InboxCommentDto })
  async handle(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<InboxCommentDto> {
    return InboxCommentDto.of(await this.inbox.setStatus(user.practiceId, actorOf(user), id, 'handled'));
  }

  @Post(':id/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open a handled comment again; audited' })
  @ApiOkResponse({ type: InboxCommentDto })
  async reopen(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<InboxCommentDto> {
    return InboxCommentDto.of(await this.inbox.setStatus(user.practiceId, actorOf(user), id, 'open'));
  }

  @Post(':id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Assign the comment to a person in the practice (null to unassign); audited' })
  @ApiOkResponse({ type: InboxCommentDto })
  async assign(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignDto,
  ): Promise<InboxCommentDto> {
    return InboxCommentDto.of(await this.inbox.assign(user.practiceId, actorOf(user), id, body.assigneeId));
  }
}
