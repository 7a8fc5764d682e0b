// The composer's Instagram and Google Business Profile parts in the browser: their tabs and variants, the
// square Instagram preview with its hashtag count and image requirement, and Google's settings (type,
// button, event dates) shown only for a Google location, previewed, saved and sent back for correction.
import { expect as jestExpect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Page } from 'playwright-core';
import { SocialAccount } from '@app/accounts';
import { createPractice, PASSWORD, TestPractice, TestUser } from '../support/factories';
import { serveOriginsLocallyForTests } from '@app/publishing';
import { IMAGE_HOST_ORIGIN, ImageHost, startImageHost, testJpeg } from '../support/image-host';
import { bearerOf, BrowserHarness, startBrowserHarness } from './support/browser-harness';
import { signIn } from './support/sign-in';

jest.setTimeout(90_000);

describe('composing for Instagram and Google (browser)', () => {
  let h: BrowserHarness;
  let practice: TestPractice;
  let author: TestUser;
  let page: Page;
  let images: ImageHost;

  beforeAll(async () => {
    // Submission downloads the post's image (it is approved by its content): the practice's image host.
    images = await startImageHost();
    images.put('/smile.jpg', testJpeg('smile'));
    serveOriginsLocallyForTests({ [IMAGE_HOST_ORIGIN]: images.localUrl });
    // Instagram and Google download images from PUBLIC_URL, so it must look public (else the composer's image
    // check refuses them, and Submit stays off); the page itself is served over http here.
    h = await startBrowserHarness({ PUBLIC_URL: 'https://planner.example-dental.com', COOKIE_SECURE: 'false' });
    practice = await createPractice(h.t, 'Lakeside Family Dental', 'America/Chicago');
    author = await practice.user(['author']);
    const repo = h.t.app.get(DataSource).getRepository(SocialAccount);
    for (const [network, name, handle] of [
      ['instagram', 'Lakeside on Instagram', '@lakesidedental'],
      ['google_business', 'Lakeside – Downtown', null],
    ] as const)
      await repo.save(
        repo.create({
          practiceId: practice.practiceId,
          network,
          externalId: network === 'instagram' ? '17841400000000999' : 'accounts/1/locations/2',
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

  it('has a tab per network, with an Instagram preview that counts hashtags and asks for an image', async () => {
    await page.goto('/posts/new');
    await page.getByRole('tab', { name: 'Instagram' }).waitFor();
    await page.getByRole('tab', { name: 'Google Business Profile' }).waitFor();
    await page.getByRole('checkbox', { name: /Lakeside on Instagram/ }).check();
    await page.locator('#text-base').fill('Smile week! #smile #teeth #dentist #family #kids #braces');
    const preview = page.locator('[data-preview="instagram"]');
    await preview.getByText('Instagram needs an image').waitFor();
    await preview.locator('[data-hashtags].over').getByText('Hashtags 6 / 5').waitFor();
    await page.getByLabel(/^Image address/).fill('https://cdn.example-dental.com/smile.jpg');
    await page.getByLabel(/^Image description/).fill('A child smiling in the dental chair');
    await preview.getByText('Instagram needs an image').waitFor({ state: 'detached' });
    // Instagram crops feed images square (measured once the preview has laid the image out: on a busy machine
    // the box can still be 0 x 0 right after the warning goes).
    await preview.locator('.preview-img').waitFor({ state: 'visible' });
    await page.waitForFunction(
      `(() => { const box = document.querySelector('[data-preview="instagram"] .preview-img')?.getBoundingClientRect();
        return !!box && box.width > 0 && box.height > 0; })()`,
    );
    const ratio = await preview
      .locator('.preview-img')
      .evaluate((el) => el.getBoundingClientRect().width / el.getBoundingClientRect().height);
    jestExpect(Math.abs(ratio - 1)).toBeLessThan(0.02);
    await page.getByRole('tab', { name: 'Instagram' }).click();
    await page.locator('#text-instagram').fill('Smile week! #smile #teeth');
    await preview.locator('[data-hashtags]:not(.over)').getByText('Hashtags 2 / 5').waitFor();
    await h.screenshot(page, '60-compose-instagram');
  });

  it('shows the Google settings only for a Google location, previews the button and event, and saves them', async () => {
    const settings = page.locator('[data-google-settings]');
    jestExpect(await settings.isHidden()).toBe(true);
    await page.getByRole('checkbox', { name: /Lakeside – Downtown/ }).check();
    await settings.waitFor();
    await page.getByLabel('Post type').selectOption('EVENT');
    await page.getByLabel('Button', { exact: true }).selectOption('BOOK');
    await page.getByLabel('Button link').fill('https://lakeside.example.com/book');
    await page.getByLabel('Event or offer title').fill('Kids check-up day');
    await page.getByLabel(/^Starts/).fill('2027-01-09T09:00');
    await page.getByLabel(/^Ends/).fill('2027-01-09T13:00');
    const preview = page.locator('[data-preview="google_business"]');
    await preview.locator('[data-google-button]').getByText('Book').waitFor();
    await preview.locator('[data-google-event-preview]').getByText('2027-01-09 09:00 – 2027-01-09 13:00').waitFor();
    await page.getByRole('button', { name: 'Call now' }).waitFor({ state: 'detached' });
    await page.getByLabel('Button', { exact: true }).selectOption('CALL');
    jestExpect(await page.getByLabel('Button link').isHidden()).toBe(true);
    await preview.locator('[data-google-button]').getByText('Call now').waitFor();
    // An offer takes no button (Google ignores callToAction on OFFER): the field and the preview's button go.
    await page.getByLabel('Post type').selectOption('OFFER');
    await preview.locator('[data-google-button]').waitFor({ state: 'detached' });
    jestExpect(await page.getByLabel('Button', { exact: true }).isHidden()).toBe(true);
    await page.getByLabel('Post type').selectOption('EVENT');
    await preview.locator('[data-google-button]').getByText('Call now').waitFor();
    await h.screenshot(page, '61-compose-google');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}/);
    const postId = new URL(page.url()).pathname.split('/')[2];
    const post = (
      await h.t.http
        .get(`/api/posts/${postId}`)
        .set(await bearerOf(page))
        .expect(200)
    ).body;
    jestExpect(post.googlePost).toEqual({
      topicType: 'EVENT',
      callToAction: { actionType: 'CALL' },
      event: { title: 'Kids check-up day', start: '2027-01-09T09:00', end: '2027-01-09T13:00' },
    });
    jestExpect(post.variants.instagram).toBe('Smile week! #smile #teeth');
    // Reloaded, the page shows what was saved.
    await page.reload();
    jestExpect(await page.getByLabel('Post type').inputValue()).toBe('EVENT');
    jestExpect(await page.getByLabel(/^Starts/).inputValue()).toBe('2027-01-09T09:00');
  });

  it('a phone number in the Google text is flagged in the preview and refused at submission', async () => {
    await page.locator('#text-base').fill('Call (555) 123-4567 to book! #smile');
    await page
      .locator('[data-preview="google_business"]')
      .getByText('Google rejects posts with a phone number')
      .waitFor();
    await page.getByRole('button', { name: 'Submit for review' }).click();
    await page
      .locator('[data-form-alert]')
      .getByText(/"Call" button/)
      .waitFor();
  });
});
