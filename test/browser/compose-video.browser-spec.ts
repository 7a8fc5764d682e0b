// A video in the composer (browser): the file is uploaded, its facts (size, type, length, frame rate) show on its
// row, each network's preview plays it, and a network that would refuse it says so live with Submit off: Google
// takes no video, and a 2-second clip is too short for an Instagram reel.
import { expect as jestExpect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { testMp4 } from '../support/test-video';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(90_000);

describe('a video in the composer (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let page: Page;

  beforeAll(async () => {
    // Instagram downloads the video from PUBLIC_URL, so it must look public; the page itself is served over http.
    h = await startBrowserHarness({ PUBLIC_URL: 'https://planner.example-dental.com', COOKIE_SECURE: 'false' });
    practice = await createPractice(h.t, 'Cedar Grove Dental', 'America/Denver');
    author = await practice.user(['author']);
    const repo = h.t.app.get(DataSource).getRepository(SocialAccount);
    for (const [network, name, externalId] of [
      ['instagram', 'Cedar Grove on Instagram', '17841400000000888'],
      ['facebook', 'Cedar Grove Dental Page', '100000000000888'],
      ['google_business', 'Cedar Grove Dental (Main St)', 'accounts/1/locations/888'],
    ] as const)
      await repo.save(
        repo.create({
          practiceId: practice.practiceId,
          network,
          externalId,
          name,
          handle: null,
          status: 'connected',
          cadence: null,
          evergreenFill: false,
        }),
      );
    page = await (await h.newContext()).newPage();
    await signIn(page, author.email, PASSWORD);
  });
  afterAll(async () => {
    await h?.close();
  });

  const submit = () => page.getByRole('button', { name: 'Submit for review' });
  const problems = () => page.locator('[data-media-problems]');
  const uploadVideo = (name: string, bytes: Buffer) =>
    page.getByLabel('Upload image or video 1').setInputFiles({ name, mimeType: 'video/mp4', buffer: bytes });

  it('uploads a video, shows its facts and plays it in the previews; Google refuses it live, Submit stays off', async () => {
    await page.goto('/posts/new');
    await page.getByRole('checkbox', { name: /Cedar Grove on Instagram/ }).check();
    await page.getByRole('checkbox', { name: /Cedar Grove Dental Page/ }).check();
    await page.locator('#text-base').fill('A one-minute tour of our new office.');
    await uploadVideo('tour.mp4', testMp4('browser tour', { seconds: 12 }));
    await page
      .locator('[data-media-item="0"] [data-media-facts]')
      .getByText('1080 × 1920 · MP4 · 0:12 · 30 fps')
      .waitFor();
    await page.locator('[data-media-item="0"] [data-video-thumb]').waitFor();
    await page.locator('[data-media-count]').getByText('1 video').waitFor();
    await page
      .getByLabel('Image description (alt text) (image 1)')
      .fill('A walk from the front desk to the exam rooms');
    for (const network of ['instagram', 'facebook'])
      await page.locator(`[data-preview="${network}"] video[data-preview-video]`).waitFor();
    jestExpect(await submit().isEnabled()).toBe(true);

    await page.getByRole('checkbox', { name: /Cedar Grove Dental \(Main St\)/ }).check();
    const refusal =
      "Google Business Profile posts take a photo, not a video: Google's API publishes no video in a post.";
    await problems().getByText(refusal).waitFor();
    await page.locator('[data-preview="google_business"] [data-preview-image-problem]').getByText(refusal).waitFor();
    jestExpect(await submit().isDisabled()).toBe(true);
    await h.screenshot(page, '66-compose-video-google-refused');

    await page.getByRole('checkbox', { name: /Cedar Grove Dental \(Main St\)/ }).uncheck();
    await problems().waitFor({ state: 'hidden' });
    jestExpect(await submit().isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}/);
    const postId = new URL(page.url()).pathname.split('/')[2];
    const saved = (
      await h.t.http
        .get(`/api/posts/${postId}`)
        .set(await bearerOf(page))
        .expect(200)
    ).body;
    jestExpect(saved.media).toEqual([
      jestExpect.objectContaining({ mimeType: 'video/mp4', durationMs: 12_000, codec: 'h264', frameRate: 30 }),
    ]);

    // Submitted, the reviewer watches the very video on the review page before approving it.
    await h.t.http
      .post(`/api/posts/${postId}/submit`)
      .set(await bearerOf(page))
      .expect(200);
    const reviewer = await practice.user(['reviewer']);
    const reviewPage = await (await h.newContext()).newPage();
    await signIn(reviewPage, reviewer.email, PASSWORD);
    await reviewPage.goto('/review');
    const player = reviewPage.locator('[data-review-video]');
    await player.waitFor();
    jestExpect(await player.getAttribute('src')).toBe(saved.media[0].url);
    await reviewPage.close();
  });

  it('a 2-second clip is too short for an Instagram reel: said on the page before submission', async () => {
    await page.goto('/posts/new');
    await page.getByRole('checkbox', { name: /Cedar Grove on Instagram/ }).check();
    await page.locator('#text-base').fill('Smile!');
    await uploadVideo('clip.mp4', testMp4('browser clip', { seconds: 2 }));
    await problems()
      .getByText('Instagram takes videos from 3 seconds to 15 minutes long; the video is 2 seconds (too short).')
      .waitFor();
    jestExpect(await submit().isDisabled()).toBe(true);
  });
});
