export * from './csv/csv-table';
export * from './csv/network-column';
export * from './csv/posts-csv';
export * from './entities/post.entity';
export * from './entities/post-target.entity';
export * from './ical/calendar-feed';
export * from './ical/feed-tokens';
export * from './ical/practice-feed';
export * from './post-queries';
export * from './rendering/practice-variables';
export * from './rendering/render-post';
export * from './schedule-sync';
export * from './time/local-time';

import { Post } from './entities/post.entity';
import { PostTarget } from './entities/post-target.entity';
export const CALENDAR_ENTITIES = [Post, PostTarget];
export * from './media/media-store';
