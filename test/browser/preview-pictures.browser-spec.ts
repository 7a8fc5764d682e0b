// The composer's previews as the account they go to, in Chromium against the HTTPS fakes: the LinkedIn page's logo
// and the Google location's profile photo (read by the daily profile check, as on connect) are drawn; a picture that
// does not load gives way to the account's initials, as does an account without one.
import { expect as jestExpect } from '@jest/globals';
import { BrowserContext, Page } from 'playwright-core';
import { SocialAccount, TokenRenewal } from '@app/accounts';
import { startFakes, type RunningFakes } from '../fakes';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { connectFakeAccounts, connectImageFetchingAccounts, FakeAccounts } from '../support/fake-accounts';
import { BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(120_000);

describe('account pictures in the previews (browser)', () => {
  let fakes: RunningFakes;
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let accounts: FakeAccounts;
  let google: SocialAccount;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fakes = await startFakes();
    h = await startBrowserHarness({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile! });
    practice = await createPractice(h.t, 'Willow Creek Dental', 'America/Chicago');
    author = await practice.user(['author']);
    accounts = await connectFakeAccounts(h.t, fakes, practice.practiceId);
    google = (await connectImageFetchingAccounts(h.t, fakes, practice.practiceId)).google;
    await h.t.app.get(TokenRenewal).verifyAll();
    // The fakes' certificate is made at test start: the browser accepts it, as the app trusts its CA.
    context = await h.browser.newContext({ baseURL: h.baseUrl, ignoreHTTPSErrors: true, locale: 'en-US' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await signIn(page, author.email, PASSWORD);
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
    await fakes?.close();
  });

  const preview = (network: string) => page.locator(`[data-preview="${network}"]`);
  const drawn = (network: string) =>
    preview(network)
      .locator('img[data-preview-picture]')
      .evaluate((img) => {
        // Loaded and decoded: a broken image is complete too, with no width.
        const image = img as unknown as { complete: boolean; naturalWidth: number };
        return image.complete && image.naturalWidth > 0;
      });

  it('shows the LinkedIn logo and the Google profile photo; a picture that does not load falls back to initials', async () => {
    const repo = h.t.resources.dataSource.getRepository(SocialAccount);
    const stored = async (id: string) => (await repo.findOneByOrFail({ id })).pictureUrl;
    jestExpect(await stored(accounts.linkedin.id)).toMatch(/\/dms-downloads\/logo-/);
    jestExpect(await stored(google.id)).toMatch(/\/__media\/gbp\/AF1QipProfile/);
    // X's fake names a picture it does not serve: the preview must not show a broken image.
    jestExpect(await stored(accounts.x.id)).toMatch(/avatar_normal\.jpg$/);

    await page.goto('/posts/new');
    await page.getByLabel('Post text').fill('New patients welcome this spring.');
    for (const name of [/Test linkedin/, /Test google_business/, /Test x/])
      await page.getByRole('checkbox', { name }).check();
    await preview('linkedin').locator('img[data-preview-picture]').waitFor();
    await page.waitForLoadState('networkidle');
    jestExpect(await drawn('linkedin')).toBe(true);
    jestExpect(await drawn('google_business')).toBe(true);
    const x = preview('x');
    await x.locator('[data-preview-initials]').waitFor();
    jestExpect(await x.locator('img[data-preview-picture]').count()).toBe(0);
    jestExpect(await x.locator('[data-preview-initials]').textContent()).toBe('TX');
    // Typing redraws the previews: the broken picture stays replaced, the good ones stay.
    await page.getByLabel('Post text').fill('New patients welcome this spring and summer.');
    await x.getByText('New patients welcome this spring and summer.').waitFor();
    jestExpect(await x.locator('img[data-preview-picture]').count()).toBe(0);
    jestExpect(await drawn('linkedin')).toBe(true);
    await h.screenshot(page, '35-compose-preview-pictures', false);

    // An account without a picture shows its initials.
    await repo.update({ id: accounts.linkedin.id }, { pictureUrl: null });
    await page.reload();
    await page.getByLabel('Post text').fill('Hello');
    await page.getByRole('checkbox', { name: /Test linkedin/ }).check();
    await preview('linkedin').locator('[data-preview-initials]').waitFor();
  });
});
