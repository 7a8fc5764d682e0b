// The compose and review flow in the browser: no draft left by a failed submit, alerts that close with their cause,
// words that match what happened, previews as the account, dated templates, and the calendar's preview and drag.
import { expect as jestExpect } from '@jest/globals';
import { DateTime } from 'luxon';
import { AlertsService } from '@app/alerts';
import { POST_STATUSES } from '@app/posts';
import { Page } from 'playwright-core';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { connectAccounts, signIn } from './support/sign-in';

jest.setTimeout(90_000);

const ZONE = 'America/Chicago';

describe('compose and review flow (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let authorPage: Page;
  let reviewerPage: Page;
  let accounts: { facebook: string; x: string };
  const day = DateTime.now().setZone(ZONE).plus({ months: 1 }).set({ day: 14 });

  beforeAll(async () => {
    h = await startBrowserHarness();
    practice = await createPractice(h.t, 'Bright Smiles Dental', ZONE);
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = await connectAccounts(h.t, practice.practiceId);
    authorPage = await (await h.newContext()).newPage();
    reviewerPage = await (await h.newContext()).newPage();
    await signIn(authorPage, author.email, PASSWORD);
    await signIn(reviewerPage, reviewer.email, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
  });

  const api = async (page: Page) => h.t.http.get('/api/posts?unscheduled=true&limit=500').set(await bearerOf(page));
  const countPosts = async () => ((await api(authorPage)).body as unknown[]).length;

  /** A post submitted through the API, in review. */
  async function inReview(
    text: string,
    when = `${day.toISODate()}T09:00`,
  ): Promise<{ id: string; scheduledAt: string }> {
    const created = await h.t.http
      .post('/api/posts')
      .set(await bearerOf(authorPage))
      .send({ baseText: text, targetAccountIds: [accounts.facebook], scheduledFor: when })
      .expect(201);
    await h.t.http
      .post(`/api/posts/${created.body.id}/submit`)
      .set(await bearerOf(authorPage))
      .expect(200);
    return created.body;
  }

  it('leaves no draft behind when submitting a new post fails, and keeps what was typed', async () => {
    const before = await countPosts();
    await authorPage.goto('/posts/new');
    await authorPage.getByLabel('Post text').fill('Our office is open late on Thursdays.');
    await authorPage.locator('[data-phi-verdict="pass"]').waitFor();
    await authorPage.getByRole('button', { name: 'Submit for review' }).click();
    // The reason in the page's own words (no field names), next to "Publish to".
    const error = authorPage.locator('[data-field="targetAccountIds"] .field-error');
    await error.getByText(/Choose at least one social account under “Publish to”/).waitFor();
    jestExpect(await error.textContent()).not.toMatch(/targetAccountIds/);
    jestExpect(new URL(authorPage.url()).pathname).toBe('/posts/new');
    jestExpect(await authorPage.getByLabel('Post text').inputValue()).toBe('Our office is open late on Thursdays.');
    jestExpect(await countPosts()).toBe(before);
    await h.screenshot(authorPage, '30-compose-submit-failed');
  });

  it('shows each preview as the account chosen, with its name', async () => {
    await authorPage.goto('/posts/new');
    await authorPage.getByLabel('Post text').fill('Flu shots are here.');
    await authorPage.getByRole('checkbox', { name: /Bright Smiles @brightsmiles/ }).check();
    const x = authorPage.locator('[data-preview="x"]');
    await x.locator('[data-preview-name]').getByText('Bright Smiles', { exact: true }).waitFor();
    await x.getByText('@brightsmiles · now').waitFor();
  });

  it('suggests the next occurrence of a dated template, never a past one', async () => {
    const today = DateTime.now().setZone(ZONE);
    const expected = today.month === 2 ? today.toISODate()! : `${today.month > 2 ? today.year + 1 : today.year}-02-01`;
    await authorPage.goto('/posts/new');
    await authorPage.getByLabel('Template', { exact: true }).selectOption('american-heart-month');
    jestExpect(await authorPage.getByLabel(/^Date/).inputValue()).toBe(expected);
    await authorPage
      .locator('[data-template-date]')
      .getByText(/next occurrence/)
      .waitFor();
    jestExpect(expected >= today.toISODate()!).toBe(true);
  });

  it('closes a "waiting for review" alert when the post is approved; the badge and the page agree', async () => {
    const post = await inReview('New patient forms are online now.');
    const alerts = h.t.app.get(AlertsService);
    for (const kind of ['approval_waiting', 'unapproved_near_slot'] as const)
      await alerts.raise(practice.practiceId, {
        kind,
        severity: 'warning',
        title: kind === 'approval_waiting' ? 'A post is waiting for review' : 'A post is not approved yet',
        message: 'Its time is near.',
        link: `/posts/${post.id}`,
        dedupeKey: `${kind}:${post.id}:${Date.parse(post.scheduledAt)}`,
      });
    await reviewerPage.goto('/alerts');
    const badge = reviewerPage.locator('[data-nav-count="alerts"]');
    jestExpect(await badge.textContent()).toBe('2');
    jestExpect(await reviewerPage.locator('[data-open-count]').textContent()).toBe('2 open');
    jestExpect(await reviewerPage.locator('[data-alert]').count()).toBe(2);

    await reviewerPage.goto('/review');
    const card = reviewerPage.locator(`[data-review-post="${post.id}"]`);
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.waitFor({ state: 'detached' });
    await reviewerPage.goto('/alerts');
    await reviewerPage.locator('.empty').waitFor();
    jestExpect(await reviewerPage.locator('[data-nav-count="alerts"]').count()).toBe(0);
    jestExpect(await reviewerPage.locator('[data-alert]').count()).toBe(0);
  });

  it('says "Moved", not "Draft saved", when an approved post moves; a read-only post is not titled "Edit post"', async () => {
    const post = await inReview('We are closed on Monday for staff training.');
    const seen = (
      await h.t.http
        .get(`/api/posts/${post.id}`)
        .set(await bearerOf(reviewerPage))
        .expect(200)
    ).body;
    await h.t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(await bearerOf(reviewerPage))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    await authorPage.goto(`/posts/${post.id}`);
    await authorPage.getByRole('heading', { level: 1, name: /Edit post/ }).waitFor();
    await authorPage.getByLabel(/^Time/).fill('10:30');
    await authorPage.getByRole('button', { name: 'Save changes' }).click();
    await authorPage
      .locator('.toast')
      .getByText(/^Moved to .*10:30 AM/)
      .waitFor();
    jestExpect(await authorPage.locator('.toast', { hasText: 'Draft saved' }).count()).toBe(0);

    // The reviewer cannot edit posts: the page is titled "Post", not "Edit post".
    await reviewerPage.goto(`/posts/${post.id}`);
    await reviewerPage.getByRole('heading', { level: 1, name: /^Post/ }).waitFor();
    jestExpect(await reviewerPage.getByRole('heading', { name: /Edit post/ }).count()).toBe(0);
    jestExpect(await reviewerPage.title()).not.toMatch(/Edit post/);
  });

  it('previews a post on hover and on focus, lists every status in the legend, and takes an undated draft dragged onto a day', async () => {
    const undated = await h.t.http
      .post('/api/posts')
      .set(await bearerOf(authorPage))
      .send({ baseText: 'Meet our new hygienist, Sam!', targetAccountIds: [accounts.facebook] })
      .expect(201);
    await authorPage.goto('/calendar');
    const legend = authorPage.locator('[data-legend] [data-legend-status]');
    jestExpect(await legend.count()).toBe(POST_STATUSES.length);
    jestExpect(await legend.evaluateAll((items) => items.map((i) => i.getAttribute('data-legend-status')))).toEqual([
      ...POST_STATUSES,
    ]);

    await authorPage.getByRole('button', { name: /^Next/ }).click();
    const event = authorPage.locator('.fc-event', { hasText: 'We are closed on Monday' });
    await event.waitFor();
    await event.hover();
    const peek = authorPage.locator('[data-post-peek]');
    await peek.getByText('We are closed on Monday for staff training.').waitFor();
    await h.screenshot(authorPage, '31-calendar-peek', false);
    await authorPage.mouse.move(0, 0);
    await peek.waitFor({ state: 'hidden' });
    await event.focus();
    await peek.getByText('We are closed on Monday for staff training.').waitFor();
    // The label is not cut off with an ellipsis on one line: it wraps.
    jestExpect(
      await event.locator('.ev-title').evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).whiteSpace),
    ).toBe('normal');

    const item = authorPage.locator(`[data-undated-post="${undated.body.id}"]`);
    const target = authorPage.locator(`td.fc-daygrid-day[data-date="${day.plus({ days: 2 }).toISODate()}"]`);
    const a = (await item.boundingBox())!;
    const b = (await target.boundingBox())!;
    await authorPage.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await authorPage.mouse.down();
    await authorPage.mouse.move(a.x + a.width / 2 + 5, a.y + a.height / 2 + 5, { steps: 5 });
    await authorPage.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 20 });
    await authorPage.mouse.up();
    await authorPage
      .locator('.toast')
      .getByText(/^Scheduled for/)
      .waitFor();
    await item.waitFor({ state: 'detached' });
    const after = (
      await h.t.http
        .get(`/api/posts/${undated.body.id}`)
        .set(await bearerOf(authorPage))
        .expect(200)
    ).body;
    jestExpect(after.scheduledLocal).toBe(`${day.plus({ days: 2 }).toISODate()}T09:00`);
  });
});
