import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PracticeProfileDto } from '../practice/practice.dto';
import { PASSWORD_RULES } from '../users/users.dto';

export class SetupDto {
  @ApiProperty({ example: 'Bright Smiles Family Dentistry' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  practiceName: string;

  @ApiProperty({ example: 'America/Chicago', description: 'IANA time zone of the practice' })
  @IsString()
  @MaxLength(64)
  timezone: string;

  @ApiPropertyOptional({ type: PracticeProfileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PracticeProfileDto)
  profile?: PracticeProfileDto;

  @ApiProperty({ example: 'Pat Morgan' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  adminName: string;

  @ApiProperty({ example: 'office@brightsmiles.example.com' })
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  adminPassword: string;
}

export class SetupStatusDto {
  @ApiProperty({ description: 'true once the first practice and admin exist' }) complete: boolean;
}

export class SetupResultDto {
  @ApiProperty() practiceId: string;
  @ApiProperty() adminId: string;
}
