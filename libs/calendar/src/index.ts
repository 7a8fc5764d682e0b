// Public surface of the calendar lib: the read and feed side above posts.
export * from './calendar.module';
export * from './csv/csv-table';
export * from './csv/import-posts';
export * from './csv/network-column';
export * from './csv/posts-csv';
export * from './ical/calendar-feed';
export * from './ical/feed-tokens';
export * from './ical/practice-feed';
export * from './post-queries-store';
export * from './links/link-card';
