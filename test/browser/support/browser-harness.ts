// Starts the real app on a fresh SQLite database and Debian's Chromium with an empty profile, for page tests.
import { AddressInfo, createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { startTestApp, TestApp } from '../../support/test-app';

export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

export interface BrowserHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  newContext(options?: {
    width?: number;
    height?: number;
    mobile?: boolean;
    timezoneId?: string;
  }): Promise<BrowserContext>;
  screenshot(page: Page, name: string, fullPage?: boolean): Promise<void>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** `port`: listen there (for a PUBLIC_URL known before start, as OAuth redirects need); default any free port. */
export async function startBrowserHarness(env: Record<string, string> = {}, listenPort = 0): Promise<BrowserHarness> {
  const t = await startTestApp(env);
  await t.app.listen(listenPort, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  // launch() gives Chromium a new, empty temporary user-data-dir of its own (removed on close).
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    t,
    baseUrl,
    browser,
    async newContext(options = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
        isMobile: options.mobile ?? false,
        hasTouch: options.mobile ?? false,
        deviceScaleFactor: 1,
        timezoneId: options.timezoneId ?? 'America/Chicago',
        locale: 'en-US',
      });
      context.setDefaultTimeout(10_000);
      contexts.push(context);
      return context;
    },
    async screenshot(page, name, fullPage = true) {
      // From the top, so the sticky top bar is where people see it.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** The CSRF cookie a signed-in page holds, for calling the API the way the page scripts do. */
export async function csrfOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'planner_csrf')?.value ?? '';
}

/** The page's session as a bearer header (the session cookie holds the same signed token), for API checks. */
export async function bearerOf(page: Page): Promise<{ Authorization: string }> {
  const token = (await page.context().cookies()).find((c) => c.name === 'planner_session')?.value ?? '';
  return { Authorization: `Bearer ${token}` };
}

/** A port free right now, to give PUBLIC_URL before the app listens on it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
