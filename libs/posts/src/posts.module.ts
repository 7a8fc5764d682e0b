import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, Clock, ResolvedConfig } from '@app/core';
import { AuditLog, AuditModule } from '@app/audit';
import { AlertsModule, AlertsService } from '@app/alerts';
import { SCHEDULE_SYNC, ScheduleSync } from './schedule-sync';
import { CONTENT_CHECKER, ContentChecker } from './content-checker';
import { TEMPLATE_LIBRARY, TemplateLibrary } from './template-library';
import { TemplateCatalog } from './templates/template-catalog';
import { PatientAuthorizations } from './usecases/authorizations';
import { PostComments } from './usecases/comments';
import { ComposePost } from './usecases/compose-post';
import { WorkflowDeps } from './usecases/deps';
import { ReviewPost } from './usecases/review-post';
import { MediaStore } from './media/media-store';
import { PostImages } from './media/post-images';
import { MediaSweep } from './media/media-sweep';
import { StoredImages } from './media/stored-images-store';
import { PublicMedia } from './media/public-media';
import { UploadReceiver } from './media/upload-receiver';
import { PublicMediaLinks } from './media/public-media-links';
import { PracticeTimezone } from './usecases/practice-timezone';
import { PracticesModule, PracticesService } from '@app/practices';
import { PostStore } from './usecases/post-store';

const WORKFLOW_DEPS = Symbol('WORKFLOW_DEPS');

/**
 * The post aggregate's workflow: compose, review, comments, authorizations, templates. The content checker
 * and the schedule sync are ports, bound globally by the scheduler module (CONTENT_CHECKER, SCHEDULE_SYNC).
 */
@Module({
  imports: [AuditModule, AlertsModule, PracticesModule],
  providers: [
    TemplateLibrary,
    { provide: TEMPLATE_LIBRARY, useExisting: TemplateLibrary },
    {
      provide: WORKFLOW_DEPS,
      useFactory: (
        dataSource: DataSource,
        audit: AuditLog,
        clock: Clock,
        checker: ContentChecker,
        sync: ScheduleSync,
        library: TemplateLibrary,
        authorizations: PatientAuthorizations,
        alerts: AlertsService,
        images: PostImages,
      ): WorkflowDeps => ({
        dataSource,
        audit,
        clock,
        checker,
        sync,
        library: library.byKey,
        authorizations,
        alerts,
        images,
        posts: new PostStore(dataSource),
      }),
      inject: [
        DataSource,
        AuditLog,
        Clock,
        CONTENT_CHECKER,
        SCHEDULE_SYNC,
        TemplateLibrary,
        PatientAuthorizations,
        AlertsService,
        PostImages,
      ],
    },
    { provide: MediaStore, useFactory: (c: ResolvedConfig) => new MediaStore(c.DATA_DIR), inject: [APP_CONFIG] },
    {
      provide: StoredImages,
      useFactory: (d: DataSource, s: MediaStore, clock: Clock) => new StoredImages(d, s, clock),
      inject: [DataSource, MediaStore, Clock],
    },
    {
      provide: PostImages,
      useFactory: (s: MediaStore, i: StoredImages, c: ResolvedConfig) =>
        new PostImages(s, i, { timeoutMs: c.NETWORK_TIMEOUT_MS }),
      inject: [MediaStore, StoredImages, APP_CONFIG],
    },
    {
      provide: MediaSweep,
      useFactory: (d: DataSource, s: MediaStore, i: StoredImages, a: AuditLog, clock: Clock, c: ResolvedConfig) =>
        new MediaSweep(d, s, i, a, clock, { retentionMs: c.MEDIA_RETENTION_DAYS * 86_400_000 }),
      inject: [DataSource, MediaStore, StoredImages, AuditLog, Clock, APP_CONFIG],
    },
    {
      provide: PublicMedia,
      useFactory: (i: StoredImages, s: MediaStore) => new PublicMedia(i, s),
      inject: [StoredImages, MediaStore],
    },
    { provide: PublicMediaLinks, useFactory: publicMediaLinksFrom, inject: [APP_CONFIG] },
    {
      provide: UploadReceiver,
      useFactory: (s: MediaStore, c: ResolvedConfig) =>
        new UploadReceiver(s.incomingDir(), { videoMaxBytes: c.MEDIA_VIDEO_MAX_MB * 1024 * 1024 }),
      inject: [MediaStore, APP_CONFIG],
    },
    {
      provide: PatientAuthorizations,
      useFactory: (d: DataSource, a: AuditLog, c: Clock) => new PatientAuthorizations(d, a, c),
      inject: [DataSource, AuditLog, Clock],
    },
    { provide: ComposePost, useFactory: (deps: WorkflowDeps) => new ComposePost(deps), inject: [WORKFLOW_DEPS] },
    { provide: ReviewPost, useFactory: (deps: WorkflowDeps) => new ReviewPost(deps), inject: [WORKFLOW_DEPS] },
    { provide: PostComments, useFactory: (deps: WorkflowDeps) => new PostComments(deps), inject: [WORKFLOW_DEPS] },
    {
      provide: PracticeTimezone,
      useFactory: (deps: WorkflowDeps, practices: PracticesService) => new PracticeTimezone(deps, practices),
      inject: [WORKFLOW_DEPS, PracticesService],
    },
    {
      provide: TemplateCatalog,
      useFactory: (d: DataSource, l: TemplateLibrary, a: AuditLog, c: ComposePost) => new TemplateCatalog(d, l, a, c),
      inject: [DataSource, TemplateLibrary, AuditLog, ComposePost],
    },
  ],
  exports: [
    ComposePost,
    ReviewPost,
    PostComments,
    PracticeTimezone,
    TemplateLibrary,
    TemplateCatalog,
    PatientAuthorizations,
    MediaStore,
    PostImages,
    MediaSweep,
    PublicMedia,
    UploadReceiver,
    PublicMediaLinks,
  ],
})
export class PostsModule {}

/** The signed image links as configured (the API serves them, the API and the workers make them). */
export function publicMediaLinksFrom(config: ResolvedConfig): PublicMediaLinks {
  return new PublicMediaLinks({
    publicUrl: config.PUBLIC_URL,
    secret: config.MEDIA_LINK_SECRET,
    ttlMs: config.MEDIA_LINK_TTL_SECONDS * 1000,
  });
}
