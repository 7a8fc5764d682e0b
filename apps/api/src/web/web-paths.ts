// Where the pages live. Page URLs (/audit, /setup, /posts/:id…) share names with API routes, and Nest
// decides "no /api prefix" by a route's declared path, so excluding /audit would also move the API's
// GET audit. Instead page requests are rewritten to an internal /_web/… path that no API route uses.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';

export const WEB_PREFIX = '_web';

/** First path segments that are pages (GET); "" is the home page. */
const PAGE_SEGMENTS = new Set([
  '',
  'login',
  'setup',
  'invite',
  'forgot-password',
  'reset-password',
  'settings',
  'audit',
  'calendar',
  'posts',
  'review',
  'accounts',
  'library',
  'alerts',
  'inbox',
]);
/** Page routes that take a form POST (they check the CSRF token themselves). */
const POST_PAGES = new Set(['/logout']);

export function isPageRequest(method: string, path: string): boolean {
  if (method === 'POST') return POST_PAGES.has(path);
  if (method !== 'GET' && method !== 'HEAD') return false;
  const first = path.split('/')[1] ?? '';
  return PAGE_SEGMENTS.has(first);
}

/** Express middleware, mounted before Nest's router. */
export function rewritePageRequests(req: Request, _res: Response, next: NextFunction): void {
  if (isPageRequest(req.method, req.path)) {
    const query = req.url.indexOf('?');
    req.url = `/${WEB_PREFIX}${req.path === '/' ? '/home' : req.path}${query >= 0 ? req.url.slice(query) : ''}`;
  }
  next();
}

/** The repository root, from apps/api/src/web (ts) or dist/apps/api/src/web (built). */
export function findRepoRoot(start = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'apps', 'api', 'views')) && existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find apps/api/views above ${start}`);
    dir = parent;
  }
}
