export * from './entities/post.entity';
export * from './entities/post-target.entity';
export * from './post-queries';
export * from './rendering/practice-variables';
export * from './rendering/render-post';
export * from './schedule-sync';
export * from './time/local-time';

import { Post } from './entities/post.entity';
import { PostTarget } from './entities/post-target.entity';
export const CALENDAR_ENTITIES = [Post, PostTarget];
