import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsDate, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { AUTHORIZATION_USES, AuthorizationUse, PatientAuthorization } from '@app/posts';
import { NETWORKS, type Network } from '@app/publishing';
import { IsDateInRange } from '../http/validation';

export class CheckTextDto {
  @ApiProperty({ example: 'Congrats to our patient Maria on finishing her Invisalign!' })
  @IsString()
  @MaxLength(63206)
  text: string;

  @ApiPropertyOptional({ enum: NETWORKS })
  @IsOptional()
  @IsIn(NETWORKS)
  network?: Network;

  @ApiPropertyOptional({
    enum: ['post', 'reply'],
    default: 'post',
    description: "'reply' checks an answer to a review or comment: it must not confirm the person is a patient",
  })
  @IsOptional()
  @IsIn(['post', 'reply'])
  kind?: 'post' | 'reply';

  @ApiPropertyOptional({
    example: 'Dr. Lee fixed my tooth in one visit! — J.R.',
    description: 'For a reply: the review or comment being answered',
  })
  @IsOptional()
  @IsString()
  @MaxLength(63206)
  context?: string;
}

export class CheckFindingDto {
  @ApiProperty({ example: 'care.named-patient-treatment' }) rule: string;
  @ApiProperty({ example: 'care_relationship' }) category: string;
  @ApiProperty({ enum: ['block', 'warn'] }) severity: string;
  @ApiProperty({ description: 'UTF-16 offset into text' }) start: number;
  @ApiProperty() end: number;
  @ApiProperty() text: string;
  @ApiProperty({ description: 'Why, in plain words' }) message: string;
  @ApiPropertyOptional({ description: 'A safer way to say it' }) suggestion?: string;
}

export class CheckResultDto {
  @ApiProperty({ enum: ['pass', 'warn', 'block'] }) verdict: string;
  @ApiProperty({ type: [CheckFindingDto] }) findings: CheckFindingDto[];
  @ApiProperty({ description: 'Version of the rule packs (config/phi-rules) that produced this' }) rulesVersion: string;
}

export class NewAuthorizationDto {
  @ApiProperty({ example: 'Maria Lopez', description: 'As the patient will be named in posts' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  patientName: string;

  @ApiProperty({ enum: AUTHORIZATION_USES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(AUTHORIZATION_USES, { each: true })
  uses: AuthorizationUse[];

  @ApiProperty({ example: '2026-11-20' })
  @Type(() => Date)
  @IsDate()
  @IsDateInRange()
  signedAt: Date;

  @ApiPropertyOptional({ example: '2027-11-20', description: 'Leave out for no expiry date on the form' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @IsDateInRange()
  expiresAt?: Date;

  @ApiProperty({ example: 'EHR document 48213 or /api/media/<id> of the scanned form' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  documentRef: string;
}

export class AuthorizationDto {
  @ApiProperty() id: string;
  @ApiProperty() patientName: string;
  @ApiProperty({ enum: AUTHORIZATION_USES, isArray: true }) uses: string[];
  @ApiProperty() signedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) expiresAt: string | null;
  @ApiProperty() documentRef: string;
  @ApiPropertyOptional({ type: String, nullable: true }) revokedAt: string | null;
  @ApiProperty({ description: 'Valid now: not revoked and not expired' }) valid: boolean;

  static of(a: PatientAuthorization, now: Date): AuthorizationDto {
    return {
      id: a.id,
      patientName: a.patientName,
      uses: a.uses,
      signedAt: a.signedAt.toISOString(),
      expiresAt: a.expiresAt?.toISOString() ?? null,
      documentRef: a.documentRef,
      revokedAt: a.revokedAt?.toISOString() ?? null,
      valid: !a.revokedAt && (!a.expiresAt || a.expiresAt > now),
    };
  }
}
