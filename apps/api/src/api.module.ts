import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CoreModule, CoreResources, loggingModule } from '@app/core';
import { PracticesModule } from '@app/practices';
import { AccountsModule } from '@app/accounts';
import { PublishingModule } from '@app/publishing';
import { PublisherWatch, SchedulerModule } from '@app/scheduler';
import { CalendarModule } from '@app/calendar';
import { AlertsModule } from '@app/alerts';
import { PostsModule } from '@app/posts';
import { AuditModule } from '@app/audit';
import { InboxModule } from '@app/inbox';
import { AccountsController } from './accounts/accounts.controller';
import { AlertsController } from './alerts/alerts.controller';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { ComplianceController } from './compliance/compliance.controller';
import { CalendarFeedModule } from './calendar-feed/calendar-feed.module';
import { HealthController } from './health/health.controller';
import { FacebookWebhookController } from './inbox/facebook-webhook.controller';
import { InboxController } from './inbox/inbox.controller';
import { InboxRepliesController } from './inbox/inbox-replies.controller';
import { AuthGuard } from './http/auth.guard';
import { ApiExceptionFilter } from './http/exception.filter';
import { MediaController } from './media/media.controller';
import { PublicMediaController } from './media/public-media.controller';
import { LinkPreviewController } from './media/link-preview.controller';
import { PostsController } from './posts/posts.controller';
import { PostsImportController } from './posts/import/posts-import.controller';
import { PracticeController } from './practice/practice.controller';
import { SetupController } from './setup/setup.controller';
import { TemplatesController } from './templates/templates.controller';
import { UsersController } from './users/users.controller';
import { MyPracticesController } from './me/my-practices.controller';
import { AccountRetryController } from './accounts/account-retry.controller';
import { WebModule } from './web/web.module';

/** The HTTP app: wires the capability modules to their controllers. No logic lives here. */
@Module({})
export class ApiModule {
  static forRoot(resources: CoreResources): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        CoreModule.forRoot(resources),
        loggingModule(resources.config.LOG_LEVEL, 'api'),
        PracticesModule,
        AuditModule,
        SchedulerModule.forRoot(resources.config.runMode),
        PostsModule,
        CalendarModule,
        AlertsModule,
        PublishingModule,
        AccountsModule,
        InboxModule,
        CalendarFeedModule,
        WebModule,
      ],
      controllers: [
        SetupController,
        AuthController,
        UsersController,
        MyPracticesController,
        PracticeController,
        PostsImportController,
        PostsController,
        PublicMediaController,
        MediaController,
        LinkPreviewController,
        TemplatesController,
        ComplianceController,
        AccountsController,
        AccountRetryController,
        AlertsController,
        AuditController,
        InboxRepliesController,
        InboxController,
        FacebookWebhookController,
        HealthController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // Raises the alert nobody else can while no worker is live (queue mode) or the due scan stalled.
        PublisherWatch,
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
      ],
    };
  }
}
