import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { PracticesModule } from '@app/practices';
import { PageSession } from './page-session';
import { AuditPageController } from './pages/audit-page.controller';
import { AuthPagesController } from './pages/auth-pages.controller';
import { NotFoundPageController } from './pages/not-found-page.controller';
import { SettingsPageController } from './pages/settings-page.controller';

/** The server-rendered pages for practice staff (sign-in, calendar, compose, review, settings). */
@Module({
  imports: [PracticesModule, AuditModule],
  providers: [PageSession],
  // The catch-all 404 page comes last so it never shadows a real page.
  controllers: [AuthPagesController, SettingsPageController, AuditPageController, NotFoundPageController],
})
export class WebModule {}
