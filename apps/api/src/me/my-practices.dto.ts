import { ApiProperty } from '@nestjs/swagger';
import { Role, ROLES } from '@app/practices';

export class PracticeChoiceDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Bright Smiles Dental' }) name: string;
  @ApiProperty({ example: 'America/Chicago' }) timezone: string;
  @ApiProperty({ enum: ROLES, isArray: true, description: 'Your roles in this practice' }) roles: Role[];
  @ApiProperty({ enum: ['member', 'invited'], description: 'invited: waiting for you to accept' })
  status: 'member' | 'invited';
  @ApiProperty({ description: 'The practice this session acts in' }) current: boolean;
}
