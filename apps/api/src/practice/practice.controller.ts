import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PracticesService, SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { PracticeDto, UpdatePracticeDto } from './practice.dto';

@ApiTags('practice')
@ApiBearerAuth()
@Controller('practice')
export class PracticeController {
  constructor(private readonly practices: PracticesService) {}

  @Get()
  @ApiOperation({ summary: "The caller's practice: name, time zone and public profile" })
  @ApiOkResponse({ type: PracticeDto })
  async get(@CurrentUser() user: SessionUser): Promise<PracticeDto> {
    return PracticeDto.of(await this.practices.get(user.practiceId));
  }

  @Patch()
  @Roles('admin')
  @ApiOperation({ summary: 'Change the practice name, time zone or profile (admin)' })
  @ApiOkResponse({ type: PracticeDto })
  async update(@CurrentUser() user: SessionUser, @Body() body: UpdatePracticeDto): Promise<PracticeDto> {
    return PracticeDto.of(await this.practices.update(user.practiceId, user, body));
  }
}
