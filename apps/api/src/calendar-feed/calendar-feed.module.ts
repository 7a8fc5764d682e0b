import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';
import { AuditLog, AuditModule } from '@app/audit';
import { ApprovalsModule } from '@app/approvals';
import { CalendarFeedTokens, PostQueries, PracticeCalendarFeed } from '@app/calendar';
import { CalendarFeedController } from './calendar-feed.controller';

/** Wires the calendar lib's feed classes to the feed endpoints. */
@Module({
  imports: [AuditModule, ApprovalsModule],
  controllers: [CalendarFeedController],
  providers: [
    { provide: CalendarFeedTokens, useFactory: (d: DataSource, a: AuditLog) => new CalendarFeedTokens(d, a), inject: [DataSource, AuditLog] },
    {
      provide: PracticeCalendarFeed,
      useFactory: (d: DataSource, t: CalendarFeedTokens, q: PostQueries, c: Clock, config: ResolvedConfig) => new PracticeCalendarFeed(d, t, q, c, config.PUBLIC_URL),
      inject: [DataSource, CalendarFeedTokens, PostQueries, Clock, APP_CONFIG],
    },
  ],
})
export class CalendarFeedModule {}
