// The Inbox page in Chromium against the HTTPS network fakes: urgent first with badge counts in the navigation,
// filters by label, network and status, the thread with our original post, one-click hide, a ready reply as a
// template with the PHI checker live (a blocked reply cannot be sent), approval by a reviewer, a reply sent back
// with a note, and the page on
// a 390 px phone with no serious or critical axe-core violation.
import { expect as jestExpect } from '@jest/globals';
import { Page } from 'playwright-core';
import { InboxReply } from '@app/inbox';
import type { RunningFakes } from '../fakes';
import { startFakes } from '../fakes';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { facebookPageWithPost, syncedComment } from '../support/inbox-fixture';
import { BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { horizontalOverflow, seriousAxeViolations } from './support/page-checks';
import { signIn } from './support/sign-in';

jest.setTimeout(120_000);

const URGENT = "had a tooth pulled yesterday, now my face is swelling and it's hard to swallow";
const PARKING = 'Do you have parking near the office?';
const CONFIRMS_CARE = "We're glad your visit went well, see you at your next cleaning!";

describe('the Inbox page (browser)', () => {
  let fakes: RunningFakes;
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let urgentId: string;
  let parkingId: string;
  let parkingExternal: string;

  beforeAll(async () => {
    fakes = await startFakes();
    h = await startBrowserHarness({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile! });
    practice = await createPractice(h.t, 'Lakeside Dental', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    const { fbPostId } = await facebookPageWithPost(h.t, fakes, author, 'Open late on Thursdays!');
    const parking = fakes.facebook.addComment(fbPostId, { message: PARKING, createdTime: Date.now() - 60_000 });
    const urgent = fakes.facebook.addComment(fbPostId, { message: URGENT, createdTime: Date.now() - 120_000 });
    parkingExternal = parking.id;
    parkingId = (await syncedComment(h.t, author, parking.id)).id;
    urgentId = (await syncedComment(h.t, author, urgent.id)).id;
  });

  afterAll(async () => {
    await h?.close();
    await fakes?.close();
  });

  const firstItem = (page: Page) => page.locator('[data-inbox-list] [data-comment]').first();

  it('lists urgent first with badge counts in the navigation, and filters by label, network and status', async () => {
    const page = await (await h.newContext()).newPage();
    await signIn(page, author.email, PASSWORD);
    await page.goto('/inbox');
    jestExpect(await firstItem(page).getAttribute('data-comment')).toBe(urgentId);
    jestExpect(await page.locator('[data-nav-urgent="inbox"]').textContent()).toBe('1');
    jestExpect(await page.locator('[data-nav-count="inbox"]').textContent()).toBe('2');
    // The urgent comment is selected: its thread shows our post and why it is urgent.
    await page.getByText('Our post').waitFor();
    await page.getByText('Possible emergency.').waitFor();
    await h.screenshot(page, '70-inbox');
    await page.getByLabel('Label').selectOption('praise');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing here').waitFor();
    await page.getByLabel('Label').selectOption('');
    await page.getByLabel('Network').selectOption('facebook');
    await page.getByRole('button', { name: 'Show' }).click();
    jestExpect(await page.locator('[data-inbox-list] [data-comment]').count()).toBe(2);
    await page.getByLabel('Network').selectOption('linkedin');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.getByText('Nothing here').waitFor();
    await page.goto('/inbox?status=handled');
    await page.getByText('Nothing here').waitFor();
  });

  it('hides with one click, checks a reply live, refuses a blocked one and sends a template for approval', async () => {
    const page = await (await h.newContext()).newPage();
    await signIn(page, author.email, PASSWORD);
    await page.goto(`/inbox?c=${parkingId}`);
    await page.getByRole('button', { name: 'Hide', exact: true }).click();
    await page.getByRole('button', { name: 'Show again' }).waitFor();
    jestExpect(fakes.facebook.comments.find((c) => c.id === parkingExternal)!.isHidden).toBe(true);
    const box = page.getByLabel('Your reply');
    await box.fill(CONFIRMS_CARE);
    await page.getByText('This reply cannot be sent').waitFor();
    jestExpect(await page.locator('[data-reply-send]').isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'General' }).click();
    await page.getByText('No privacy problems found.').waitFor();
    await page.getByRole('button', { name: 'Send for approval' }).click();
    await page.getByText('Waiting for a reviewer').first().waitFor();
    const reply = await h.t.resources.dataSource
      .getRepository(InboxReply)
      .findOneByOrFail({ practiceId: practice.practiceId, commentId: parkingId });
    jestExpect(reply.status).toBe('in_review');
    // Its writer cannot approve it here.
    jestExpect(await page.locator('[data-approve-reply]').count()).toBe(0);
  });

  it('a reviewer approves the waiting reply from the inbox', async () => {
    const page = await (await h.newContext()).newPage();
    await signIn(page, reviewer.email, PASSWORD);
    await page.goto('/inbox');
    await page.getByRole('button', { name: 'Approve and send' }).click();
    await page.waitForLoadState('load');
    const reply = await h.t.resources.dataSource
      .getRepository(InboxReply)
      .findOneByOrFail({ practiceId: practice.practiceId, commentId: parkingId });
    jestExpect(['approved', 'sending', 'sent']).toContain(reply.status);
    jestExpect(reply.approvedById).toBe(reviewer.id);
  });

  it('a reviewer sends a reply back to its writer with a note, which the writer sees', async () => {
    const text = "Thanks for asking! We can't discuss anyone's care here; please call us and we'll help.";
    const written = (await h.t.http.post(`/api/inbox/${urgentId}/reply`).set(bearer(author)).send({ text }).expect(201))
      .body as { id: string };
    const page = await (await h.newContext()).newPage();
    await signIn(page, reviewer.email, PASSWORD);
    await page.goto('/inbox');
    const item = page.locator(`[data-waiting-reply="${written.id}"]`);
    await item.getByText('Request changes').click();
    // Without a note the writer would not know what to change: refused before anything is sent.
    await item.getByRole('button', { name: 'Send back to the writer' }).click();
    await page.getByText('Say what should change').waitFor();
    await item.getByLabel('What should the writer change?').fill('Please add our after-hours number for emergencies.');
    await item.getByRole('button', { name: 'Send back to the writer' }).click();
    await page.waitForLoadState('load');
    const reply = await h.t.resources.dataSource.getRepository(InboxReply).findOneByOrFail({ id: written.id });
    jestExpect(reply.status).toBe('changes_requested');
    jestExpect(reply.reviewNote).toBe('Please add our after-hours number for emergencies.');
    const writer = await (await h.newContext()).newPage();
    await signIn(writer, author.email, PASSWORD);
    await writer.goto(`/inbox?status=all&c=${urgentId}`);
    await writer.getByText('Reviewer: Please add our after-hours number for emergencies.').waitFor();
  });

  it('fits a 390 px phone and has no serious or critical axe-core violations', async () => {
    const page = await (await h.newContext({ width: 390, height: 844, mobile: true })).newPage();
    await signIn(page, author.email, PASSWORD);
    const problems: string[] = [];
    for (const path of ['/inbox', `/inbox?status=all&c=${parkingId}`, '/inbox?label=praise']) {
      await page.goto(path);
      await page.waitForLoadState('load');
      const overflow = await horizontalOverflow(page);
      if (overflow.scrollWidth > 390 || overflow.wide.length)
        problems.push(`${path}: ${overflow.scrollWidth}px wide; past the edge: ${overflow.wide.join(', ')}`);
      for (const v of await seriousAxeViolations(page))
        problems.push(`${path}: axe ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
    }
    await h.screenshot(page, '71-inbox-phone');
    jestExpect(problems).toEqual([]);
  });
});
