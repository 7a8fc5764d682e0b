import { Module } from '@nestjs/common';
import { CalendarModule } from '@app/calendar';
import { CalendarFeedController } from './calendar-feed.controller';

/** The feed endpoints over the calendar lib's feed classes. */
@Module({
  imports: [CalendarModule],
  controllers: [CalendarFeedController],
})
export class CalendarFeedModule {}
