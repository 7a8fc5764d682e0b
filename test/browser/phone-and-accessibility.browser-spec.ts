// Every page, signed out and signed in, at desktop width and on a 390 x 844 phone: no horizontal scrolling and no
// serious or critical axe-core violations.
import { expect as jestExpect } from '@jest/globals';
import { DateTime } from 'luxon';
import { AlertsService } from '@app/alerts';
import { Page } from 'playwright-core';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { horizontalOverflow, navUnderMenu, seriousAxeViolations } from './support/page-checks';
import { connectAccounts, signIn } from './support/sign-in';

jest.setTimeout(180_000);

const ZONE = 'America/New_York';

describe('every page fits a phone and passes axe-core (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let everyone: TestUser;
  let author: TestUser;
  let postIds: { draft: string; inReview: string };
  const day = DateTime.now().setZone(ZONE).plus({ days: 10 });

  beforeAll(async () => {
    h = await startBrowserHarness();
    practice = await createPractice(h.t, 'Harbor View Pediatric Dentistry & Orthodontics', ZONE);
    // One person with every role sees every page and every button; a second author writes the post in review.
    everyone = await practice.user(['admin', 'author', 'reviewer']);
    author = await practice.user(['author']);
    const accounts = await connectAccounts(h.t, practice.practiceId);
    const page = await (await h.newContext()).newPage();
    await signIn(page, author.email, PASSWORD);
    const auth = await bearerOf(page);
    const make = async (baseText: string, time: string) =>
      (
        await h.t.http
          .post('/api/posts')
          .set(auth)
          .send({
            baseText,
            targetAccountIds: [accounts.facebook, accounts.x],
            scheduledFor: `${day.toISODate()}T${time}`,
          })
          .expect(201)
      ).body.id as string;
    const draft = await make(
      'A very long first line to make sure labels wrap instead of widening anything: https://www.example-dental.org/a/very/long/path/that/never/breaks/on/its/own',
      '08:00',
    );
    const inReview = await make('Questions about billing? Email help@billingpartner.example.com.', '10:00');
    await h.t.http.post(`/api/posts/${inReview}/submit`).set(auth).expect(200);
    postIds = { draft, inReview };
    await h.t.app.get(AlertsService).raise(practice.practiceId, {
      kind: 'cadence_gap',
      severity: 'warning',
      title: 'Harbor View Pediatric Dentistry & Orthodontics is about to go quiet on Facebook',
      message: 'No Facebook post is planned for the next nine days. Schedule a post.',
      link: '/calendar',
      dedupeKey: `cadence_gap:${accounts.facebook}:a11y`,
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const signedInPages = () => [
    '/calendar',
    '/posts/new',
    `/posts/${postIds.draft}`,
    `/posts/${postIds.inReview}`,
    '/review',
    '/library',
    '/accounts',
    '/alerts',
    '/alerts?show=all',
    '/inbox',
    '/audit',
    '/settings',
    '/posts/00000000-0000-4000-8000-000000000000',
  ];

  async function settle(page: Page, path: string): Promise<void> {
    await page.goto(path);
    await page
      .locator('h1')
      .first()
      .waitFor({ state: 'attached' })
      .catch((error: Error) => {
        throw new Error(`${path}: ${error.message} (at ${page.url()})`);
      });
    if (path === '/calendar') await page.locator('.fc-view').waitFor();
    if (path.startsWith('/posts/') && !path.includes('00000000'))
      await page.locator('[data-previews] [data-preview]').first().waitFor();
    // Let the live checker and late scripts finish drawing.
    await page.waitForLoadState('networkidle');
  }

  for (const [label, size] of [
    ['a phone (390 x 844)', { width: 390, height: 844, mobile: true }],
    ['a desktop (1280 x 900)', { width: 1280, height: 900, mobile: false }],
  ] as const) {
    it(`fits ${label} and has no serious or critical axe-core violations, page by page`, async () => {
      const page = await (await h.newContext(size)).newPage();
      const problems: string[] = [];
      const check = async (path: string) => {
        await settle(page, path);
        if (size.mobile) {
          const overflow = await horizontalOverflow(page);
          if (overflow.scrollWidth > size.width || overflow.wide.length)
            problems.push(`${path}: ${overflow.scrollWidth}px wide; past the edge: ${overflow.wide.join(', ')}`);
        }
        // Every link of the top bar visible beside the person's menu, not under it.
        for (const link of await navUnderMenu(page)) problems.push(`${path}: top-bar link under the menu: ${link}`);
        for (const v of await seriousAxeViolations(page))
          problems.push(`${path}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
        if (size.mobile) await h.screenshot(page, `40-phone${path.replace(/[^a-z0-9]+/gi, '-')}`);
      };
      await check('/login');
      await signIn(page, everyone.email, PASSWORD);
      for (const path of signedInPages()) await check(path);
      // The calendar's other views on a phone.
      if (size.mobile) {
        await settle(page, '/calendar');
        for (const view of ['Month', 'Week']) {
          await page.getByRole('button', { name: view, exact: true }).click();
          const overflow = await horizontalOverflow(page);
          if (overflow.scrollWidth > size.width || overflow.wide.length)
            problems.push(
              `/calendar (${view}): ${overflow.scrollWidth}px wide; past the edge: ${overflow.wide.join(', ')}`,
            );
        }
      }
      jestExpect(problems).toEqual([]);
    });
  }
});
