import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  Post,
  POST_STATUSES,
  PostComment,
  PostStatus,
  RenderedPost,
  StoredFinding,
  TARGET_STATUSES,
  TargetStatus,
} from '@app/posts';
import { SessionUser } from '@app/practices';
import { GooglePostDto, MediaDto, VariantsDto } from './post.dto';
import { NETWORKS } from '@app/publishing';

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
    description: 'What happened that the caller should know (e.g. approval voided by a reschedule)',
  })
  note?: string;

  static of(post: Post, extra?: { rendered?: RenderedPost; user?: SessionUser; note?: string | null }): PostDto {
    const dto: PostDto = {
      id: post.id,
      status: post.status,
      baseText: post.baseText,
      variants: post.variants ?? {},
      media: post.media ?? [],
      googlePost: post.googlePost ?? null,
      targets: (post.targets ?? []).map((t) => ({
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
    if (extra?.user)
      dto.canApprove =
        post.status === 'in_review' &&
        extra.user.roles.includes('reviewer') &&
        !post.contributorIds.includes(extra.user.id);
    if (extra?.note) dto.note = extra.note;
    return dto;
  }
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
