import { Module } from '@nestjs/common';
import { AccountsModule } from '@app/accounts';
import { AlertsModule } from '@app/alerts';
import { CalendarModule } from '@app/calendar';
import { PostsModule } from '@app/posts';
import { AuditModule } from '@app/audit';
import { PracticesModule } from '@app/practices';
import { InboxModule } from '@app/inbox';
import { PageData } from './page-data';
import { PageSession } from './page-session';
import { CalendarPageController } from './pages/calendar-page.controller';
import { ComposePageController } from './pages/compose-page.controller';
import { LibraryPageController } from './pages/library-page.controller';
import { ReviewPageController } from './pages/review-page.controller';
import { AccountsPageController } from './pages/accounts-page.controller';
import { AlertsPageController } from './pages/alerts-page.controller';
import { InboxPageController } from './pages/inbox-page.controller';
import { AuditPageController } from './pages/audit-page.controller';
import { AuthPagesController } from './pages/auth-pages.controller';
import { NotFoundPageController } from './pages/not-found-page.controller';
import { SettingsPageController } from './pages/settings-page.controller';

/** The server-rendered pages for practice staff (sign-in, calendar, compose, review, settings). */
@Module({
  imports: [PracticesModule, AuditModule, PostsModule, CalendarModule, AccountsModule, AlertsModule, InboxModule],
  providers: [PageSession, PageData],
  // The catch-all 404 page comes last so it never shadows a real page.
  controllers: [
    AuthPagesController,
    SettingsPageController,
    AuditPageController,
    CalendarPageController,
    ComposePageController,
    ReviewPageController,
    LibraryPageController,
    AccountsPageController,
    AlertsPageController,
    InboxPageController,
    NotFoundPageController,
  ],
})
export class WebModule {}
