import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { displayName, Member, Role, ROLES } from '@app/practices';
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
  // No password here: the person chooses it through the invitation link. An admin-chosen password would also tell
  // the admin whether the address already had an account (which keeps its own password).
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
  @ApiProperty({ description: 'false while an invitation to this practice is waiting to be accepted' })
  passwordSet: boolean;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null until the person has joined' })
  lastLoginAt: string | null;

  /** Before the person joins, nothing about their account shows (not even whether one existed). */
  static of(member: Member): UserDto {
    const { user, membership } = member;
    const joined = membership.acceptedAt !== null;
    return {
      id: user.id,
      email: user.email,
      name: displayName(member),
      roles: membership.roles,
      active: membership.active,
      passwordSet: joined,
      lastLoginAt: joined ? (user.lastLoginAt?.toISOString() ?? null) : null,
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
