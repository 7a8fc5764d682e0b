import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { AuditLog } from '@app/audit';
import { AlertsService } from '@app/alerts';
import { ScheduleSync } from '../schedule-sync';
import { LibraryTemplate } from '@app/templates';
import { ContentChecker } from '../content-checker';
import type { PatientAuthorizations } from './authorizations';
import type { PostImages } from '../media/post-images';
import type { PostStore } from './post-store';

/** What the workflow use cases share. Each use case takes only this, never a grab-bag of repositories. */
export interface WorkflowDeps {
  dataSource: DataSource;
  audit: AuditLog;
  clock: Clock;
  checker: ContentChecker;
  sync: ScheduleSync;
  /** The seeded library by key, for dated-template rules. */
  library: ReadonlyMap<string, LibraryTemplate>;
  authorizations: PatientAuthorizations;
  /** To close a post's alerts when their cause ends (approved, moved, deleted). */
  alerts: AlertsService;
  /** Stores each image's bytes and hash at submission. */
  images: PostImages;
  /** The post aggregate's tables, scoped by practice. */
  posts: PostStore;
}
