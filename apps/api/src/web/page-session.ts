// Who is looking at a page: the cookie session resolved the same way the API guard does it.
// Pages redirect to /login instead of answering a JSON 401.
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AlertsService } from '@app/alerts';
import { InboxService } from '@app/inbox';
import { AuthService, Practice, PracticeChoice, PracticesService, Role, SessionUser } from '@app/practices';
import { SESSION_COOKIE } from '../http/auth.guard';
import { ForbiddenPage, PageRedirect } from './page-errors';

export interface NavItem {
  key: string;
  href: string;
  label: string;
  icon: string;
  roles?: Role[];
}

/** The navigation, in the order staff use it. Pages appear here as they are built. */
export const NAV: NavItem[] = [
  { key: 'calendar', href: '/calendar', label: 'Calendar', icon: 'calendar' },
  { key: 'inbox', href: '/inbox', label: 'Inbox', icon: 'message' },
  { key: 'review', href: '/review', label: 'Review', icon: 'checkCircle', roles: ['reviewer'] },
  { key: 'library', href: '/library', label: 'Library', icon: 'book' },
  { key: 'accounts', href: '/accounts', label: 'Accounts', icon: 'link' },
  { key: 'alerts', href: '/alerts', label: 'Alerts', icon: 'bell' },
  { key: 'audit', href: '/audit', label: 'Audit log', icon: 'shield', roles: ['admin', 'reviewer'] },
  { key: 'settings', href: '/settings', label: 'Settings', icon: 'settings' },
];

export interface PageUser {
  user: SessionUser;
  practice: Practice;
  /** Open alerts, shown as a count next to Alerts in the navigation. */
  openAlerts: number;
  /** The person's practices (and invitations), for the switcher in the header. */
  practices: PracticeChoice[];
  /** Open inbox comments and the urgent ones among them, shown next to Inbox. */
  inbox: { open: number; urgent: number };
}

export interface LayoutContext {
  title: string;
  layout: 'app';
  active: string;
  user: SessionUser & { isAdmin: boolean; isReviewer: boolean; isAuthor: boolean };
  practice: { id: string; name: string; timezone: string };
  nav: Array<NavItem & { active: boolean; count: number; urgent: number }>;
  /** Shown in the header's account menu when there is anywhere else to go. */
  practiceChoices: Array<PracticeChoice & { invited: boolean }>;
  scripts: string[];
}

@Injectable()
export class PageSession {
  constructor(
    private readonly auth: AuthService,
    private readonly practices: PracticesService,
    private readonly alerts: AlertsService,
    private readonly inbox: InboxService,
  ) {}

  async optional(req: Request): Promise<SessionUser | null> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    return token ? this.auth.authenticate(token) : null;
  }

  /** The signed-in user and practice, or a redirect to the sign-in page that comes back here. */
  async require(req: Request, roles?: Role[]): Promise<PageUser> {
    const user = await this.optional(req);
    if (!user) throw new PageRedirect(`/login?next=${encodeURIComponent(req.originalUrl)}`);
    if (roles && !roles.some((r) => user.roles.includes(r))) {
      throw new ForbiddenPage(
        `This page is for the ${roles.map((r) => (r === 'reviewer' ? 'compliance reviewer' : r)).join(' or ')} role. Ask your practice admin if you need access.`,
      );
    }
    const [practice, openAlerts, inbox, practices] = await Promise.all([
      this.practices.get(user.practiceId),
      this.alerts.countOpen(user.practiceId),
      this.inbox.counts(user.practiceId),
      this.auth.practicesOf(user),
    ]);
    return { user, practice, openAlerts, inbox: { open: inbox.open, urgent: inbox.urgent }, practices };
  }

  layout(page: PageUser, active: string, title: string, scripts: string[] = []): LayoutContext {
    const { user, practice } = page;
    return {
      title,
      layout: 'app',
      active,
      user: {
        ...user,
        isAdmin: user.roles.includes('admin'),
        isReviewer: user.roles.includes('reviewer'),
        isAuthor: user.roles.includes('author'),
      },
      practice: { id: practice.id, name: practice.name, timezone: practice.timezone },
      nav: NAV.filter((item) => !item.roles || item.roles.some((r) => user.roles.includes(r))).map((item) => ({
        ...item,
        active: item.key === active,
        count: item.key === 'alerts' ? page.openAlerts : item.key === 'inbox' ? page.inbox.open : 0,
        urgent: item.key === 'inbox' ? page.inbox.urgent : 0,
      })),
      practiceChoices:
        page.practices.length > 1 ? page.practices.map((p) => ({ ...p, invited: p.status === 'invited' })) : [],
      scripts,
    };
  }
}

export { safeNext } from './safe-next';
