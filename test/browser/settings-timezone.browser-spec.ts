// Correcting the practice's time zone on the Settings page, in Chromium: picking a new zone says which planned posts
// it affects and offers the choice (keep their local times, or keep the same moments); each choice moves the posts as
// it says, and the box fits a phone with no serious axe-core violation.
import { expect as jestExpect } from '@jest/globals';
import { DateTime } from 'luxon';
import { Page } from 'playwright-core';
import { bearer, createPractice, PASSWORD, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { horizontalOverflow, seriousAxeViolations } from './support/page-checks';
import { connectAccounts, signIn } from './support/sign-in';

jest.setTimeout(120_000);

describe('the time-zone choice on Settings (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let admin: Page;
  let postId: string;
  // A day well ahead, clear of any daylight-saving change between the zones used here.
  const day = DateTime.now().setZone('America/Chicago').plus({ days: 20 }).toISODate()!;

  const post = async (id: string) =>
    (await h.t.http.get(`/api/posts/${id}`).set(bearer(reviewer)).expect(200)).body as {
      timezone: string;
      scheduledLocal: string;
      scheduledAt: string;
    };
  const instant = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC().toISO()!;

  async function chooseZone(zone: string): Promise<void> {
    await admin.getByLabel('Time zone').selectOption(zone);
    await admin.locator('[data-zone-change]').waitFor();
  }
  async function save(): Promise<void> {
    await admin.getByRole('button', { name: /^Save/ }).click();
    await admin.locator('.toast').getByText('Practice profile saved').last().waitFor();
  }

  beforeAll(async () => {
    h = await startBrowserHarness();
    practice = await createPractice(h.t, 'Bayside Family Dentistry', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    const accounts = await connectAccounts(h.t, practice.practiceId);
    const created = await h.t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({
        baseText: `Flu shots for the whole family ${uniqueTag()}`,
        targetAccountIds: [accounts.facebook],
        scheduledFor: `${day}T09:00`,
      })
      .expect(201);
    postId = created.body.id;
    await h.t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(200);
    const seen = (await h.t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
    await h.t.http
      .post(`/api/posts/${postId}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    admin = await (await h.newContext()).newPage();
    await signIn(admin, practice.admin.email, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('says which planned posts a new zone affects, and keeps their local times by default', async () => {
    await admin.goto('/settings');
    // The zone it already has says nothing.
    jestExpect(await admin.locator('[data-zone-change]').isHidden()).toBe(true);
    await chooseZone('America/New_York');
    const box = admin.locator('[data-zone-change]');
    await box.getByText(/from America\/Chicago to America\/New_York affects 1 planned post\./).waitFor();
    // The summary uses the words of the choices under it.
    jestExpect(await box.locator('[data-zone-summary]').textContent()).toMatch(
      /Keep their local times: .* Keep the same moments: /,
    );
    jestExpect(await box.getByRole('radio', { name: /Keep their local times/ }).isChecked()).toBe(true);
    await h.screenshot(admin, '85-settings-timezone-choice', false);
    // Going back to the saved zone takes the question away.
    await admin.getByLabel('Time zone').selectOption('America/Chicago');
    await box.waitFor({ state: 'hidden' });

    await chooseZone('America/New_York');
    await box.getByText(/affects 1 planned post/).waitFor();
    await save();
    await box.waitFor({ state: 'hidden' });
    // 09:00 stays 09:00, now in New York: an hour earlier in UTC.
    const kept = await post(postId);
    jestExpect(kept).toMatchObject({ timezone: 'America/New_York', scheduledLocal: `${day}T09:00` });
    jestExpect(new Date(kept.scheduledAt).toISOString()).toBe(
      new Date(instant(`${day}T09:00`, 'America/New_York')).toISOString(),
    );
    await admin.goto(`/posts/${postId}`);
    jestExpect(await admin.getByLabel(/^Time/).inputValue()).toBe('09:00');
  });

  it('keeps the same moments when chosen: the post goes out when planned, shown at the new local time', async () => {
    const before = await post(postId);
    await admin.goto('/settings');
    await chooseZone('America/Denver');
    const box = admin.locator('[data-zone-change]');
    await box.getByText(/affects 1 planned post/).waitFor();
    await box.getByRole('radio', { name: /Keep the same moments/ }).check();
    await save();
    const moved = await post(postId);
    // 09:00 in New York is 07:00 in Denver, the same instant.
    jestExpect(moved).toMatchObject({ timezone: 'America/Denver', scheduledLocal: `${day}T07:00` });
    jestExpect(moved.scheduledAt).toBe(before.scheduledAt);
    await admin.goto(`/posts/${postId}`);
    jestExpect(await admin.getByLabel(/^Time/).inputValue()).toBe('07:00');
    const audit = (
      await h.t.http.get('/api/audit?action=practice.timezone_changed').set(bearer(practice.admin)).expect(200)
    ).body.items as Array<{ details: { to: string; choice: string } }>;
    jestExpect(audit.map((e) => [e.details.to, e.details.choice])).toEqual(
      expect.arrayContaining([
        ['America/New_York', 'keep_wall_times'],
        ['America/Denver', 'keep_instants'],
      ]),
    );
  });

  it('fits a 390 px phone with the choice open, with no serious or critical axe-core violations', async () => {
    const phone = await (await h.newContext({ width: 390, height: 844, mobile: true })).newPage();
    await signIn(phone, practice.admin.email, PASSWORD);
    await phone.goto('/settings');
    await phone.getByLabel('Time zone').selectOption('America/Los_Angeles');
    await phone
      .locator('[data-zone-change]')
      .getByText(/affects 1 planned post/)
      .waitFor();
    const overflow = await horizontalOverflow(phone);
    jestExpect(overflow.wide).toEqual([]);
    jestExpect(overflow.scrollWidth).toBeLessThanOrEqual(390);
    jestExpect(await seriousAxeViolations(phone)).toEqual([]);
    await h.screenshot(phone, '86-settings-timezone-phone');
  });
});
