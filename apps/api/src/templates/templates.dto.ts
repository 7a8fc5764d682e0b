import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { SPECIALTIES, TEMPLATE_CATEGORIES } from '@app/templates';
import { VariantsDto } from '../posts/post.dto';

export class RequiredVarDto {
  @ApiProperty({ example: 'clinic_date' }) @IsString() @MaxLength(48) name: string;
  @ApiProperty({ example: 'Date of the flu clinic' }) @IsString() @MaxLength(200) description: string;
  @ApiProperty({ example: '2026-10-10' }) @IsString() @MaxLength(200) example: string;
  @ApiProperty({ enum: ['text', 'date'] }) @IsIn(['text', 'date']) type: 'text' | 'date';
}

export class DateWindowDto {
  @ApiProperty({ example: '12-15' }) @IsString() @MaxLength(5) from: string;
  @ApiProperty({ example: '01-05' }) @IsString() @MaxLength(5) to: string;
}

export class TemplateDto {
  @ApiProperty({ example: 'saturday-hours', description: 'kebab-case, unique in the practice' })
  @IsString()
  @MaxLength(100)
  key: string;
  @ApiProperty({ example: 'Saturday hours' }) @IsString() @MaxLength(200) title: string;
  @ApiProperty({ enum: TEMPLATE_CATEGORIES }) @IsIn(TEMPLATE_CATEGORIES) category: string;
  @ApiProperty({ enum: SPECIALTIES, isArray: true })
  @IsArray()
  @IsIn(SPECIALTIES, { each: true })
  specialties: string[];
  @ApiProperty({ enum: ['evergreen', 'dated'] }) @IsIn(['evergreen', 'dated']) kind: 'evergreen' | 'dated';
  @ApiPropertyOptional({ minimum: 1, maximum: 12 }) @IsOptional() @IsInt() @Min(1) @Max(12) month?: number;
  @ApiPropertyOptional({ type: DateWindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DateWindowDto)
  window?: DateWindowDto;
  @ApiProperty({ example: 'We are now open Saturdays 9-1! Call {{practice.phone}}.' })
  @IsString()
  @MaxLength(63206)
  body: string;
  @ApiPropertyOptional({ type: VariantsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => VariantsDto)
  variants?: VariantsDto;
  @ApiPropertyOptional({ type: [RequiredVarDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RequiredVarDto)
  requiredVars?: RequiredVarDto[];
  @ApiProperty({ type: [String], example: ['FamilyDentistry'] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  hashtags: string[];
}

export class CatalogTemplateDto extends TemplateDto {
  @ApiProperty({ enum: ['library', 'practice'] }) source: 'library' | 'practice';
  @ApiPropertyOptional() id?: string;
}

export class PreviewRequestDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  @IsOptional()
  @IsObject()
  vars?: Record<string, string>;
  @ApiPropertyOptional({ example: '2027-02-03T09:00' }) @IsOptional() @IsString() @MaxLength(40) scheduledFor?: string;
}

class NetworkPreviewDto {
  @ApiPropertyOptional() text?: string;
  @ApiPropertyOptional() error?: string;
}

export class PreviewDto {
  @ApiProperty({ type: NetworkPreviewDto }) facebook: NetworkPreviewDto;
  @ApiProperty({ type: NetworkPreviewDto }) linkedin: NetworkPreviewDto;
  @ApiProperty({ type: NetworkPreviewDto }) x: NetworkPreviewDto;
}

export class DraftFromTemplateDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: "Values for the template's requiredVars",
  })
  @IsOptional()
  @IsObject()
  vars?: Record<string, string>;
  @ApiPropertyOptional({ example: '2027-02-03T09:00' }) @IsOptional() @IsString() @MaxLength(40) scheduledFor?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  targetAccountIds?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) campaign?: string;
}
