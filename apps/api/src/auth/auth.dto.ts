import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Role, ROLES } from '@app/practices';
import { PASSWORD_RULES } from '../users/users.dto';

export class LoginDto {
  @ApiProperty({ example: 'office@brightsmiles.example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_RULES.max)
  password: string;
}

export class SessionUserDto {
  @ApiProperty() id: string;
  @ApiProperty() practiceId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Send as Authorization: Bearer <token>' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}

export class AcceptInviteDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @MinLength(16)
  @MaxLength(100)
  token: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  password: string;
}

/** Who an invitation is for (the page greets them before they choose a password). */
export class InviteDto {
  @ApiProperty({ example: 'Bright Smiles Dental' }) practiceName: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ description: 'The link stops working at this instant' }) expiresAt: Date;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_RULES.max)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min, description: 'Must not be easy to guess (zxcvbn score 3 of 4)' })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  newPassword: string;
}

export class ForgotPasswordDto {
  @ApiProperty({ example: 'office@brightsmiles.example.com' })
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class ForgotPasswordResponseDto {
  @ApiProperty({ description: 'The same for every address, known or not' }) message: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'The token from the reset link' })
  @IsString()
  @MinLength(16)
  @MaxLength(100)
  token: string;

  @ApiProperty({ minLength: PASSWORD_RULES.min, description: 'Must not be easy to guess (zxcvbn score 3 of 4)' })
  @IsString()
  @MinLength(PASSWORD_RULES.min)
  @MaxLength(PASSWORD_RULES.max)
  password: string;
}

/** Who a reset link is for (the page shows the address before the person chooses a password). */
export class ResetLinkDto {
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The link stops working at this instant' }) expiresAt: Date;
}
