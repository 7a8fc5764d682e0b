// Videos end to end, to the standard of images: an upload is streamed to disk with its SHA-256 and its facts read
// from the container; the networks' video rules are checked before submission (a refusal names the network);
// approval covers the video's hash; Instagram downloads the very bytes through the signed link (a reel) while
// Facebook, LinkedIn and X receive them by chunked upload; a changed video sends the post back to review.
import { createHash } from 'node:crypto';
import { readdirSync, writeFileSync } from 'node:fs';
import { PostTarget, StoredImage } from '@app/posts';
import { SocialAccount } from '@app/accounts';
import { startFakes, type RunningFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { connectFakeAccounts, connectImageFetchingAccounts, FakeAccounts } from '../support/fake-accounts';
import { testJpeg } from '../support/image-host';
import { testMp4, type TestVideoShape } from '../support/test-video';
import { listenForNetworks, startTestApp, TestApp } from '../support/test-app';

// Four networks each receive a video (X and LinkedIn poll its processing): room for a loaded machine.
jest.setTimeout(90_000);

const PUBLIC_URL = 'https://planner.example-dental.com';
const MB = 1024 * 1024;

describe('post videos', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts & { instagram: SocialAccount; google: SocialAccount };

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({
      ...fakes.env,
      NETWORK_CA_FILE: fakes.caFile!,
      PUBLIC_URL,
      NETWORK_TIMEOUT_MS: '10000',
      // Small limits, so small test files cross them: uploads up to 3 MB, Instagram reels up to 2 MB.
      MEDIA_VIDEO_MAX_MB: '3',
      INSTAGRAM_VIDEO_MAX_MB: '2',
    });
    fakes.serveOrigin(PUBLIC_URL, await listenForNetworks(t));
    practice = await createPractice(t, 'Lakeview Dental', 'America/Chicago');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = {
      ...(await connectFakeAccounts(t, fakes, practice.practiceId)),
      ...(await connectImageFetchingAccounts(t, fakes, practice.practiceId)),
    };
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });
  beforeEach(() => fakes.reset());

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  async function upload(
    bytes: Buffer,
    filename = 'tour.mp4',
  ): Promise<{ url: string; id: string; body: Record<string, unknown> }> {
    const res = await t.http.post('/api/media').set(bearer(author)).attach('file', bytes, { filename }).expect(201);
    return { url: res.body.url as string, id: res.body.id as string, body: res.body };
  }

  async function draft(body: Record<string, unknown>, accountIds: string[]): Promise<string> {
    const res = await t.http
      .post('/api/posts')
      .set(bearer(author))
      .send({ targetAccountIds: accountIds, ...body })
      .expect(201);
    return res.body.id as string;
  }

  async function approve(postId: string): Promise<void> {
    await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${postId}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
  }

  const publishNow = async (postId: string) =>
    (await t.http.post(`/api/posts/${postId}/publish-now`).set(bearer(reviewer)).expect(200)).body as {
      targets: Array<{ id: string; network: string; status: string; lastError: string | null }>;
    };

  const video = (shape: TestVideoShape = {}) => testMp4(`tour ${uniqueTag()}`, shape);

  it('an upload is stored with its SHA-256 and its facts, and served back with Range', async () => {
    const bytes = video({ seconds: 12, fps: 25, bytes: 400_000 });
    const { id, body } = await upload(bytes);
    expect(body).toMatchObject({
      kind: 'video',
      format: 'mp4',
      mimeType: 'video/mp4',
      width: 1080,
      height: 1920,
      size: bytes.length,
      durationMs: 12_000,
      codec: 'h264',
      frameRate: 25,
      sha256: sha256(bytes),
    });
    const row = await t.resources.dataSource.getRepository(StoredImage).findOneBy({ id });
    expect(row).toMatchObject({ kind: 'video', sha256: sha256(bytes), durationMs: 12_000, source: 'upload' });
    const whole = await t.http.get(`/api/media/${id}`).set(bearer(author)).buffer(true).expect(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(Buffer.from(whole.body as Buffer).equals(bytes)).toBe(true);
    const part = await t.http.get(`/api/media/${id}`).set(bearer(author)).set('Range', 'bytes=0-99').expect(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${bytes.length}`);
  });

  it('an upload over MEDIA_VIDEO_MAX_MB is refused with 413; a file that is neither image nor video with 400', async () => {
    const big = await t.http
      .post('/api/media')
      .set(bearer(author))
      .attach('file', video({ bytes: 3.5 * MB }), { filename: 'long.mp4' })
      .expect(413);
    expect(big.body.message).toMatch(/larger than 3 MB.*MEDIA_VIDEO_MAX_MB/);
    const text = await t.http
      .post('/api/media')
      .set(bearer(author))
      .attach('file', Buffer.from('just some text, not a video at all'), { filename: 'notes.mp4' })
      .expect(400);
    expect(text.body.message).toMatch(/JPEG, PNG, GIF or WebP image, or an MP4 or MOV video/);
    // A video whose container cannot be read (cut before its moov) is refused at upload, not at publish.
    const whole = video({ moovLast: true });
    const cut = await t.http
      .post('/api/media')
      .set(bearer(author))
      .attach('file', whole.subarray(0, whole.length - 300), { filename: 'cut.mp4' })
      .expect(400);
    expect(cut.body.message).toMatch(/no video track that can be read/);
    // Nothing half-received stays behind.
    const incoming = readdirSync(`${t.resources.config.DATA_DIR}/media/.incoming`);
    expect(incoming).toEqual([]);
  });

  it('POST /api/media/check applies the video rules per network: Google takes no video, a 2 s clip is no reel', async () => {
    const { url } = await upload(video({ seconds: 2 }));
    const res = await t.http
      .post('/api/media/check')
      .set(bearer(author))
      .send({ media: [{ url }], networks: ['instagram', 'facebook', 'x', 'google_business'] })
      .expect(200);
    expect(res.body.images[0]).toMatchObject({ kind: 'video', durationMs: 2000, codec: 'h264' });
    expect(res.body.problems).toEqual([
      {
        network: 'instagram',
        message:
          'Instagram takes videos from 3 seconds to 15 minutes long; the video is 2 seconds (too short). Use a longer video, or leave Instagram out of this post.',
      },
      {
        network: 'google_business',
        message:
          "Google Business Profile posts take a photo, not a video: Google's API publishes no video in a post. Use a photo, or leave Google Business Profile out of this post.",
      },
    ]);
  });

  it('goes out to Instagram (a reel from the signed link), Facebook, LinkedIn and X as the very bytes approved', async () => {
    const bytes = video({ seconds: 20, bytes: 1.5 * MB });
    const { url } = await upload(bytes);
    const postId = await draft(
      { baseText: `Take a tour of our new office ${uniqueTag()}`, media: [{ url, altText: 'A tour of the office' }] },
      [accounts.instagram.id, accounts.facebook.id, accounts.linkedin.id, accounts.x.id],
    );
    await approve(postId);
    const approved = (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
    expect(approved.media[0]).toMatchObject({ mimeType: 'video/mp4', sha256: sha256(bytes), durationMs: 20_000 });
    const res = await publishNow(postId);
    expect(res.targets.map((x) => [x.network, x.status, x.lastError]).sort()).toEqual([
      ['facebook', 'published', null],
      ['instagram', 'published', null],
      ['linkedin', 'published', null],
      ['x', 'published', null],
    ]);
    const [reel] = fakes.facebook.instagram.media;
    expect(reel).toMatchObject({ mediaType: 'VIDEO' });
    const [fetched] = fakes.facebook.mediaFetches;
    expect(fetched).toMatchObject({ outcome: 200, type: 'video/mp4' });
    expect(fetched.url).toMatch(new RegExp(`^${PUBLIC_URL}/api/media/public/[0-9a-f-]{36}\\.mp4\\?target=`));
    expect(fetched.bytes!.equals(bytes)).toBe(true);
    const fbPost = fakes.facebook.feed.find((p) => p.via === 'videos')!;
    expect(fbPost.video!.bytes.equals(bytes)).toBe(true);
    const [liPost] = fakes.linkedin.posts();
    expect(fakes.linkedin.videos.get(liPost.content!.media!.id)!.bytes!.equals(bytes)).toBe(true);
    const [tweet] = fakes.x.posts();
    expect(fakes.x.media.get(tweet.mediaIds[0])!.bytes.equals(bytes)).toBe(true);
  });

  it('the video hash is part of the approval: another video sends the post back; a file changed on disk is not published', async () => {
    const first = await upload(video());
    const postId = await draft(
      { baseText: `Our team ${uniqueTag()}`, media: [{ url: first.url, altText: 'A tour of the office' }] },
      [accounts.x.id],
    );
    await approve(postId);
    // The same video sent back keeps the approval; another one sends the post back to review.
    const same = await t.http
      .patch(`/api/posts/${postId}`)
      .set(bearer(author))
      .send({ media: [{ url: first.url, altText: 'A tour of the office' }] })
      .expect(200);
    expect(same.body.status).toBe('approved');
    const second = await upload(video());
    const edited = await t.http
      .patch(`/api/posts/${postId}`)
      .set(bearer(author))
      .send({ media: [{ url: second.url, altText: 'A tour of the office' }] })
      .expect(200);
    expect(edited.body.status).toBe('draft');

    // Approved, then its stored file altered behind the app's back: nothing goes out, with the reason.
    await approve(postId);
    const path = `${t.resources.config.DATA_DIR}/media/${practice.practiceId}/${second.id}.mp4`;
    writeFileSync(path, video());
    const res = await publishNow(postId);
    expect(res.targets[0]).toMatchObject({ status: 'failed' });
    expect(res.targets[0].lastError).toMatch(/no longer the one the reviewer approved/);
    expect(fakes.x.posts()).toHaveLength(0);
  });

  it('too long for X, too large for Instagram: refused at submission with 400 naming the network', async () => {
    const long = await upload(video({ seconds: 200 }));
    const longPost = await draft(
      { baseText: `Long tour ${uniqueTag()}`, media: [{ url: long.url, altText: 'A tour of the office' }] },
      [accounts.x.id, accounts.facebook.id],
    );
    const refusedLong = await t.http.post(`/api/posts/${longPost}/submit`).set(bearer(author)).expect(400);
    expect(refusedLong.body.message).toContain(
      'X takes videos from 0.5 seconds to 2 min 20 s long; the video is 3 min 20 s (too long).',
    );
    expect(refusedLong.body.message).not.toContain('Facebook');

    const big = await upload(video({ bytes: 2.5 * MB }));
    const bigPost = await draft(
      { baseText: `Big tour ${uniqueTag()}`, media: [{ url: big.url, altText: 'A tour of the office' }] },
      [accounts.instagram.id, accounts.linkedin.id],
    );
    const refusedBig = await t.http.post(`/api/posts/${bigPost}/submit`).set(bearer(author)).expect(400);
    expect(refusedBig.body.message).toContain(
      'Instagram takes videos of at most 2 MB; the video is 2.5 MB (too large).',
    );
    expect(refusedBig.body.message).not.toContain('LinkedIn');
  });

  it('a video goes alone, Google takes none, and a video given by its address is refused: upload it instead', async () => {
    const clip = await upload(video());
    const photo = (
      await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', testJpeg(`photo ${uniqueTag()}`), { filename: 'p.jpg' })
        .expect(201)
    ).body.url as string;
    const mixed = await draft(
      {
        baseText: `Mixed ${uniqueTag()}`,
        media: [
          { url: clip.url, altText: 'A tour of the office' },
          { url: photo, altText: 'Desk' },
        ],
      },
      [accounts.facebook.id],
    );
    const refusedMixed = await t.http.post(`/api/posts/${mixed}/submit`).set(bearer(author)).expect(400);
    expect(refusedMixed.body.message).toContain('Facebook takes a video on its own');
    const google = await draft(
      { baseText: `For Google ${uniqueTag()}`, media: [{ url: clip.url, altText: 'A tour of the office' }] },
      [accounts.google.id],
    );
    const refusedGoogle = await t.http.post(`/api/posts/${google}/submit`).set(bearer(author)).expect(400);
    expect(refusedGoogle.body.message).toContain('Google Business Profile posts take a photo, not a video');
    const linked = await draft(
      {
        baseText: `Linked ${uniqueTag()}`,
        media: [{ url: 'https://cdn.example-dental.com/tour.mp4', altText: 'A tour of the office' }],
      },
      [accounts.facebook.id],
    );
    const refusedLinked = await t.http.post(`/api/posts/${linked}/submit`).set(bearer(author)).expect(400);
    expect(refusedLinked.body.message).toMatch(
      /a video is approved by its content, so it is uploaded rather than linked/,
    );
    expect(
      await t.resources.dataSource.getRepository(PostTarget).countBy({ postId: linked, status: 'published' }),
    ).toBe(0);
  });
});
