import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SetupService } from '@app/practices';
import { Public } from '../http/auth.guard';
import { SetupDto, SetupResultDto, SetupStatusDto } from './setup.dto';

@ApiTags('setup')
@Public()
@Controller('setup')
export class SetupController {
  constructor(private readonly setup: SetupService) {}

  @Get()
  @ApiOperation({ summary: 'Whether first-run setup has been done' })
  @ApiOkResponse({ type: SetupStatusDto })
  async status(): Promise<SetupStatusDto> {
    return { complete: await this.setup.isComplete() };
  }

  @Post()
  @ApiOperation({ summary: 'First run: create the practice and its admin (only while no user exists)' })
  @ApiCreatedResponse({ type: SetupResultDto })
  @ApiConflictResponse({ description: 'Setup was already done' })
  async run(@Body() body: SetupDto): Promise<SetupResultDto> {
    const { practice, admin } = await this.setup.run(body);
    return { practiceId: practice.id, adminId: admin.id };
  }
}
