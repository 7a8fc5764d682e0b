// What happened to a post on each network, and the buttons to act on it, in Chromium against the HTTPS network
// fakes: Publish now (with its confirmation) with LinkedIn failing shows "2 of 3 published" with each network's
// result; Retry LinkedIn; Unschedule; Duplicate; Delete; the buttons each role sees; the reconnect button; a phone.
import { expect as jestExpect } from '@jest/globals';
import { DateTime } from 'luxon';
import { Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import type { RunningFakes } from '../fakes';
import { startFakes } from '../fakes';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { connectFakeAccounts, FakeAccounts } from '../support/fake-accounts';
import { BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { horizontalOverflow, seriousAxeViolations } from './support/page-checks';
import { signIn } from './support/sign-in';

jest.setTimeout(120_000);

const ZONE = 'America/Chicago';

describe('results per network and post actions (browser)', () => {
  let fakes: RunningFakes;
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts;
  let authorPage: Page;
  let reviewerPage: Page;
  let partlyPublished: string;

  const when = DateTime.now().setZone(ZONE).plus({ days: 2 }).set({ hour: 10, minute: 0 });

  /** Created by the author and approved by the reviewer through the API: scheduled two days ahead. */
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
  const apiView = async (id: string) => (await h.t.http.get(`/api/posts/${id}`).set(bearer(reviewer))).body;
  const actionButtons = async (page: Page) =>
    page.locator('.post-actions .action-row button').evaluateAll((els) => els.map((e) => e.textContent?.trim()));
  const result = (page: Page, network: string) => page.locator(`.result[data-network="${network}"]`);

  beforeAll(async () => {
    fakes = await startFakes();
    h = await startBrowserHarness({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile! });
    practice = await createPractice(h.t, 'Riverside Pediatric Dentistry', ZONE);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = await connectFakeAccounts(h.t, fakes, practice.practiceId);
    authorPage = await (await h.newContext()).newPage();
    reviewerPage = await (await h.newContext()).newPage();
    await signIn(authorPage, author.email, PASSWORD);
    await signIn(reviewerPage, reviewer.email, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
    await fakes?.close();
  });

  it('publishes now after a confirmation and shows "2 of 3 published" with each network\'s result', async () => {
    partlyPublished = await approvedPost('Free fluoride varnish for kids this week', ['facebook', 'linkedin', 'x']);
    // The author cannot publish; the reviewer can.
    await authorPage.goto(`/posts/${partlyPublished}`);
    jestExpect(await actionButtons(authorPage)).toEqual(['Unschedule', 'Duplicate']);
    await reviewerPage.goto(`/posts/${partlyPublished}`);
    jestExpect(await actionButtons(reviewerPage)).toEqual(['Publish now', 'Unschedule']);

    fakes.linkedin.fail({ kind: 'rejected_content', operation: 'publish', message: 'Content is not allowed' });
    await reviewerPage.getByRole('button', { name: 'Publish now' }).click();
    const dialog = reviewerPage.getByRole('dialog', { name: 'Publish this post now?' });
    await dialog.getByText('It goes out on Facebook, LinkedIn and X at once').waitFor();
    // The confirmation, open, passes axe-core like the page.
    jestExpect(await seriousAxeViolations(reviewerPage)).toEqual([]);
    // Cancelling sends nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    jestExpect(fakes.facebook.posts()).toHaveLength(0);

    await reviewerPage.getByRole('button', { name: 'Publish now' }).click();
    await dialog.getByRole('button', { name: 'Publish now' }).click();
    await reviewerPage.locator('[data-results-status]').getByText('2 of 3 published').waitFor();
    await reviewerPage.locator('.toast').first().waitFor();
    await reviewerPage.locator('h1 [data-post-status]').getByText('2 of 3 published').waitFor();

    const facebook = result(reviewerPage, 'facebook');
    await facebook.getByText('Published on Facebook').waitFor();
    await facebook
      .locator('.result-when')
      .getByText(/^Published /)
      .waitFor();
    const link = facebook.getByRole('link', { name: 'See the post on Facebook' });
    jestExpect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    await result(reviewerPage, 'x').getByText('Published on X').waitFor();
    const linkedin = result(reviewerPage, 'linkedin');
    await linkedin.getByText('Did not go out on LinkedIn').waitFor();
    await linkedin.getByText(/LinkedIn refused the content of this post\..*Content is not allowed/).waitFor();
    await linkedin.getByText('What to do:').waitFor();
    await linkedin.getByText(/^Last attempt /).waitFor();
    await reviewerPage.getByText('This post can no longer be edited here.').waitFor({ state: 'detached' });
    await h.screenshot(reviewerPage, '40-post-partly-published');

    // A post live somewhere offers no Delete, to anyone.
    await authorPage.goto(`/posts/${partlyPublished}`);
    jestExpect(await actionButtons(authorPage)).toEqual(['Duplicate']);
    jestExpect(await authorPage.getByRole('button', { name: 'Retry LinkedIn' }).count()).toBe(0);
  });

  it('shows the partial state on the calendar', async () => {
    await reviewerPage.goto('/calendar');
    await reviewerPage.locator('.fc-daygrid-day').first().waitFor();
    if (when.month !== DateTime.now().setZone(ZONE).month)
      await reviewerPage.getByRole('button', { name: 'Next month' }).click();
    const event = reviewerPage.locator(`.ev[data-post-id="${partlyPublished}"]`);
    await event.waitFor();
    jestExpect(await event.locator('.ev-status').textContent()).toBe('2 of 3 published');
    jestExpect(await event.getAttribute('data-status')).toBe('partly_published');
  });

  it('fits a 390 px phone and a desktop with the partial results, with no serious axe-core violation', async () => {
    for (const size of [
      { width: 390, height: 844, mobile: true },
      { width: 1280, height: 900, mobile: false },
    ]) {
      const page = await (await h.newContext(size)).newPage();
      await signIn(page, reviewer.email, PASSWORD);
      await page.goto(`/posts/${partlyPublished}`);
      await page.locator('[data-results-status]').getByText('2 of 3 published').waitFor();
      await page.waitForLoadState('networkidle');
      const overflow = await horizontalOverflow(page);
      jestExpect(overflow.wide).toEqual([]);
      jestExpect(overflow.scrollWidth).toBeLessThanOrEqual(size.width);
      jestExpect(await seriousAxeViolations(page)).toEqual([]);
      if (size.mobile) await h.screenshot(page, '41a-post-partly-published-phone');
    }
  });

  it('retries the failed network from its row', async () => {
    await reviewerPage.goto(`/posts/${partlyPublished}`);
    await result(reviewerPage, 'linkedin').getByRole('button', { name: 'Retry LinkedIn' }).click();
    await reviewerPage.locator('[data-results-status]').getByText('Published', { exact: true }).waitFor();
    await result(reviewerPage, 'linkedin').getByText('Published on LinkedIn').waitFor();
    jestExpect(fakes.linkedin.posts()).toHaveLength(1);
    jestExpect(fakes.facebook.posts()).toHaveLength(1);
    jestExpect((await apiView(partlyPublished)).status).toBe('published');
  });

  it('unschedules a post (off the calendar, still approved) and duplicates it into a new draft', async () => {
    const id = await approvedPost('Back-to-school checkups', ['facebook']);
    await authorPage.goto(`/posts/${id}`);
    await authorPage.getByRole('button', { name: 'Unschedule' }).click();
    await authorPage.getByText(/Unscheduled: it stays approved/).waitFor();
    await authorPage.locator('h1 [data-post-status]').getByText('Approved').waitFor();
    jestExpect(await apiView(id)).toMatchObject({ status: 'approved', scheduledAt: null });
    jestExpect(await authorPage.getByRole('button', { name: 'Unschedule' }).count()).toBe(0);

    await authorPage.getByRole('button', { name: 'Duplicate' }).click();
    await authorPage.waitForURL((url) => /^\/posts\/[0-9a-f-]{36}$/.test(url.pathname) && !url.pathname.endsWith(id));
    await authorPage.getByText('This is a copy, saved as a draft with no date.').waitFor();
    const copyId = new URL(authorPage.url()).pathname.split('/')[2];
    jestExpect(await apiView(copyId)).toMatchObject({ status: 'draft', scheduledAt: null });
  });

  it('deletes a post that went out nowhere, after a confirmation', async () => {
    const id = await approvedPost('Teething tips', ['x']);
    fakes.x.fail({ kind: 'rejected_content', operation: 'publish' });
    await h.t.http.post(`/api/posts/${id}/publish-now`).set(bearer(reviewer)).expect(200);
    jestExpect((await apiView(id)).status).toBe('failed');
    await authorPage.goto(`/posts/${id}`);
    jestExpect(await actionButtons(authorPage)).toEqual(['Duplicate', 'Delete']);
    await authorPage.getByRole('button', { name: 'Delete' }).click();
    const dialog = authorPage.getByRole('dialog', { name: 'Delete this post?' });
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await authorPage.waitForURL('**/calendar');
    await h.t.http.get(`/api/posts/${id}`).set(bearer(reviewer)).expect(404);
  });

  it('deletes a draft from its page after the same confirmation; a reviewer is not offered Delete', async () => {
    const draft = (
      await h.t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({ baseText: `Summer hours start Monday ${uniqueTag()}`, targetAccountIds: [accounts.facebook.id] })
        .expect(201)
    ).body.id as string;
    await reviewerPage.goto(`/posts/${draft}`);
    await reviewerPage.locator('main h1').waitFor();
    jestExpect(await reviewerPage.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);

    await authorPage.goto(`/posts/${draft}`);
    const dialog = authorPage.getByRole('dialog', { name: 'Delete this post?' });
    await authorPage.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await h.t.http.get(`/api/posts/${draft}`).set(bearer(author)).expect(200);
    await authorPage.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await authorPage.waitForURL('**/calendar');
    await h.t.http.get(`/api/posts/${draft}`).set(bearer(author)).expect(404);
    const audit = (await h.t.http.get('/api/audit?action=post.deleted').set(bearer(practice.admin)).expect(200)).body
      .items as Array<{ entityId: string }>;
    jestExpect(audit.map((e) => e.entityId)).toContain(draft);
  });

  it('a post live on one network and still trying another says so: never "Scheduled", and Publish now names only what is left', async () => {
    const id = await approvedPost('Sports mouthguards fitted this month', ['facebook', 'linkedin', 'x']);
    fakes.linkedin.fail({ kind: 'rejected_content', operation: 'publish', message: 'Content is not allowed' });
    const busy = fakes.x.fail({ kind: 'server_error', operation: 'publish', times: 'until_cleared' });
    try {
      await h.t.http.post(`/api/posts/${id}/publish-now`).set(bearer(reviewer)).expect(200);
      // X waits for its retry, so the post's stored status is scheduled (it can still be moved or cancelled)...
      jestExpect(await apiView(id)).toMatchObject({ status: 'scheduled', statusText: '1 of 3 published' });
      await reviewerPage.goto(`/posts/${id}`);
      // ...but a person reads that it is live on one of three.
      await reviewerPage.locator('h1 [data-post-status]').getByText('1 of 3 published').waitFor();
      await reviewerPage.locator('[data-results-status]').getByText('1 of 3 published').waitFor();
      // No "Approved and scheduled for … you can move it" banner over a post that is live.
      jestExpect(await reviewerPage.getByText(/^Approved and scheduled for/).count()).toBe(0);
      // LinkedIn's words once, not "Content is not allowed — Content is not allowed".
      const refused = await result(reviewerPage, 'linkedin').locator('[data-result-problem]').textContent();
      jestExpect(refused).toContain('LinkedIn said: "Content is not allowed"');
      // X is being tried again: said plainly, not in the red of a failure.
      const x = result(reviewerPage, 'x');
      await x.getByText('Trying again on X').waitFor();
      jestExpect(await x.locator('[data-result-problem]').getAttribute('class')).not.toMatch(/result-error/);
      // Publish now would send it to X only: Facebook has it already, LinkedIn refused it.
      await reviewerPage.getByText(/Publish now sends it to X at once/).waitFor();
      await reviewerPage.getByRole('button', { name: 'Publish now' }).click();
      const dialog = reviewerPage.getByRole('dialog', { name: 'Publish this post now?' });
      await dialog.getByText(/^It goes out on X at once/).waitFor();
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await h.screenshot(reviewerPage, '43-post-live-and-retrying');
    } finally {
      fakes.x.clearFaults(busy.id);
    }
  });

  it('fits a 390 px phone, results and actions included', async () => {
    const phone = await (await h.newContext({ width: 390, height: 844, mobile: true })).newPage();
    await signIn(phone, reviewer.email, PASSWORD);
    await phone.goto(`/posts/${partlyPublished}`);
    await phone.locator('.results').waitFor();
    // The sections this page adds (the compose form's own width is the phone-layout work's): nothing inside them
    // reaches past the screen's edge.
    const right = await phone.evaluate<number>(
      `Math.max(...[...document.querySelectorAll('[data-post-outcome] *')].filter((e) => !e.closest('dialog')).map((e) => e.getBoundingClientRect().right))`,
    );
    jestExpect(right).toBeLessThanOrEqual(390);
    await h.screenshot(phone, '41-post-results-phone');
  });

  it('offers Reconnect on every account row that needs it, to admins', async () => {
    await h.t.resources.dataSource
      .getRepository(SocialAccount)
      .update({ id: accounts.x.id }, { status: 'needs_reconnect', lastError: 'The sign-in was revoked' });
    const admin = await (await h.newContext()).newPage();
    await signIn(admin, practice.admin.email, PASSWORD);
    await admin.goto('/accounts');
    const row = (id: string) => admin.locator(`tr[data-account="${id}"]`);
    await row(accounts.x.id)
      .getByRole('button', { name: `Reconnect ${accounts.x.name} on X` })
      .waitFor();
    jestExpect(
      await row(accounts.facebook.id)
        .getByRole('button', { name: /^Reconnect/ })
        .count(),
    ).toBe(0);
    await h.screenshot(admin, '42-accounts-reconnect');
    await authorPage.goto('/accounts');
    jestExpect(await authorPage.getByRole('button', { name: /^Reconnect/ }).count()).toBe(0);
    await authorPage.locator(`tr[data-account="${accounts.x.id}"]`).getByText('An admin can reconnect it.').waitFor();
  });
});
