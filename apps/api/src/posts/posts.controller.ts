import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post as HttpPost,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ACTION_ROLES, ComposePost, Post, PostComments, renderPost, ReviewPost } from '@app/posts';
import { Clock, resolveRangeBound } from '@app/core';
import { PostQueries } from '@app/calendar';
import { PracticesService, SessionUser } from '@app/practices';
import { PublishNow, TargetOutcomes } from '@app/scheduler';
import { CurrentUser, Roles } from '../http/auth.guard';
import {
  ApproveDto,
  CommentDto,
  CreatePostDto,
  MarkDto,
  NewCommentDto,
  PostQueryDto,
  RejectDto,
  RetryDto,
  statusesOf,
  UpdatePostDto,
} from './post.dto';
import { CommentViewDto, PostDto } from './post-view.dto';

const Id = () => Param('id', new ParseUUIDPipe());

@ApiTags('posts')
@ApiBearerAuth()
@Controller('posts')
export class PostsController {
  constructor(
    private readonly compose: ComposePost,
    private readonly review: ReviewPost,
    private readonly comments: PostComments,
    private readonly queries: PostQueries,
    private readonly practices: PracticesService,
    private readonly publishNow: PublishNow,
    private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The calendar: posts in a range, by status, account or campaign (calendar rows: GET one post for its variants, media and findings)',
  })
  @ApiOkResponse({ type: [PostDto] })
  async list(@CurrentUser() user: SessionUser, @Query() query: PostQueryDto): Promise<PostDto[]> {
    const { timezone } = await this.practices.get(user.practiceId);
    const posts = await this.queries.calendar(user.practiceId, {
      from: query.from ? resolveRangeBound(query.from, timezone, 'from') : undefined,
      to: query.to ? resolveRangeBound(query.to, timezone, 'to') : undefined,
      statuses: statusesOf(query),
      accountId: query.account,
      campaign: query.campaign,
      includeUnscheduled: query.unscheduled === 'true',
      limit: Math.min(Number(query.limit ?? 2000), 5000),
      lean: true,
    });
    const now = this.clock.now();
    return posts.map((p) => PostDto.of(p, { user, now }));
  }

  @HttpPost()
  @Roles('author', 'admin')
  @ApiOperation({ summary: 'Draft a post (from a template or free text), optionally with accounts and a time' })
  @ApiCreatedResponse({ type: PostDto })
  async create(@CurrentUser() user: SessionUser, @Body() body: CreatePostDto): Promise<PostDto> {
    return this.view(user, await this.compose.create(user.practiceId, user, body));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One post with its final text per network, findings and content hash' })
  @ApiOkResponse({ type: PostDto })
  async get(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    return this.view(user, await this.queries.get(user.practiceId, id));
  }

  @Patch(':id')
  @Roles('author', 'admin')
  @ApiOperation({
    summary: 'Edit (sends it back to draft, voiding any approval) or reschedule (keeps the approval if it still fits)',
  })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({ description: 'The post cannot change in its current state' })
  async update(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: UpdatePostDto): Promise<PostDto> {
    const { post, note } = await this.compose.update(user.practiceId, user, id, body);
    return this.view(user, post, note);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...ACTION_ROLES.delete)
  @ApiOperation({
    summary:
      'Delete a post that is not live anywhere. A post live on any network (published or partly published) is refused with a 409 and keeps its record and links: mark it instead',
  })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The post is live on a network (or being published)' })
  async remove(@CurrentUser() user: SessionUser, @Id() id: string): Promise<void> {
    await this.compose.remove(user.practiceId, user, id);
  }

  @HttpPost(':id/duplicate')
  @Roles(...ACTION_ROLES.duplicate)
  @ApiOperation({ summary: 'Copy a post into a new draft (no date)' })
  @ApiCreatedResponse({ type: PostDto })
  async duplicate(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    return this.view(user, await this.compose.duplicate(user.practiceId, user, id));
  }

  @HttpPost(':id/submit')
  @HttpCode(200)
  @Roles('author', 'admin')
  @ApiOperation({ summary: 'Submit for review: renders every network and runs the PHI checker' })
  @ApiOkResponse({ type: PostDto })
  async submit(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    return this.view(user, await this.review.submit(user.practiceId, user, id));
  }

  @HttpPost(':id/approve')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({
    summary: 'Approve exactly the content reviewed (send its contentHash); schedules it when it has a time',
  })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({ description: 'Stale content hash, a blocking finding, or the wrong state' })
  async approve(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: ApproveDto): Promise<PostDto> {
    const { post, note } = await this.review.approve(user.practiceId, user, id, body);
    return this.view(user, post, note);
  }

  @HttpPost(':id/request-changes')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Send it back to the author with a comment' })
  @ApiOkResponse({ type: PostDto })
  async requestChanges(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: CommentDto): Promise<PostDto> {
    return this.view(user, await this.review.requestChanges(user.practiceId, user, id, body.comment));
  }

  @HttpPost(':id/reject')
  @HttpCode(200)
  @Roles('reviewer')
  @ApiOperation({ summary: 'Reject it, with the reason' })
  @ApiOkResponse({ type: PostDto })
  async reject(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: RejectDto): Promise<PostDto> {
    return this.view(user, await this.review.reject(user.practiceId, user, id, body.reason));
  }

  @HttpPost(':id/cancel')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.unschedule)
  @ApiOperation({ summary: 'Cancel: it will not publish; it stays approved, at its time on the calendar' })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({ description: 'The post is not scheduled' })
  async cancel(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    return this.view(user, await this.review.cancel(user.practiceId, user, id));
  }

  @HttpPost(':id/unschedule')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.unschedule)
  @ApiOperation({
    summary: 'Unschedule: back to approved and off the calendar (no date); pick a new time to schedule it again',
  })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({ description: 'The post is not scheduled' })
  async unschedule(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    return this.view(user, await this.review.unschedule(user.practiceId, user, id));
  }

  @HttpPost(':id/retry')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.retry)
  @ApiOperation({
    summary:
      "Retry a failed network (targetId) or every failed one, now: after a reconnect, a network's hiccup or a late post. The network is read back first, so nothing is posted twice",
  })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({
    description: 'Nothing failed, the account still needs reconnecting, or the approval no longer holds',
  })
  async retry(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: RetryDto): Promise<PostDto> {
    const results = await this.publishNow.retry(user.practiceId, user, id, body.targetId);
    return this.view(user, await this.queries.get(user.practiceId, id), notOf(results));
  }

  @HttpPost(':id/mark')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.mark)
  @ApiOperation({ summary: 'Add a note to a published, partly published or failed post (they cannot be deleted)' })
  @ApiOkResponse({ type: PostDto })
  async mark(@CurrentUser() user: SessionUser, @Id() id: string, @Body() body: MarkDto): Promise<PostDto> {
    return this.view(user, await this.compose.mark(user.practiceId, user, id, body.note));
  }

  @HttpPost(':id/publish-now')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.publish_now)
  @ApiOperation({ summary: 'Publish an approved post to its accounts now, through the same checks as the scheduler' })
  @ApiOkResponse({ type: PostDto })
  @ApiConflictResponse({ description: 'The post is not approved' })
  async publishNowAction(@CurrentUser() user: SessionUser, @Id() id: string): Promise<PostDto> {
    const results = await this.publishNow.run(user.practiceId, user, id);
    return this.view(user, await this.queries.get(user.practiceId, id), notOf(results));
  }

  @Get(':id/comments')
  @ApiOperation({ summary: 'The comment thread, oldest first' })
  @ApiOkResponse({ type: [CommentViewDto] })
  async listComments(@CurrentUser() user: SessionUser, @Id() id: string): Promise<CommentViewDto[]> {
    return (await this.comments.list(user.practiceId, id)).map(CommentViewDto.of);
  }

  @HttpPost(':id/comments')
  @ApiOperation({ summary: 'Comment on a post' })
  @ApiCreatedResponse({ type: CommentViewDto })
  async addComment(
    @CurrentUser() user: SessionUser,
    @Id() id: string,
    @Body() body: NewCommentDto,
  ): Promise<CommentViewDto> {
    return CommentViewDto.of(await this.comments.add(user.practiceId, user, id, body.body));
  }

  private async view(user: SessionUser, post: Post, note?: string | null): Promise<PostDto> {
    const practice = await this.practices.get(user.practiceId);
    const rendered = renderPost(
      post,
      (post.targets ?? []).map((t) => ({ accountId: t.accountId, network: t.network })),
      practice,
    );
    const accounts = await this.queries.targetAccounts(user.practiceId, post);
    return PostDto.of(post, { rendered, user, note, accounts, now: this.clock.now() });
  }
}

/** What the person should know after publishing now or retrying: why a network did not go out (yet). */
function notOf(results: TargetOutcomes): string | null {
  const reasons = results.flatMap((r) =>
    r.outcome.result === 'failed' || r.outcome.result === 'retry' ? [r.outcome.reason] : [],
  );
  return reasons.length ? reasons.join(' ') : null;
}
