import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  IsUrl,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
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

  @ApiPropertyOptional({ type: PracticeProfileDto })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => PracticeProfileDto)
  profile?: PracticeProfileDto;
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
