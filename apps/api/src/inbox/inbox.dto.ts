// Request and response shapes of the inbox API, validated and documented for OpenAPI.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateIf } from 'class-validator';
import {
  INBOX_ITEM_KINDS,
  INBOX_NETWORKS,
  INBOX_STATUSES,
  InboxComment,
  InboxCounts,
  InboxNetwork,
  InboxStatus,
  InboxThread,
  TRIAGE_LABELS,
  TriageLabel,
} from '@app/inbox';

export class InboxQueryDto {
  @ApiPropertyOptional({ enum: TRIAGE_LABELS }) @IsOptional() @IsIn(TRIAGE_LABELS) label?: TriageLabel;
  @ApiPropertyOptional({ enum: INBOX_NETWORKS }) @IsOptional() @IsIn(INBOX_NETWORKS) network?: InboxNetwork;
  @ApiPropertyOptional({ enum: INBOX_STATUSES }) @IsOptional() @IsIn(INBOX_STATUSES) status?: InboxStatus;
  @ApiPropertyOptional({ type: Integer(), minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
  @ApiPropertyOptional({ type: Integer(), minimum: 0, maximum: 100000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100000)
  offset?: number;
}

function Integer(): 'integer' {
  return 'integer';
}

export class InboxSettingsDto {
  @ApiProperty({
    type: 'integer',
    minimum: 5,
    maximum: 10080,
    description: 'An open comment older than this raises an alert',
  })
  @IsInt()
  @Min(5)
  @Max(10080)
  responseMinutes: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '(555) 010-2999',
    description: 'The after-hours line urgent replies point to',
  })
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[+()0-9 .-]{7,25}$/, { message: 'afterHoursPhone must be a phone number such as (555) 010-2999' })
  afterHoursPhone: string | null;

  @ApiPropertyOptional({
    type: [String],
    description:
      'People whose replies go out without a reviewer when the PHI checker finds nothing in them (omit to keep the list)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  trustedReplierIds?: string[];
}

export class ReplyFindingDto {
  @ApiProperty() rule: string;
  @ApiProperty() category: string;
  @ApiProperty({ enum: ['block', 'warn'] }) severity: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty() text: string;
  @ApiProperty() message: string;
}

export class ReadyReplyDto {
  @ApiProperty({ enum: ['emergency', 'crisis', 'privacy', 'complaint', 'thanks', 'general'] }) purpose: string;
  @ApiProperty() text: string;
  @ApiProperty({
    enum: ['pass', 'warn', 'block'],
    description: 'The PHI checker in reply mode, the comment as context',
  })
  verdict: string;
  @ApiProperty({ type: [ReplyFindingDto] }) findings: ReplyFindingDto[];
}

export class AssignDto {
  @ApiProperty({ type: String, nullable: true, description: 'A person in this practice, or null to unassign' })
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  assigneeId: string | null;
}

export class FindingDto {
  @ApiProperty({ enum: TRIAGE_LABELS }) label: string;
  @ApiProperty({ example: 'urgent.breathing' }) rule: string;
  @ApiProperty() start: number;
  @ApiProperty() end: number;
  @ApiProperty() text: string;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['strong', 'weak'] }) strength: string;
}

export class InboxCommentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: INBOX_NETWORKS }) network: string;
  @ApiProperty({ enum: INBOX_ITEM_KINDS }) kind: string;
  @ApiProperty() accountId: string;
  @ApiProperty() externalId: string;
  @ApiProperty() threadExternalId: string;
  @ApiPropertyOptional({ type: String, nullable: true }) parentExternalId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Our post, when the comment is on one' })
  postId: string | null;
  @ApiProperty() authorName: string;
  @ApiPropertyOptional({ type: String, nullable: true }) authorHandle: string | null;
  @ApiProperty() fromPractice: boolean;
  @ApiProperty() text: string;
  @ApiProperty() writtenAt: string;
  @ApiProperty({ enum: TRIAGE_LABELS, isArray: true }) labels: string[];
  @ApiProperty({ type: [FindingDto] }) findings: FindingDto[];
  @ApiProperty() urgent: boolean;
  @ApiProperty({ enum: INBOX_STATUSES }) status: string;
  @ApiProperty() hidden: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) removedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) assigneeId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) handledAt: string | null;

  static of(c: InboxComment): InboxCommentDto {
    return {
      id: c.id,
      network: c.network,
      kind: c.kind,
      accountId: c.accountId,
      externalId: c.externalId,
      threadExternalId: c.threadExternalId,
      parentExternalId: c.parentExternalId,
      postId: c.postId,
      authorName: c.authorName,
      authorHandle: c.authorHandle,
      fromPractice: c.fromPractice,
      text: c.text,
      writtenAt: c.writtenAt.toISOString(),
      labels: c.labels,
      findings: c.findings,
      urgent: c.urgent,
      status: c.status,
      hidden: c.hidden,
      removedAt: c.removedAt?.toISOString() ?? null,
      assigneeId: c.assigneeId,
      handledAt: c.handledAt?.toISOString() ?? null,
    };
  }
}

export class InboxPageDto {
  @ApiProperty({ type: [InboxCommentDto] }) items: InboxCommentDto[];
  @ApiProperty() total: number;
}

export class InboxCountsDto {
  @ApiProperty() open: number;
  @ApiProperty() urgent: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } }) byLabel: Record<string, number>;

  static of(c: InboxCounts): InboxCountsDto {
    return { open: c.open, urgent: c.urgent, byLabel: c.byLabel };
  }
}

export class ThreadPostDto {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty() status: string;
}

export class InboxThreadDto {
  @ApiProperty({ type: InboxCommentDto }) comment: InboxCommentDto;
  @ApiProperty({ type: [InboxCommentDto] }) thread: InboxCommentDto[];
  @ApiPropertyOptional({ type: ThreadPostDto, nullable: true }) post: ThreadPostDto | null;

  static of(t: InboxThread): InboxThreadDto {
    return { comment: InboxCommentDto.of(t.comment), thread: t.thread.map(InboxCommentDto.of), post: t.post };
  }
}

export class PollReportDto {
  @ApiProperty() accounts: number;
  @ApiProperty() created: number;
  @ApiProperty() duplicates: number;
  @ApiProperty() urgent: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', properties: { accountId: { type: 'string' }, error: { type: 'string' } } },
  })
  failed: Array<{ accountId: string; error: string }>;
}
