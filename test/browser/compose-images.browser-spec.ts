// The composer's several images in the browser: adding two, reordering and removing one, each network's preview
// (Instagram's square carousel), and Instagram's aspect-ratio rule shown live, with Submit off and the reason,
// before anything is submitted; the API refuses the same post at submission with the same words.
import { expect as jestExpect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import { serveOriginsLocallyForTests } from '@app/publishing';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { IMAGE_HOST_ORIGIN, ImageHost, startImageHost, testJpeg } from '../support/image-host';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(90_000);

const ASPECT_REFUSAL = 'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 2 is 1080 × 1920';

describe('several images in the composer (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let page: Page;
  let images: ImageHost;

  beforeAll(async () => {
    images = await startImageHost();
    images.put('/square.jpg', testJpeg('square'));
    images.put('/portrait.jpg', testJpeg('portrait', { width: 1080, height: 1350 }));
    images.put('/phone.jpg', testJpeg('phone', { width: 1080, height: 1920 }));
    serveOriginsLocallyForTests({ [IMAGE_HOST_ORIGIN]: images.localUrl });
    // Instagram downloads images from PUBLIC_URL, so it must look public; the page itself is served over http here.
    h = await startBrowserHarness({ PUBLIC_URL: 'https://planner.example-dental.com', COOKIE_SECURE: 'false' });
    practice = await createPractice(h.t, 'Harbor Family Dental', 'America/New_York');
    author = await practice.user(['author']);
    const repo = h.t.app.get(DataSource).getRepository(SocialAccount);
    for (const [network, name, handle] of [
      ['instagram', 'Harbor on Instagram', '@harbordental'],
      ['x', 'Harbor Dental', '@harbordental'],
    ] as const)
      await repo.save(
        repo.create({
          practiceId: practice.practiceId,
          network,
          externalId: network === 'instagram' ? '17841400000000777' : '2244994945',
          name,
          handle,
          status: 'connected',
          cadence: null,
          evergreenFill: false,
        }),
      );
    page = await (await h.newContext()).newPage();
    await signIn(page, author.email, PASSWORD);
  });
  afterAll(async () => {
    serveOriginsLocallyForTests();
    await h?.close();
    await images?.close();
  });

  const address = (n: number) => page.getByLabel(`Image address (image ${n})`);
  const description = (n: number) => page.getByLabel(`Image description (alt text) (image ${n})`);
  const submit = () => page.getByRole('button', { name: 'Submit for review' });
  const problems = () => page.locator('[data-media-problems]');

  it('adds two images, refuses the tall one for Instagram before submission, and removes it', async () => {
    await page.goto('/posts/new');
    await page.getByRole('checkbox', { name: /Harbor on Instagram/ }).check();
    await page.locator('#text-base').fill('New smiles this week at the harbor office!');
    await address(1).fill(`${IMAGE_HOST_ORIGIN}/square.jpg`);
    await description(1).fill('Our front desk with flowers');
    await page.getByRole('button', { name: 'Add an image' }).click();
    // The new row's address has the focus, ready to type.
    jestExpect(await address(2).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await address(2).fill(`${IMAGE_HOST_ORIGIN}/phone.jpg`);
    await description(2).fill('The waiting room, shot on a phone');

    // The live check reads both images on the server: their facts show on their rows, the tall one is refused.
    await page.locator('[data-media-item="0"] [data-media-facts]').getByText('1080 × 1080 · JPEG').waitFor();
    await page.locator('[data-media-item="1"] [data-media-facts]').getByText('1080 × 1920 · JPEG').waitFor();
    await problems().getByText(ASPECT_REFUSAL).waitFor();
    await page.locator('[data-preview="instagram"] [data-preview-image-problem]').getByText(ASPECT_REFUSAL).waitFor();
    jestExpect(await submit().isDisabled()).toBe(true);
    await page.locator('[data-submit-reason]').getByText('a network would refuse an image').waitFor();
    // Instagram shows a carousel, square-cropped, one image at a time.
    const instagram = page.locator('[data-preview="instagram"]');
    await instagram.locator('[data-carousel-count]').getByText('1 / 2').waitFor();
    const ratio = await instagram
      .locator('.preview-img')
      .evaluate((el) => el.getBoundingClientRect().width / el.getBoundingClientRect().height);
    jestExpect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    await h.screenshot(page, '62-compose-images-refused');

    await page.getByRole('button', { name: 'Remove image 2' }).click();
    await problems().waitFor({ state: 'hidden' });
    await instagram.locator('[data-carousel-count]').waitFor({ state: 'detached' });
    jestExpect(await page.locator('[data-media-item]').count()).toBe(1);
    await page.locator('[data-submit-reason]').waitFor({ state: 'hidden' });
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
      { url: `${IMAGE_HOST_ORIGIN}/square.jpg`, altText: 'Our front desk with flowers' },
    ]);
  });

  it('reorders images, previews them per network, and the API refuses the tall one at submission in the same words', async () => {
    await page.goto('/posts/new');
    await page.getByRole('checkbox', { name: /Harbor on Instagram/ }).check();
    await page.getByRole('checkbox', { name: /Harbor Dental/ }).check();
    await page.locator('#text-base').fill('Three views of our new office.');
    await address(1).fill(`${IMAGE_HOST_ORIGIN}/portrait.jpg`);
    await description(1).fill('The hallway');
    await page.getByRole('button', { name: 'Add an image' }).click();
    await address(2).fill(`${IMAGE_HOST_ORIGIN}/square.jpg`);
    await description(2).fill('The front desk');
    await page.getByRole('button', { name: 'Move image 2 up' }).click();
    // The moved image, now first, keeps the focus on its row (its "up" is off at the top, so "down" takes it).
    jestExpect(
      await page
        .getByRole('button', { name: 'Move image 1 down' })
        .evaluate((el) => el === el.ownerDocument.activeElement),
    ).toBe(true);
    jestExpect(await address(1).inputValue()).toBe(`${IMAGE_HOST_ORIGIN}/square.jpg`);
    jestExpect(await description(1).inputValue()).toBe('The front desk');
    jestExpect(await address(2).inputValue()).toBe(`${IMAGE_HOST_ORIGIN}/portrait.jpg`);
    // X lays several images out in a grid.
    await page.locator('[data-preview="x"] [data-preview-images="2"]').waitFor();
    await page.getByRole('button', { name: 'Add an image' }).click();
    await address(3).fill(`${IMAGE_HOST_ORIGIN}/phone.jpg`);
    await description(3).fill('The waiting room');
    await problems()
      .getByText('Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 3 is 1080 × 1920')
      .waitFor();
    // X takes any of these shapes: no X problem.
    jestExpect(await page.locator('[data-media-problem="x"]').count()).toBe(0);
    await h.screenshot(page, '63-compose-images-order');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}/);
    const postId = new URL(page.url()).pathname.split('/')[2];
    const auth = await bearerOf(page);
    const saved = (await h.t.http.get(`/api/posts/${postId}`).set(auth).expect(200)).body;
    jestExpect(saved.media.map((m: { url: string }) => m.url)).toEqual([
      `${IMAGE_HOST_ORIGIN}/square.jpg`,
      `${IMAGE_HOST_ORIGIN}/portrait.jpg`,
      `${IMAGE_HOST_ORIGIN}/phone.jpg`,
    ]);
    // The saved post opens with its three images in order.
    jestExpect(await page.locator('[data-media-item]').count()).toBe(3);
    jestExpect(await address(3).inputValue()).toBe(`${IMAGE_HOST_ORIGIN}/phone.jpg`);
    const refused = await h.t.http.post(`/api/posts/${postId}/submit`).set(auth).expect(400);
    jestExpect(refused.body.message).toContain(
      'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 3 is 1080 × 1920 (9:16, too tall)',
    );
    jestExpect((await h.t.http.get(`/api/posts/${postId}`).set(auth).expect(200)).body.status).toBe('draft');
  });
});
