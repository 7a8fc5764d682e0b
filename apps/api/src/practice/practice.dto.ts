import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ZONE_CHANGE_CHOICES, type ZoneChangeChoice } from '@app/posts';
import { Practice } from '@app/practices';
import { OptionalNotNull } from '../http/validation';

const URL_OPTS = { require_protocol: true, protocols: ['http', 'https'] };

/** The practice's own public details: the PHI checker never flags these. */
export class PracticeProfileDto {
  @ApiPropertyOptional({ example: 'https://brightsmiles.example.com' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  website?: string;

  @ApiPropertyOptional({ example: 'https://portal.brightsmiles.example.com' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  portalUrl?: string;

  @ApiPropertyOptional({ example: 'https://brightsmiles.example.com/book' })
  @IsOptional()
  @IsUrl(URL_OPTS)
  @MaxLength(300)
  bookingUrl?: string;

  @ApiPropertyOptional({ example: 'Springfield' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ type: [String], example: ['120 Main St, Suite 4, Springfield, IL 62701'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  addresses?: string[];

  @ApiPropertyOptional({ type: [String], example: ['(217) 555-0142'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[];

  @ApiPropertyOptional({ type: [String], example: ['(217) 555-0143'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  faxes?: string[];

  @ApiPropertyOptional({ type: [String], example: ['hello@brightsmiles.example.com'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({}, { each: true })
  emails?: string[];

  @ApiPropertyOptional({ type: [String], example: ['Dr. Sarah Lee', 'Maria Gomez, RDH'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  staff?: string[];

  @ApiPropertyOptional({ type: [String], example: ['@brightsmilesdental'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  handles?: string[];
}

export class UpdatePracticeDto {
  @ApiPropertyOptional({ example: 'Bright Smiles Family Dentistry' })
  @OptionalNotNull()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'America/Chicago', description: 'IANA time zone' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(64)
  timezone?: string;

  @ApiPropertyOptional({
    enum: ZONE_CHANGE_CHOICES,
    description:
      'With a new timezone and posts planned ahead: keep_wall_times (each keeps its local time, so its UTC instant moves) or keep_instants (each goes out at the same moment, shown at a new local time). Without it such a change is refused (409) with a preview; GET /api/practice/timezone-change shows it first',
  })
  @OptionalNotNull()
  @IsIn(ZONE_CHANGE_CHOICES, { message: 'scheduledPosts must be keep_wall_times or keep_instants' })
  scheduledPosts?: ZoneChangeChoice;

  @ApiPropertyOptional({ type: PracticeProfileDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => PracticeProfileDto)
  profile?: PracticeProfileDto;
}

export class TimezoneQueryDto {
  @ApiProperty({ example: 'America/Denver', description: 'The IANA time zone the practice would change to' })
  @IsString()
  @MaxLength(64)
  timezone: string;
}

export class PlannedTimeDto {
  @ApiProperty({ example: '2026-12-08T09:00', description: 'Local wall time in the zone' }) local: string;
  @ApiProperty({ example: '2026-12-08T15:00:00Z' }) at: string;
}

export class ZoneChangeEffectDto {
  @ApiProperty() postId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: PlannedTimeDto, description: 'Today, in the current zone' }) now: PlannedTimeDto;
  @ApiProperty({ type: PlannedTimeDto }) keepWallTimes: PlannedTimeDto;
  @ApiProperty({ type: PlannedTimeDto }) keepInstants: PlannedTimeDto;
  @ApiProperty({ description: 'Its wall time in the new zone is already past: it keeps its instant either way' })
  wallTimePassed: boolean;
}

export class ZoneChangePreviewDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({ type: [ZoneChangeEffectDto] }) posts: ZoneChangeEffectDto[];
  @ApiProperty() summary: string;
}

export class PracticeDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'America/Chicago' }) timezone: string;
  @ApiProperty({ type: PracticeProfileDto }) profile: PracticeProfileDto;

  static of(practice: Practice): PracticeDto {
    return { id: practice.id, name: practice.name, timezone: practice.timezone, profile: practice.profile };
  }
}
