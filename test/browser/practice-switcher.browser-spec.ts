// The practice switcher in the header's account menu: a person in two practices (and invited to a third) switches,
// sees the other practice's name, the menu for their role there and that practice's inbox only, and joins the third
// from the menu.
import { expect as jestExpect } from '@jest/globals';
import { Page } from 'playwright-core';
import { createPractice, PASSWORD, TestPractice } from '../support/factories';
import { storedComment } from '../support/inbox-fixture';
import { BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { horizontalOverflow, seriousAxeViolations } from './support/page-checks';
import { signIn } from './support/sign-in';

jest.setTimeout(90_000);

describe('practice switcher (browser)', () => {
  let h: BrowserHarness;
  let a: TestPractice;
  let b: TestPractice;
  let c: TestPractice;
  let email: string;

  beforeAll(async () => {
    h = await startBrowserHarness();
    a = await createPractice(h.t, 'Bright Smiles Dental', 'America/Chicago');
    b = await createPractice(h.t, 'Lakeside Family Medicine', 'America/Denver');
    c = await createPractice(h.t, 'Harbor Pediatrics', 'America/New_York');
    email = (await a.user(['admin'])).email;
    // Member of B as an author (joined through the link), invited to C (not yet joined).
    for (const [practice, roles, join] of [
      [b, ['author'], true],
      [c, ['reviewer'], false],
    ] as const) {
      const invited = await h.t.http
        .post('/api/users')
        .set({ Authorization: `Bearer ${practice.admin.token}` })
        .send({ email, name: 'Morgan Agency', roles })
        .expect(201);
      if (join)
        await h.t.http
          .post('/api/auth/accept-invite')
          .send({ token: (invited.body.inviteUrl as string).split('/').pop(), password: PASSWORD })
          .expect(204);
    }
    await storedComment(h.t, a.practiceId, 'Bright Smiles comment: my chest hurts since this morning', {
      urgent: true,
    });
    await storedComment(h.t, b.practiceId, 'Lakeside comment: do you take new patients?');
  });
  afterAll(async () => {
    await h?.close();
  });

  const openMenu = (page: Page) => page.locator('summary', { hasText: /Account menu/ }).click();
  /** A page-side check (a string, so it runs in the browser) that the header names this practice. */
  const shows = (name: string) =>
    `document.querySelector('[data-testid=practice-name]')?.textContent?.trim() === ${JSON.stringify(name)}`;
  const practiceName = async (page: Page) => (await page.getByTestId('practice-name').textContent())?.trim();

  it('switches between practices from the account menu, with the role held in each', async () => {
    const page = await (await h.newContext()).newPage();
    await signIn(page, email, PASSWORD);
    await page.waitForURL('**/calendar');
    jestExpect(await practiceName(page)).toBe('Bright Smiles Dental');
    // Admin here: the audit log is in the navigation; the Inbox counts this practice's urgent comment.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).waitFor();
    jestExpect((await page.locator('[data-nav-urgent=inbox]').textContent())?.trim()).toBe('1');

    await openMenu(page);
    const switcher = page.getByRole('group', { name: 'Your practices' });
    await switcher.getByRole('button', { name: /Bright Smiles Dental/ }).waitFor();
    jestExpect(await switcher.getByRole('button', { name: /Bright Smiles Dental/ }).getAttribute('aria-current')).toBe(
      'true',
    );
    await switcher.getByRole('button', { name: /Harbor Pediatrics.*Join/ }).waitFor();
    jestExpect(await seriousAxeViolations(page)).toEqual([]);
    await h.screenshot(page, 'practice-switcher-menu', false);

    await switcher.getByRole('button', { name: /Lakeside Family Medicine/ }).click();
    await page.waitForFunction(shows('Lakeside Family Medicine'));
    jestExpect(page.url()).toMatch(/\/calendar$/);
    // An author there: no audit log, and the API answers in Lakeside's name.
    jestExpect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).count(),
    ).toBe(0);
    const practice = await page.evaluate(async () => (await fetch('/api/practice')).json());
    jestExpect(practice).toMatchObject({ name: 'Lakeside Family Medicine' });
    const users = await page.evaluate(async () => (await fetch('/api/users')).status);
    jestExpect(users).toBe(403);
    // The inbox is Lakeside's: no urgent badge from Bright Smiles, and only Lakeside's comment on the page.
    jestExpect(await page.locator('[data-nav-urgent=inbox]').count()).toBe(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Inbox/ }).click();
    await page.waitForURL('**/inbox');
    await page.getByText('Lakeside comment', { exact: false }).first().waitFor();
    jestExpect(await page.getByText('Bright Smiles comment', { exact: false }).count()).toBe(0);

    // Joining the invited practice from the menu switches to it.
    await openMenu(page);
    await page
      .getByRole('group', { name: 'Your practices' })
      .getByRole('button', { name: /Harbor Pediatrics/ })
      .click();
    await page.waitForFunction(shows('Harbor Pediatrics'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).waitFor();
    const list = (await page.evaluate(async () => (await fetch('/api/me/practices')).json())) as Array<{
      name: string;
      status: string;
    }>;
    jestExpect(list.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['Bright Smiles Dental', 'member'],
      ['Harbor Pediatrics', 'member'],
      ['Lakeside Family Medicine', 'member'],
    ]);
  });

  it('fits a phone with the menu open', async () => {
    const page = await (await h.newContext({ width: 390, height: 844, mobile: true })).newPage();
    await signIn(page, email, PASSWORD);
    await openMenu(page);
    await page.getByRole('group', { name: 'Your practices' }).waitFor();
    const overflow = await horizontalOverflow(page);
    jestExpect(overflow.wide).toEqual([]);
    await h.screenshot(page, 'practice-switcher-phone', false);
    jestExpect(c.practiceId).toBeTruthy();
  });
});
