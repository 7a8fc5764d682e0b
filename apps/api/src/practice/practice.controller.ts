import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PracticeTimezone } from '@app/posts';
import { PracticesService, SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { PracticeDto, TimezoneQueryDto, UpdatePracticeDto, ZoneChangePreviewDto } from './practice.dto';

@ApiTags('practice')
@ApiBearerAuth()
@Controller('practice')
export class PracticeController {
  constructor(
    private readonly practices: PracticesService,
    private readonly zone: PracticeTimezone,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's practice: name, time zone and public profile" })
  @ApiOkResponse({ type: PracticeDto })
  async get(@CurrentUser() user: SessionUser): Promise<PracticeDto> {
    return PracticeDto.of(await this.practices.get(user.practiceId));
  }

  @Get('timezone-change')
  @Roles('admin')
  @ApiOperation({
    summary:
      'What changing the time zone would do to each planned post: its time now, keeping its wall time, keeping its instant',
  })
  @ApiOkResponse({ type: ZoneChangePreviewDto })
  timezoneChange(@CurrentUser() user: SessionUser, @Query() query: TimezoneQueryDto): Promise<ZoneChangePreviewDto> {
    return this.zone.preview(user.practiceId, query.timezone);
  }

  @Patch()
  @Roles('admin')
  @ApiOperation({
    summary:
      'Change the practice name, time zone or profile (admin). A new time zone with posts planned needs scheduledPosts: keep_wall_times or keep_instants',
  })
  @ApiOkResponse({ type: PracticeDto })
  @ApiConflictResponse({
    description: 'A new time zone with planned posts and no scheduledPosts choice; carries the preview',
  })
  async update(@CurrentUser() user: SessionUser, @Body() body: UpdatePracticeDto): Promise<PracticeDto> {
    const { timezone, scheduledPosts, ...rest } = body;
    if (timezone !== undefined) await this.zone.change(user.practiceId, user, timezone, scheduledPosts);
    const practice =
      rest.name !== undefined || rest.profile !== undefined
        ? await this.practices.update(user.practiceId, user, rest)
        : await this.practices.get(user.practiceId);
    return PracticeDto.of(practice);
  }
}
