// View engine, static assets and page routing for the web pages; called by createApi before the API prefix is set.
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { join } from 'node:path';
import { findRepoRoot, rewritePageRequests, WEB_PREFIX } from './web-paths';
import { ViewEngine } from './view-engine';

/** Vendor files served from node_modules (never a CDN: the app works offline). */
const VENDOR: Record<string, string> = {
  'htmx.min.js': 'node_modules/htmx.org/dist/htmx.min.js',
  'fullcalendar.min.js': 'node_modules/fullcalendar/index.global.min.js',
};

/** Pages may load only this site's scripts; styles may be inline (FullCalendar and htmx inject theirs). */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function configureWeb(app: NestExpressApplication): { excludeFromApiPrefix: string[] } {
  const root = findRepoRoot();
  const views = new ViewEngine(join(root, 'apps', 'api', 'views'), process.env.NODE_ENV === 'development');
  app.engine('hbs', views.express);
  app.setBaseViewsDir(join(root, 'apps', 'api', 'views'));
  app.setViewEngine('hbs');

  app.use('/assets/vendor/:file', (req: Request<{ file: string }>, res: Response, next: NextFunction) => {
    const file = VENDOR[req.params.file];
    if (!file) return next();
    res.sendFile(join(root, file), { maxAge: '1d' });
  });
  app.useStaticAssets(join(root, 'apps', 'api', 'public'), { prefix: '/assets/', maxAge: '1h', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    rewritePageRequests(req, res, () => {
      if (req.url.startsWith(`/${WEB_PREFIX}/`)) {
        res.setHeader('Content-Security-Policy', PAGE_CSP);
        res.setHeader('Cache-Control', 'no-store');
        // Invitation links carry a token in the address: never send it to another site.
        res.setHeader('Referrer-Policy', 'no-referrer');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      }
      next();
    });
  });
  return { excludeFromApiPrefix: [`${WEB_PREFIX}/{*path}`] };
}
