import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReplyWorkflow } from '@app/inbox';
import { SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import {
  ApproveReplyDto,
  InboxReplyDto,
  ReplyNoteDto,
  ReplyQueryDto,
  ReplyTextDto,
  ReplyVerdictDto,
} from './inbox-replies.dto';

/**
 * Replies written in the inbox: checked for PHI as they are typed (the comment is the context), approved for
 * their exact text by someone other than their writers, then sent once by a worker. Tenant-scoped.
 * Registered before InboxController so `replies` is not read as a comment id.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxRepliesController {
  constructor(private readonly replies: ReplyWorkflow) {}

  @Get('replies')
  @ApiOperation({ summary: 'Replies by status (default: waiting for a reviewer), oldest first' })
  @ApiOkResponse({ type: [InboxReplyDto] })
  async list(@CurrentUser() user: SessionUser, @Query() q: ReplyQueryDto): Promise<InboxReplyDto[]> {
    return (await this.replies.byStatus(user.practiceId, q.status ?? 'in_review')).map(InboxReplyDto.of);
  }

  @Get('replies/:replyId')
  @ApiOperation({ summary: 'One reply with its checker findings and sending state' })
  @ApiOkResponse({ type: InboxReplyDto })
  async get(
    @CurrentUser() user: SessionUser,
    @Param('replyId', new ParseUUIDPipe()) replyId: string,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.get(user.practiceId, replyId));
  }

  @Put('replies/:replyId')
  @ApiOperation({ summary: 'Edit a reply not yet being sent: checked again, and back to review; audited' })
  @ApiOkResponse({ type: InboxReplyDto })
  async edit(
    @CurrentUser() user: SessionUser,
    @Param('replyId', new ParseUUIDPipe()) replyId: string,
    @Body() body: ReplyTextDto,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.edit(user.practiceId, user, replyId, body.text));
  }

  @Post('replies/:replyId/approve')
  @HttpCode(200)
  @Roles('reviewer', 'admin')
  @ApiOperation({ summary: 'Approve the exact text you read (its textHash); never your own; audited' })
  @ApiOkResponse({ type: InboxReplyDto })
  async approve(
    @CurrentUser() user: SessionUser,
    @Param('replyId', new ParseUUIDPipe()) replyId: string,
    @Body() body: ApproveReplyDto,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.approve(user.practiceId, user, replyId, body.textHash));
  }

  @Post('replies/:replyId/request-changes')
  @HttpCode(200)
  @Roles('reviewer', 'admin')
  @ApiOperation({ summary: 'Send the reply back to its writer with a note; audited' })
  @ApiOkResponse({ type: InboxReplyDto })
  async requestChanges(
    @CurrentUser() user: SessionUser,
    @Param('replyId', new ParseUUIDPipe()) replyId: string,
    @Body() body: ReplyNoteDto,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.requestChanges(user.practiceId, user, replyId, body.note));
  }

  @Post('replies/:replyId/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a reply not yet being sent; audited' })
  @ApiOkResponse({ type: InboxReplyDto })
  async withdraw(
    @CurrentUser() user: SessionUser,
    @Param('replyId', new ParseUUIDPipe()) replyId: string,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.withdraw(user.practiceId, user, replyId));
  }

  @Post(':id/reply/check')
  @HttpCode(200)
  @ApiOperation({ summary: 'The PHI checker in reply mode on a draft, the comment as context (live, nothing stored)' })
  @ApiOkResponse({ type: ReplyVerdictDto })
  async check(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReplyTextDto,
  ): Promise<ReplyVerdictDto> {
    return ReplyVerdictDto.of(await this.replies.check(user.practiceId, id, body.text));
  }

  @Post(':id/reply')
  @ApiOperation({
    summary:
      'Write a reply to the comment: refused when the checker blocks it; otherwise to review (or straight to sending for a trusted sender with no finding); audited',
  })
  @ApiCreatedResponse({ type: InboxReplyDto })
  async write(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReplyTextDto,
  ): Promise<InboxReplyDto> {
    return InboxReplyDto.of(await this.replies.write(user.practiceId, user, id, body.text));
  }

  @Get(':id/reply')
  @ApiOperation({ summary: 'Every reply written to this comment, newest first' })
  @ApiOkResponse({ type: [InboxReplyDto] })
  async forComment(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<InboxReplyDto[]> {
    return (await this.replies.forComment(user.practiceId, id)).map(InboxReplyDto.of);
  }
}
