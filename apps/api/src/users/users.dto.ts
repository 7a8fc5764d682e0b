import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { Role, ROLES, User } from '@app/practices';
import { OptionalNotNull } from '../http/validation';

export const PASSWORD_RULES = { min: 10, max: 200 };

export class CreateUserDto {
  @ApiProperty({ example: 'jordan@brightsmiles.example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Jordan Reyes' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['reviewer'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ description: 'Leave out to send an invitation link instead', minLength: PASSWORD_RULES.min })
  @IsOptional()
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  password?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'false deactivates the user and ends their sessions' })
  @OptionalNotNull()
  @IsBoolean()
  active?: boolean;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'false while an invitation is waiting to be accepted' }) passwordSet: boolean;
  @ApiPropertyOptional({ type: String, nullable: true }) lastLoginAt: string | null;

  static of(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      roles: user.roles,
      active: user.active,
      passwordSet: user.passwordHash !== null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    };
  }
}

export class CreatedUserDto extends UserDto {
  @ApiPropertyOptional({ description: 'Shown once: the link the new user opens to choose a password' })
  inviteUrl?: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'Shown once: give it to the person; it works once, for 24 hours' }) resetUrl: string;
  @ApiProperty() expiresAt: string;
}
