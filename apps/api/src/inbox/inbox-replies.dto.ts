// Request and response shapes of the inbox's replies: writing, the live check, review and sending.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { INBOX_NETWORKS, InboxReply, REPLY_STATUSES, ReplyStatus, ReplyVerdict } from '@app/inbox';
import { ReplyFindingDto } from './inbox.dto';

/** Longer than any network takes (Facebook's comment limit is about 8,000): the network refuses the rest. */
const MAX_REPLY = 8000;

export class ReplyTextDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REPLY, example: 'Thank you! Please call our office so we can help.' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REPLY)
  text: string;
}

export class ApproveReplyDto {
  @ApiProperty({ description: 'The textHash of the reply you read: an approval covers that exact text' })
  @Matches(/^[0-9a-f]{64}$/, { message: 'textHash must be the 64-character hash shown with the reply' })
  textHash: string;
}

export class ReplyNoteDto {
  @ApiProperty({ minLength: 3, maxLength: 2000, description: 'What the writer should change' })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  note: string;
}

export class ReplyQueryDto {
  @ApiPropertyOptional({ enum: REPLY_STATUSES, default: 'in_review' })
  @IsOptional()
  @IsIn(REPLY_STATUSES)
  status?: ReplyStatus;
}

export class ReplyVerdictDto {
  @ApiProperty({ enum: ['pass', 'warn', 'block'], description: 'block: nobody can send it' }) verdict: string;
  @ApiProperty({ type: [ReplyFindingDto] }) findings: ReplyFindingDto[];

  static of(v: ReplyVerdict): ReplyVerdictDto {
    return { verdict: v.verdict, findings: v.findings };
  }
}

export class InboxReplyDto extends ReplyVerdictDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The inbox comment it answers' }) commentId: string;
  @ApiProperty({ enum: INBOX_NETWORKS }) network: string;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'sha256 of the text; approve with it' }) textHash: string;
  @ApiProperty({ enum: REPLY_STATUSES }) status: string;
  @ApiProperty() authorId: string;
  @ApiProperty({ type: [String], description: 'Everyone who wrote or edited it: none of them may approve it' })
  contributorIds: string[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null when a trusted sender needed no reviewer' })
  approvedById: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) approvedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) reviewNote: string | null;
  @ApiProperty() attempts: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: "The network's id once sent" })
  externalId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) sentAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() createdAt: string;

  static of(r: InboxReply): InboxReplyDto {
    return {
      id: r.id,
      commentId: r.commentId,
      network: r.network,
      text: r.text,
      textHash: r.textHash,
      status: r.status,
      verdict: r.verdict,
      findings: r.findings,
      authorId: r.authorId,
      contributorIds: r.contributorIds,
      approvedById: r.approvedById,
      approvedAt: r.approvedAt?.toISOString() ?? null,
      reviewNote: r.reviewNote,
      attempts: r.attempts,
      externalId: r.externalId,
      sentAt: r.sentAt?.toISOString() ?? null,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
    };
  }
}
