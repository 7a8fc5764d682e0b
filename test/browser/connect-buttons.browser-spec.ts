// The Accounts page's Connect buttons for Instagram and Google Business Profile, clicked in the browser: each goes
// through the network's sign-in (the HTTPS fakes, which send the browser straight back) and ends connected; Google
// first asks which of the practice's locations to post to.
import { expect as jestExpect } from '@jest/globals';
import { BrowserContext, Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import { startFakes, type RunningFakes } from '../fakes';
import { createPractice, PASSWORD, TestPractice } from '../support/factories';
import { BrowserHarness, freePort, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(120_000);

describe('Connect buttons for Instagram and Google (browser)', () => {
  let fakes: RunningFakes;
  let h: BrowserHarness;
  let practice: TestPractice;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    fakes = await startFakes();
    const port = await freePort();
    // OAuth callbacks go to PUBLIC_URL, so it is the address the browser uses.
    h = await startBrowserHarness(
      { ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL: `http://127.0.0.1:${port}` },
      port,
    );
    practice = await createPractice(h.t, 'Lakeside Family Dental', 'America/Chicago');
    // The fakes' certificate is made at test start; the browser is told to accept it, as the app trusts its CA.
    context = await h.browser.newContext({ baseURL: h.baseUrl, ignoreHTTPSErrors: true, locale: 'en-US' });
    context.setDefaultTimeout(20_000);
    page = await context.newPage();
    await signIn(page, practice.admin.email, PASSWORD);
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
    await fakes?.close();
  });

  const accounts = () =>
    h.t.resources.dataSource.getRepository(SocialAccount).findBy({ practiceId: practice.practiceId });

  it('Connect Instagram signs in through Facebook and connects the Page linked account', async () => {
    await page.goto('/accounts');
    await page.getByRole('button', { name: /Connect an? Instagram/ }).click();
    await page.waitForURL((url) => url.pathname === '/accounts' && url.searchParams.has('connected'));
    await page.getByText(/account was connected/).waitFor();
    jestExpect((await accounts()).map((a) => [a.network, a.handle])).toEqual([['instagram', '@smiledentalstudio']]);
    await page.getByRole('row', { name: /@smiledentalstudio/ }).waitFor();
  });

  it('Connect Google signs in with Google, then connects the locations the practice picks', async () => {
    await page.goto('/accounts');
    await page.getByRole('button', { name: /Connect an? Google Business Profile/ }).click();
    await page.getByRole('heading', { name: /Choose the Google Business Profile pages to connect/ }).waitFor();
    await page.getByRole('checkbox', { name: /Northside/ }).check();
    await page.getByRole('button', { name: 'Connect the chosen pages' }).click();
    await page.getByText(/account was connected/).waitFor();
    const google = (await accounts()).filter((a) => a.network === 'google_business');
    jestExpect(google.map((a) => a.name)).toEqual(['Smile Dental Studio – Northside']);
    jestExpect(google[0].refreshTokenEnc).not.toBeNull();
    await h.screenshot(page, '70-accounts-connected-instagram-google');
  });
});
