export * from './approvals.module';
export * from './content-checker';
export * from './entities/post-comment.entity';
export * from './entities/practice-template.entity';
export * from './templates/template-catalog';
export * from './entities/review.entity';
export * from './state-machine';
export * from './template-library';
export * from './usecases/comments';
export * from './usecases/compose-post';
export * from './usecases/import-posts';
export * from './usecases/review-post';

import { PostComment } from './entities/post-comment.entity';
import { PracticeTemplate } from './entities/practice-template.entity';
import { Review } from './entities/review.entity';
export const APPROVAL_ENTITIES = [Review, PostComment, PracticeTemplate];
