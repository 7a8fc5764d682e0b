// InstagramClient against the HTTPS Graph fake (Instagram shares Facebook's origin): containers and their
// status_code life cycle, carousels, the 24-hour quota, read-back, and every error class.
import { InstagramClient, type AccountCredentials } from '@app/publishing';
import { startImageHost } from '../../support/image-host';
import { publishingError, startTrustedFakes, uniqueText, type TrustedFakes } from './support';
import { testMp4 } from '../../support/test-video';

/** A JPEG whose start-of-frame says `width` x `height` (all Instagram reads before it refuses an aspect ratio). */
function sizedJpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  const app0 = Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'); // SOI + a 16-byte JFIF APP0
  return Buffer.concat([app0, sof, Buffer.from([0xff, 0xd9])]);
}

const PAGE_ID = '100000000000101';
const IG_ID = '17841400000000101';
const IMAGE = { url: 'https://cdn.example.com/smile.jpg', mimeType: 'image/jpeg', altText: 'A smiling patient' };

describe('InstagramClient against the Graph fake', () => {
  let t: TrustedFakes;
  let client: InstagramClient;
  let account: AccountCredentials;
  const polls: number[] = [];

  beforeAll(async () => {
    t = await startTrustedFakes();
    client = new InstagramClient({
      graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL,
      transport: t.transport,
      pollIntervalMs: 5,
      maxProcessingMs: 200,
      sleep: async (ms) => {
        polls.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
    });
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => {
    t.fakes.reset();
    polls.length = 0;
    t.fakes.facebook.instagram.publishesPerDay = 100;
    t.fakes.facebook.instagram.containerReadsInProgress = 1;
    account = {
      accessToken: t.fakes.facebook.issueTestToken({ kind: 'page', pageId: PAGE_ID }).accessToken,
      externalAccountId: IG_ID,
    };
  });

  it('creates a container, waits for FINISHED, then publishes it with media_publish', async () => {
    const text = uniqueText('Meet our new hygienist #dentist');
    const result = await client.publish(account, { text, media: IMAGE });
    const [media] = t.fakes.facebook.instagram.media;
    expect(media).toMatchObject({ id: result.externalId, caption: text, mediaType: 'IMAGE', mediaUrl: IMAGE.url });
    expect(result.url).toBe(media.permalink);
    const ops = t.fakes.facebook.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`);
    expect(ops).toEqual([
      `GET /v24.0/${IG_ID}/content_publishing_limit`,
      `POST /v24.0/${IG_ID}/media`,
      expect.stringMatching(/^GET \/v24\.0\/\d+$/), // IN_PROGRESS
      expect.stringMatching(/^GET \/v24\.0\/\d+$/), // FINISHED
      `POST /v24.0/${IG_ID}/media_publish`,
      `GET /v24.0/${result.externalId}`,
    ]);
    expect(polls).toEqual([5]);
  });

  it('publishes a carousel: one item container per image, then the carousel with the caption', async () => {
    const text = uniqueText('Our new office');
    const images = [1, 2, 3].map((n) => ({ ...IMAGE, url: `https://cdn.example.com/office-${n}.jpg` }));
    const result = await client.publish(account, { text, media: images[0], images });
    const media = t.fakes.facebook.instagram.media.find((m) => m.id === result.externalId)!;
    expect(media.mediaType).toBe('CAROUSEL_ALBUM');
    expect(media.children).toHaveLength(3);
    const items = media.children.map((id) => t.fakes.facebook.instagram.containers.get(id)!);
    expect(items.map((c) => [c.imageUrl, c.isCarouselItem, c.caption])).toEqual(
      images.map((i) => [i.url, true, undefined]),
    );
  });

  it('sends the carousel children as an array, as the reference documents them (a JSON string is refused)', async () => {
    const images = [1, 2].map((n) => ({ ...IMAGE, url: `https://cdn.example.com/pair-${n}.jpg` }));
    await client.publish(account, { text: uniqueText('Pair'), media: images[0], images });
    const items = [...t.fakes.facebook.instagram.containers.values()].filter((c) => c.isCarouselItem);
    const refused = await t.transport.request({
      method: 'POST',
      url: `${t.fakes.env.FACEBOOK_GRAPH_URL}/v24.0/${IG_ID}/media?access_token=${account.accessToken}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ media_type: 'CAROUSEL', children: items.map((c) => c.id).join(','), caption: 'x' }),
    });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body.toString()).error.message).toMatch(/children must be an array/);
  });

  it('puts a video in a carousel as a VIDEO item (reels cannot appear in carousels)', async () => {
    t.images.put('/tour.mp4', testMp4('carousel tour'), 'video/mp4');
    const result = await client.publish(account, {
      text: uniqueText('Tour and photo'),
      media: IMAGE,
      images: [IMAGE, { url: 'https://cdn.example.com/tour.mp4', mimeType: 'video/mp4' }],
    });
    const media = t.fakes.facebook.instagram.media.find((m) => m.id === result.externalId)!;
    const items = media.children.map((id) => t.fakes.facebook.instagram.containers.get(id)!);
    expect(items.map((c) => c.mediaType)).toEqual(['IMAGE', 'VIDEO']);
  });

  it("refuses an image outside 4:5 to 1.91:1 with Instagram's aspect-ratio error, publishing nothing", async () => {
    const host = await startImageHost();
    try {
      t.fakes.serveOrigin('https://photos.example.com', host.localUrl);
      host.put('/tall.jpg', sizedJpeg(1080, 1920));
      host.put('/portrait.jpg', sizedJpeg(1080, 1350));
      const error = await publishingError(() =>
        client.publish(account, {
          text: 'x',
          media: { url: 'https://photos.example.com/tall.jpg', mimeType: 'image/jpeg' },
        }),
      );
      expect(error).toMatchObject({ kind: 'rejected_content', networkCode: '36003/2207009', httpStatus: 400 });
      expect(t.fakes.facebook.instagram.media).toHaveLength(0);
      await client.publish(account, {
        text: uniqueText('4:5 is fine'),
        media: { url: 'https://photos.example.com/portrait.jpg', mimeType: 'image/jpeg' },
      });
      expect(t.fakes.facebook.instagram.media).toHaveLength(1);
    } finally {
      await host.close();
    }
  });

  it('sends a video as a reel (single feed videos were retired): Instagram downloads the very bytes', async () => {
    const video = testMp4('reel tour');
    t.images.put('/tour.mp4', video, 'video/mp4');
    const result = await client.publish(account, {
      text: uniqueText('A tour'),
      media: { url: 'https://cdn.example.com/tour.mp4', mimeType: 'video/mp4' },
    });
    expect(t.fakes.facebook.instagram.media.find((m) => m.id === result.externalId)?.mediaType).toBe('VIDEO');
    const container = [...t.fakes.facebook.instagram.containers.values()].find((c) => c.mediaType === 'REELS')!;
    expect(container.videoBytes!.equals(video)).toBe(true);
  });

  it("a reel Instagram's processing refuses (2 s: reels are 3 s to 15 min) fails with its status, publishing nothing", async () => {
    t.images.put('/short.mp4', testMp4('short reel', { seconds: 2 }), 'video/mp4');
    const error = await publishingError(() =>
      client.publish(account, {
        text: uniqueText('Too short'),
        media: { url: 'https://cdn.example.com/short.mp4', mimeType: 'video/mp4' },
      }),
    );
    expect(error.kind).toBe('rejected_content');
    expect(error.networkMessage).toMatch(/reels must be 3 seconds to 15 minutes long/);
    expect(t.fakes.facebook.instagram.media).toHaveLength(0);
  });

  it('refuses a post without an image, and private image addresses, before any request', async () => {
    const noImage = await publishingError(() => client.publish(account, { text: 'Hello' }));
    expect(noImage).toMatchObject({ kind: 'rejected_content', reason: 'image_required' });
    const local = await publishingError(() =>
      client.publish(account, { text: 'Hi', media: { url: 'http://localhost/x.jpg', mimeType: 'image/jpeg' } }),
    );
    expect(local).toMatchObject({ kind: 'rejected_content', reason: 'private_media_url' });
    const uploaded = await publishingError(() =>
      client.publish(account, { text: 'Hi', media: { bytes: Buffer.from('x'), mimeType: 'image/jpeg' } }),
    );
    expect(uploaded.reason).toBe('image_url_required');
    expect(t.fakes.facebook.requests).toHaveLength(0);
  });

  it('gives up with a clear reason when the container ends in ERROR or EXPIRED, publishing nothing', async () => {
    t.fakes.facebook.fail({ kind: 'media_error' });
    const failed = await publishingError(() => client.publish(account, { text: 'x', media: IMAGE }));
    expect(failed).toMatchObject({ kind: 'rejected_content', reason: 'media_processing_error' });
    expect(failed.practiceMessage).toContain('could not process the media');
    t.fakes.facebook.fail({ kind: 'container_expired' });
    const expired = await publishingError(() => client.publish(account, { text: 'x', media: IMAGE }));
    expect(expired).toMatchObject({ kind: 'transient', reason: 'container_expired' });
    expect(t.fakes.facebook.instagram.media).toHaveLength(0);
  });

  it('stops polling after the bound while the container is still IN_PROGRESS (transient, nothing published)', async () => {
    t.fakes.facebook.instagram.containerReadsInProgress = 1000;
    const error = await publishingError(() => client.publish(account, { text: 'x', media: IMAGE }));
    expect(error).toMatchObject({ kind: 'transient', reason: 'media_not_ready' });
    expect(t.fakes.facebook.instagram.media).toHaveLength(0);
  });

  it('checks the 24-hour quota first: past it the post waits for the oldest post to leave the window', async () => {
    t.fakes.facebook.instagram.publishesPerDay = 1;
    await client.publish(account, { text: uniqueText('first'), media: IMAGE });
    const first = t.fakes.facebook.instagram.media[0];
    const error = await publishingError(() => client.publish(account, { text: 'second', media: IMAGE }));
    expect(error).toMatchObject({ kind: 'rate_limited', reason: 'publishing_quota' });
    const freed = first.timestamp + 24 * 3600_000;
    expect(error.retryAt!.getTime()).toBeGreaterThanOrEqual(freed);
    expect(error.retryAt!.getTime()).toBeLessThanOrEqual(freed + 1000);
    expect(error.practiceMessage).toContain('1 of its 1 posts');
    expect(t.fakes.facebook.instagram.containers.size).toBe(1); // no container spent on a refused publish
  });

  it('reads back recent media with caption and timestamp (the exactly-once check)', async () => {
    const text = uniqueText('Read me back');
    const since = new Date();
    const published = await client.publish(account, { text, media: IMAGE });
    const recent = await client.findRecent(account, since);
    expect(recent).toEqual([
      { externalId: published.externalId, text, createdAt: expect.any(Date), url: published.url },
    ]);
  });

  it('a lost media_publish answer is an unknown outcome, and read-back finds the post', async () => {
    const impatient = new InstagramClient({
      graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL,
      transport: t.impatient,
      pollIntervalMs: 1,
    });
    const text = uniqueText('Lost answer');
    t.fakes.facebook.fail({ kind: 'accept_then_hang' });
    const error = await publishingError(() => impatient.publish(account, { text, media: IMAGE }));
    expect(error.kind).toBe('unknown_outcome');
    const recent = await client.findRecent(account, new Date(Date.now() - 60_000));
    expect(recent.map((p) => p.text)).toEqual([text]);
  });

  it.each([
    [{ kind: 'expired_token' as const, operation: 'api' }, 'auth_expired'],
    [{ kind: 'permission_denied' as const, operation: 'publish' }, 'permission_denied'],
    [{ kind: 'rate_limited' as const, operation: 'publish', code: 80002, retryAfterSeconds: 600 }, 'rate_limited'],
    [{ kind: 'server_error' as const, operation: 'publish' }, 'transient'],
    [{ kind: 'rejected_content' as const, operation: 'media' }, 'rejected_content'],
    [{ kind: 'missing_id' as const, operation: 'publish' }, 'unknown_outcome'],
  ])('maps %o to %s', async (fault, kind) => {
    t.fakes.facebook.fail(fault);
    const error = await publishingError(() => client.publish(account, { text: uniqueText('x'), media: IMAGE }));
    expect(error.kind).toBe(kind);
    expect(error.network).toBe('instagram');
    if (kind === 'rate_limited') expect(error.retryAt!.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
  });

  it('refuses a caption over the hashtag limit as Instagram does', async () => {
    const error = await publishingError(() => client.publish(account, { text: '#a #b #c #d #e #f', media: IMAGE }));
    expect(error).toMatchObject({ kind: 'rejected_content', httpStatus: 400 });
    expect(error.networkMessage).toContain('more than 5 hashtags');
  });

  it('verifies the token reaches this Instagram account', async () => {
    await expect(client.verify(account)).resolves.toEqual({
      ok: true,
      externalAccountId: IG_ID,
      name: '@smiledentalstudio',
      pictureUrl: expect.stringMatching(new RegExp(`/ig_profile/${IG_ID}\\.jpg$`)),
    });
    const other = t.fakes.facebook.issueTestToken({ kind: 'page', pageId: '100000000000102' }).accessToken;
    const error = await publishingError(() => client.verify({ accessToken: other, externalAccountId: IG_ID }));
    expect(error.kind).toBe('permission_denied');
  });

  it('reads comments across pages, replies to a top-level one and hides one (for the inbox)', async () => {
    const published = await client.publish(account, { text: uniqueText('Comment on me'), media: IMAGE });
    const ig = t.fakes.facebook.instagram;
    const comments = Array.from({ length: 120 }, (_, i) => ig.addComment(published.externalId, `Nice ${i}`));
    const withComments = {
      ...account,
      accessToken: t.fakes.facebook.issueTestToken({
        kind: 'page',
        pageId: PAGE_ID,
        scopes: ['pages_show_list', 'instagram_basic', 'instagram_content_publish', 'instagram_manage_comments'],
      }).accessToken,
    };
    const noScope = await publishingError(() => client.listComments(account, published.externalId));
    expect(noScope.kind).toBe('permission_denied');
    t.fakes.facebook.requests.length = 0;
    const read = await client.listComments(withComments, published.externalId);
    // Newest first (reverse chronological since v3.2), at most 50 a page: three pages for 120.
    expect(read.map((c) => c.text)).toEqual([...comments].reverse().map((c) => c.text));
    const limits = t.fakes.facebook.requests.map((r) => new URL(r.url, 'https://x').searchParams.get('limit'));
    expect(limits).toEqual(['50', '50', '50']);
    const replyId = await client.replyToComment(withComments, comments[0].id, 'Thank you!');
    expect(ig.comments.find((c) => c.id === replyId)).toMatchObject({ parentId: comments[0].id, text: 'Thank you!' });
    const nested = await publishingError(() => client.replyToComment(withComments, replyId, 'again'));
    expect(nested.kind).toBe('rejected_content');
    await client.hideComment(withComments, comments[1].id, true);
    expect(comments[1].hidden).toBe(true);
  });
});
