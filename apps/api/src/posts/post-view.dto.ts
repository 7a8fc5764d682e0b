import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  availableCommands,
  describeTarget,
  isOwnPost,
  POST_COMMANDS,
  PostCommand,
  Post,
  postStatusText,
  publishProgress,
  POST_STATUSES,
  PostComment,
  PostStatus,
  RenderedPost,
  StoredFinding,
  TARGET_STATUSES,
  TargetStatus,
  TIME_PASSED_NOTE,
  timePassedUnpublished,
} from '@app/posts';
import { SessionUser } from '@app/practices';
import { GooglePostDto, MediaDto, VariantsDto } from './post.dto';
import { NETWORKS } from '@app/publishing';

export class TargetOutcomeDto {
  @ApiProperty({ enum: ['not_scheduled', 'waiting', 'publishing', 'published', 'failed', 'cancelled'] }) state: string;
  @ApiProperty({ example: 'Did not go out on LinkedIn' }) summary: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'When it went out, when the last attempt ended (failed), or the next attempt (waiting)',
  })
  at: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'What a person can do next, in plain words' })
  nextStep: string | null;
  @ApiProperty({ description: 'Whether POST /api/posts/{id}/retry can help on this network' }) retryable: boolean;
}

export class PublishProgressDto {
  @ApiProperty() published: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'Still to go out: scheduled, waiting for a retry, or being published' }) waiting: number;
  @ApiProperty() total: number;
}

export class TargetDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: NETWORKS }) network: string;
  @ApiProperty({ enum: TARGET_STATUSES }) status: TargetStatus;
  @ApiPropertyOptional({ type: String, nullable: true }) externalId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Link to the published post' }) url: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true }) lastErrorKind: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the last attempt failed, in plain words' })
  lastError: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The account name (single-post reads only)' })
  accountName?: string | null;
  @ApiPropertyOptional({
    type: TargetOutcomeDto,
    description: 'What happened on this network and what to do next (single-post reads only)',
  })
  outcome?: TargetOutcomeDto;
}

export class FindingDto {
  @ApiProperty() rule: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['block', 'warn'] }) severity: 'block' | 'warn';
  @ApiProperty({ description: 'UTF-16 offset into the rendered text for `network`' }) start: number;
  @ApiProperty() end: number;
  @ApiProperty() text: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional() suggestion?: string;
  @ApiProperty({ enum: ['base', ...NETWORKS] }) network: string;
}

export class RenderProblemDto {
  @ApiProperty() network: string;
  @ApiProperty() message: string;
}

export class PostDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: POST_STATUSES }) status: PostStatus;
  @ApiProperty({ description: 'The status in words, e.g. "2 of 3 published"', example: '2 of 3 published' })
  statusText: string;
  @ApiProperty({ type: PublishProgressDto, description: 'How many of its networks it is live on' })
  progress: PublishProgressDto;
  @ApiProperty() baseText: string;
  @ApiProperty({ type: VariantsDto }) variants: VariantsDto;
  @ApiProperty({ type: [MediaDto] }) media: MediaDto[];
  @ApiPropertyOptional({ type: GooglePostDto, nullable: true }) googlePost: GooglePostDto | null;
  @ApiProperty({ type: [TargetDto] }) targets: TargetDto[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'UTC instant' }) scheduledAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Local wall time in `timezone`' }) scheduledLocal:
    string | null;
  @ApiProperty() timezone: string;
  @ApiPropertyOptional({ type: String, nullable: true }) campaign: string | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiPropertyOptional({ type: String, nullable: true }) templateKey: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) templateVars: Record<string, string>;
  @ApiProperty() version: number;
  @ApiProperty() authorId: string;
  @ApiProperty({ type: [FindingDto] }) findings: StoredFinding[];
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['pass', 'warn', 'block'] }) verdict: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) markNote: string | null;
  @ApiProperty({ enum: ['person', 'evergreen_fill', 'csv_import'] }) origin: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({ type: VariantsDto, description: 'The final text per network, as it will be published' })
  rendered?: Partial<Record<string, string>>;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'What an approval covers; send it back to /approve',
  })
  contentHash?: string | null;
  @ApiPropertyOptional({ type: [RenderProblemDto] }) problems?: RenderProblemDto[];
  @ApiPropertyOptional({ description: 'Whether the caller may approve it (reviewer who did not write or edit it)' })
  canApprove?: boolean;
  @ApiPropertyOptional({
    enum: POST_COMMANDS,
    isArray: true,
    description: 'What the caller may do with the post now (their roles and its state): the buttons its page shows',
  })
  actions?: PostCommand[];
  @ApiPropertyOptional({
    description: 'What happened that the caller should know (e.g. approval voided by a reschedule)',
  })
  note?: string;

  static of(
    post: Post,
    extra?: {
      rendered?: RenderedPost;
      user?: SessionUser;
      note?: string | null;
      /** The targets' accounts: adds their names and each network's outcome. */
      accounts?: ReadonlyMap<string, { name: string; status: string }>;
      /** Now, to say that an approved post's time passed unscheduled (it did not go out, and will not). */
      now?: Date;
    },
  ): PostDto {
    const targets = post.targets ?? [];
    const accounts = extra?.accounts;
    const timePassed = !!extra?.now && timePassedUnpublished(post, extra.now);
    const dto: PostDto = {
      id: post.id,
      status: post.status,
      statusText: postStatusText(post.status, targets, timePassed),
      progress: publishProgress(targets),
      baseText: post.baseText,
      variants: post.variants ?? {},
      media: post.media ?? [],
      googlePost: post.googlePost ?? null,
      targets: targets.map((t) => ({
        id: t.id,
        accountId: t.accountId,
        network: t.network,
        status: t.status,
        externalId: t.externalId,
        url: t.url,
        publishedAt: t.publishedAt?.toISOString() ?? null,
        attempts: t.attempts,
        lastErrorKind: t.lastErrorKind,
        lastError: t.lastError,
        ...(accounts ? withOutcome(t, accounts.get(t.accountId) ?? null) : {}),
      })),
      scheduledAt: post.scheduledAt?.toISOString() ?? null,
      scheduledLocal: post.scheduledLocal,
      timezone: post.timezone,
      campaign: post.campaign,
      tags: post.tags,
      templateKey: post.templateKey,
      templateVars: post.templateVars,
      version: post.version,
      authorId: post.authorId,
      findings: post.findings ?? [],
      verdict: post.verdict,
      markNote: post.markNote,
      origin: post.origin,
      createdAt: post.createdAt.toISOString(),
      updatedAt: post.updatedAt.toISOString(),
    };
    if (extra?.rendered)
      Object.assign(dto, {
        rendered: extra.rendered.texts,
        contentHash: extra.rendered.contentHash,
        problems: extra.rendered.problems,
      });
    if (extra?.user) dto.actions = availableCommands(post, extra.user.roles);
    if (extra?.user)
      dto.canApprove =
        post.status === 'in_review' && extra.user.roles.includes('reviewer') && !isOwnPost(post, extra.user.id);
    if (extra?.note) dto.note = extra.note;
    else if (timePassed) dto.note = TIME_PASSED_NOTE;
    return dto;
  }
}

function withOutcome(
  target: NonNullable<Post['targets']>[number],
  account: { name: string; status: string } | null,
): Pick<TargetDto, 'accountName' | 'outcome'> {
  const outcome = describeTarget(target, account);
  return {
    accountName: account?.name ?? null,
    outcome: { ...outcome, at: outcome.at?.toISOString() ?? null },
  };
}

export class CommentViewDto {
  @ApiProperty() id: string;
  @ApiProperty() authorId: string;
  @ApiProperty() authorName: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Set when the comment came with a review decision',
  })
  decision: string | null;
  @ApiProperty() createdAt: string;

  static of(c: PostComment): CommentViewDto {
    return {
      id: c.id,
      authorId: c.authorId,
      authorName: c.authorName,
      body: c.body,
      decision: c.decision,
      createdAt: c.createdAt.toISOString(),
    };
  }
}
