import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { AuditEntry } from '@app/audit';
import { IsDateInRange } from '../http/validation';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'ISO instant; entries at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @IsDateInRange()
  from?: Date;

  @ApiPropertyOptional({ description: 'ISO instant; entries at or before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @IsDateInRange()
  to?: Date;

  @ApiPropertyOptional({ example: 'post.approved' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ example: 'post' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  entityId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ default: 1, maximum: 100000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  page = 1;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize = 50;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiPropertyOptional({ type: String, nullable: true }) actorId: string | null;
  @ApiProperty() actor: string;
  @ApiProperty({ example: 'post.approved' }) action: string;
  @ApiProperty() entityType: string;
  @ApiPropertyOptional({ type: String, nullable: true }) entityId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) beforeHash: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) afterHash: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;

  static of(e: AuditEntry): AuditEntryDto {
    return {
      id: e.id,
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actor: e.actorLabel,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      beforeHash: e.beforeHash,
      afterHash: e.afterHash,
      details: e.details,
      prevHash: e.prevHash,
      hash: e.hash,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

class ChainBreakDto {
  @ApiProperty() seq: number;
  @ApiPropertyOptional({ type: String, nullable: true }) entryId: string | null;
  @ApiProperty() reason: string;
}

export class ChainReportDto {
  @ApiProperty({ description: 'true when every entry is present, unchanged and linked' }) intact: boolean;
  @ApiProperty() checked: number;
  @ApiProperty() lastSeq: number;
  @ApiProperty() lastHash: string;
  @ApiProperty({ type: [ChainBreakDto] }) breaks: ChainBreakDto[];
}
