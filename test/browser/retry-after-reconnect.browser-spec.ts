// A network that refused a post because its account needs reconnecting, in Chromium against the HTTPS fakes: the
// post page says what happened and what to do, Retry stays off until the reconnect, the admin reconnects through the
// Accounts page's Reconnect button (the network's sign-in), the reconnect alert closes with its cause, and Retry (on
// the post, for reviewers and admins only; or "Retry failed posts" on the account) publishes it once.
import { expect as jestExpect } from '@jest/globals';
import { DateTime } from 'luxon';
import { BrowserContext, Page } from 'playwright-core';
import { startFakes, type RunningFakes } from '../fakes';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { connectFakeAccounts, FakeAccounts } from '../support/fake-accounts';
import { BrowserHarness, freePort, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(150_000);

const ZONE = 'America/Chicago';

describe('retry after a reconnect (browser)', () => {
  let fakes: RunningFakes;
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;
  const contexts: BrowserContext[] = [];
  let adminPage: Page;
  let reviewerPage: Page;
  let authorPage: Page;
  let postId: string;

  const when = DateTime.now().setZone(ZONE).plus({ days: 3 }).set({ hour: 11, minute: 0 });

  async function approvedPost(text: string, networks: Array<keyof FakeAccounts>): Promise<string> {
    const api = h.t.http;
    const post = (
      await api
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: `${text} ${uniqueTag()}`,
          targetAccountIds: networks.map((n) => accounts[n].id),
          scheduledFor: when.toFormat("yyyy-LL-dd'T'HH:mm"),
        })
        .expect(201)
    ).body;
    await api.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await api.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    await api
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    return post.id;
  }
  /** Facebook refuses the Page's permissions on the next publish: the post fails there, the account needs a reconnect. */
  async function publishWithFacebookRefused(id: string): Promise<void> {
    fakes.facebook.fail({ kind: 'permission_denied', operation: 'publish' });
    await h.t.http.post(`/api/posts/${id}/publish-now`).set(bearer(reviewer)).expect(200);
  }
  const facebookResult = (page: Page) => page.locator('.result[data-network="facebook"]');
  const openAlerts = async () =>
    (await h.t.http.get('/api/alerts?open=true').set(bearer(reviewer)).expect(200)).body as Array<{
      kind: string;
      title: string;
    }>;

  /** Pages that can follow the network's sign-in (the fakes' certificate is made at test start). */
  async function pageFor(email: string): Promise<Page> {
    const context = await h.browser.newContext({
      baseURL: h.baseUrl,
      ignoreHTTPSErrors: true,
      locale: 'en-US',
      timezoneId: ZONE,
      viewport: { width: 1280, height: 900 },
    });
    context.setDefaultTimeout(20_000);
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, email, PASSWORD);
    return page;
  }

  beforeAll(async () => {
    fakes = await startFakes();
    const port = await freePort();
    // OAuth callbacks go to PUBLIC_URL, so it is the address the browser uses.
    h = await startBrowserHarness(
      { ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL: `http://127.0.0.1:${port}` },
      port,
    );
    practice = await createPractice(h.t, 'Harbor Kids Dental', ZONE);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = await connectFakeAccounts(h.t, fakes, practice.practiceId);
    adminPage = await pageFor(practice.admin.email);
    reviewerPage = await pageFor(reviewer.email);
    authorPage = await pageFor(author.email);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await h?.close();
    await fakes?.close();
  });

  it('says what happened and what to do, and keeps Retry off while the account needs reconnecting', async () => {
    postId = await approvedPost('Sealant day for school-age kids', ['facebook', 'x']);
    await publishWithFacebookRefused(postId);

    await reviewerPage.goto(`/posts/${postId}`);
    await reviewerPage.locator('[data-results-status]').getByText('1 of 2 published').waitFor();
    const facebook = facebookResult(reviewerPage);
    await facebook.getByText('Did not go out on Facebook').waitFor();
    await facebook.locator('.result-error').waitFor();
    await facebook
      .locator('.result-next')
      .getByText(/Reconnect the Facebook account .* under Accounts, then press Retry/)
      .waitFor();
    // A retry cannot help before the reconnect: no button that would only be refused.
    jestExpect(await reviewerPage.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
    await h.screenshot(reviewerPage, '80-post-waiting-for-reconnect');

    // The cause is open: the account's reconnect alert and the post's failure, both in Alerts.
    const kinds = (await openAlerts()).map((a) => a.kind).sort();
    jestExpect(kinds).toEqual(['needs_reconnect', 'target_failed']);
    await reviewerPage.goto('/alerts');
    await reviewerPage.locator('[data-alert]', { hasText: 'A Facebook post did not go out' }).waitFor();
    await reviewerPage.locator('[data-alert]', { hasText: /Reconnect .* on Facebook/ }).waitFor();
  });

  it('an admin reconnects from Accounts through the network’s sign-in, and the reconnect alert closes', async () => {
    await adminPage.goto('/accounts');
    const row = adminPage.locator(`tr[data-account="${accounts.facebook.id}"]`);
    await row.getByRole('button', { name: `Reconnect ${accounts.facebook.name} on Facebook` }).click();
    // Facebook Login through the fake; a person who manages two Pages picks the one to reconnect.
    const pick = adminPage.getByRole('heading', { name: /Choose the Facebook .* to connect/ });
    await Promise.race([pick.waitFor(), adminPage.getByText(/account was (re)?connected/).waitFor()]);
    if (await pick.isVisible()) {
      await adminPage.getByRole('checkbox', { name: new RegExp(accounts.facebook.name) }).check();
      await adminPage.getByRole('button', { name: 'Connect the chosen pages' }).click();
    }
    await adminPage.getByText(/account was (re)?connected/).waitFor();
    await adminPage
      .locator(`tr[data-account="${accounts.facebook.id}"]`)
      .getByText('Connected', { exact: true })
      .waitFor();

    // The reconnect ends the account's alert; the post's own failure stays open until it goes out.
    jestExpect((await openAlerts()).map((a) => a.kind)).toEqual(['target_failed']);
    await reviewerPage.goto('/alerts');
    await reviewerPage.locator('[data-alert]', { hasText: 'A Facebook post did not go out' }).waitFor();
    jestExpect(await reviewerPage.locator('[data-alert]', { hasText: /Reconnect .* on Facebook/ }).count()).toBe(0);
    jestExpect(await reviewerPage.locator('[data-nav-count="alerts"]').textContent()).toBe('1');
  });

  it('Retry is there for reviewers and admins, not authors, and publishes the failed network once', async () => {
    await authorPage.goto(`/posts/${postId}`);
    await facebookResult(authorPage).getByText('Did not go out on Facebook').waitFor();
    jestExpect(await authorPage.getByRole('button', { name: /^Retry/ }).count()).toBe(0);

    await reviewerPage.goto(`/posts/${postId}`);
    await facebookResult(reviewerPage).getByRole('button', { name: 'Retry Facebook' }).click();
    await reviewerPage.locator('[data-results-status]').getByText('Published', { exact: true }).waitFor();
    await facebookResult(reviewerPage).getByText('Published on Facebook').waitFor();
    await facebookResult(reviewerPage).getByRole('link', { name: 'See the post on Facebook' }).waitFor();
    jestExpect(fakes.facebook.posts()).toHaveLength(1);
    jestExpect(fakes.x.posts()).toHaveLength(1);
    // Its failure alert closed with it: nothing is open, and the badge is gone.
    jestExpect(await openAlerts()).toEqual([]);
    await reviewerPage.goto('/alerts');
    await reviewerPage.locator('.empty').waitFor();
    jestExpect(await reviewerPage.locator('[data-nav-count="alerts"]').count()).toBe(0);
  });

  it('"Retry failed posts" on the account row retries every post that account failed, after a reconnect', async () => {
    const first = await approvedPost('Open late on Thursdays', ['facebook']);
    await publishWithFacebookRefused(first);
    await adminPage.goto('/accounts');
    const row = () => adminPage.locator(`tr[data-account="${accounts.facebook.id}"]`);
    // Before the reconnect the row offers Reconnect, and a retry is not offered yet.
    await row()
      .getByRole('button', { name: /^Reconnect/ })
      .waitFor();
    jestExpect(
      await row()
        .getByRole('button', { name: /^Retry/ })
        .count(),
    ).toBe(0);

    await row()
      .getByRole('button', { name: /^Reconnect/ })
      .click();
    const pick = adminPage.getByRole('heading', { name: /Choose the Facebook .* to connect/ });
    await Promise.race([pick.waitFor(), adminPage.getByText(/account was (re)?connected/).waitFor()]);
    if (await pick.isVisible()) {
      await adminPage.getByRole('checkbox', { name: new RegExp(accounts.facebook.name) }).check();
      await adminPage.getByRole('button', { name: 'Connect the chosen pages' }).click();
    }
    await adminPage.getByText(/account was (re)?connected/).waitFor();
    await adminPage.goto('/accounts');
    await row().getByText('1 failed post can be retried').waitFor();
    await h.screenshot(adminPage, '81-accounts-retry-failed');
    await row()
      .getByRole('button', { name: `Retry 1 failed post on ${accounts.facebook.name}` })
      .click();
    await adminPage.locator('.toast').getByText('1 of 1 published').waitFor();
    jestExpect(fakes.facebook.posts()).toHaveLength(2);
    jestExpect((await h.t.http.get(`/api/posts/${first}`).set(bearer(reviewer)).expect(200)).body.status).toBe(
      'published',
    );
    // An author sees the account, never the retry.
    await authorPage.goto('/accounts');
    await authorPage.locator(`tr[data-account="${accounts.facebook.id}"]`).waitFor();
    jestExpect(await authorPage.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
  });
});
