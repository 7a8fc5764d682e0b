// Public surface of the calendar lib: the read and feed side above posts.
export { CalendarModule } from './calendar.module';
export { type CsvProblem, type CsvRow, type CsvTable, type CsvTableSpec, readCsvTable } from './csv/csv-table';
export { ImportPosts } from './csv/import-posts';
export { type ImportAccount, type NetworkCell, readNetworkCell } from './csv/network-column';
export {
  POSTS_CSV_COLUMNS,
  POSTS_CSV_MAX_BYTES,
  POSTS_CSV_MAX_ROWS,
  type PostsCsvContext,
  type PostsCsvResult,
  type PostsCsvRow,
  readPostsCsv,
} from './csv/posts-csv';
export {
  buildCalendarFeed,
  FEED_EVENT_MINUTES,
  FEED_STATUSES,
  type FeedEntry,
  feedEntryOf,
  type FeedOptions,
  summaryOf,
} from './ical/calendar-feed';
export { CalendarFeedTokens } from './ical/feed-tokens';
export { FEED_DAYS_AHEAD, FEED_DAYS_BACK, FEED_MAX_EVENTS, PracticeCalendarFeed } from './ical/practice-feed';
export { type CalendarQuery, PostQueries, type TargetAccount } from './post-queries-store';
export { type LinkCard, LinkCards, readLinkCard } from './links/link-card';
