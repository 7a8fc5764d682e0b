// The read and feed side of posts: calendar queries, the iCal feed, CSV import and link cards.
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';
import { AuditLog, AuditModule } from '@app/audit';
import { ComposePost, PostsModule } from '@app/posts';
import { ImportPosts } from './csv/import-posts';
import { CalendarFeedTokens } from './ical/feed-tokens';
import { PracticeCalendarFeed } from './ical/practice-feed';
import { LinkCards } from './links/link-card';
import { PostQueries } from './post-queries-store';

@Module({
  imports: [AuditModule, PostsModule],
  providers: [
    { provide: PostQueries, useFactory: (d: DataSource) => new PostQueries(d), inject: [DataSource] },
    {
      provide: ImportPosts,
      useFactory: (d: DataSource, a: AuditLog, c: Clock, p: ComposePost) => new ImportPosts(d, a, c, p),
      inject: [DataSource, AuditLog, Clock, ComposePost],
    },
    { provide: LinkCards, useFactory: () => new LinkCards() },
    {
      provide: CalendarFeedTokens,
      useFactory: (d: DataSource, a: AuditLog) => new CalendarFeedTokens(d, a),
      inject: [DataSource, AuditLog],
    },
    {
      provide: PracticeCalendarFeed,
      useFactory: (d: DataSource, t: CalendarFeedTokens, q: PostQueries, c: Clock, config: ResolvedConfig) =>
        new PracticeCalendarFeed(d, t, q, c, config.PUBLIC_URL),
      inject: [DataSource, CalendarFeedTokens, PostQueries, Clock, APP_CONFIG],
    },
  ],
  exports: [PostQueries, ImportPosts, LinkCards, CalendarFeedTokens, PracticeCalendarFeed],
})
export class CalendarModule {}
