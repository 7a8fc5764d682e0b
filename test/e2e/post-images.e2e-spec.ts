// Images end to end: an uploaded image reaches Instagram and Google (which download it from the app through a
// signed, expiring link, and the fakes really fetch it), the link opens for nothing else, and an image is
// approved by its content: the bytes stored at submission are what goes out, whatever the URL serves later.
import { PostTarget, PublicMediaLinks, StoredImage } from '@app/posts';
import { serveOriginsLocallyForTests } from '@app/publishing';
import { SocialAccount } from '@app/accounts';
import { startFakes, type RunningFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { connectFakeAccounts, connectImageFetchingAccounts, FakeAccounts } from '../support/fake-accounts';
import { IMAGE_HOST_ORIGIN, ImageHost, startImageHost, testJpeg, testPng } from '../support/image-host';
import { listenForNetworks, startTestApp, TestApp } from '../support/test-app';

// Every post here downloads its images (from the image host at submission, from the app by the fakes): give the
// suite room on a loaded machine.
jest.setTimeout(60_000);

const PUBLIC_URL = 'https://planner.example-dental.com';

describe('post images', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let images: ImageHost;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let accounts: FakeAccounts & { instagram: SocialAccount; google: SocialAccount };
  let appOrigin: string;

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL, NETWORK_TIMEOUT_MS: '5000' });
    appOrigin = await listenForNetworks(t);
    fakes.serveOrigin(PUBLIC_URL, appOrigin);
    images = await startImageHost();
    serveOriginsLocallyForTests({ [IMAGE_HOST_ORIGIN]: images.localUrl });
    practice = await createPractice(t, 'Riverside Dental', 'America/New_York');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    accounts = {
      ...(await connectFakeAccounts(t, fakes, practice.practiceId)),
      ...(await connectImageFetchingAccounts(t, fakes, practice.practiceId)),
    };
  });
  afterAll(async () => {
    serveOriginsLocallyForTests();
    await t?.close();
    await fakes?.close();
    await images?.close();
  });
  beforeEach(() => fakes.reset());

  const targets = () => t.resources.dataSource.getRepository(PostTarget);

  async function upload(bytes: Buffer, filename: string): Promise<string> {
    const res = await t.http.post('/api/media').set(bearer(author)).attach('file', bytes, { filename }).expect(201);
    return res.body.url as string;
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

  it('an uploaded image goes out to Instagram and Google: each downloads the very bytes from the app', async () => {
    const picture = testJpeg(`upload ${uniqueTag()}`);
    const url = await upload(picture, 'smile.jpg');
    const postId = await draft(
      { baseText: `Meet our new hygienist! ${uniqueTag()}`, media: [{ url, altText: 'Our hygienist smiling' }] },
      [accounts.instagram.id, accounts.google.id],
    );
    await approve(postId);
    const res = await publishNow(postId);
    expect(res.targets.map((x) => x.status)).toEqual(['published', 'published']);

    const [igFetch] = fakes.facebook.mediaFetches;
    const [googleFetch] = fakes.google.mediaFetches;
    for (const fetched of [igFetch, googleFetch]) {
      expect(fetched).toMatchObject({ outcome: 200, type: 'image/jpeg' });
      expect(fetched.bytes).toEqual(picture);
      expect(fetched.url).toMatch(
        new RegExp(`^${PUBLIC_URL}/api/media/public/[0-9a-f-]{36}\\.jpg\\?target=[0-9a-f-]{36}&exp=\\d+&sig=`),
      );
    }
    expect(fakes.facebook.instagram.media).toHaveLength(1);
    expect(fakes.google.posts()).toHaveLength(1);

    // The same link, once its target is done, still opens only within its few minutes; altered, never.
    const link = new URL(igFetch.url);
    const path = `${link.pathname}${link.search}`;
    await t.http.get(path).expect(200).expect('Content-Type', 'image/jpeg');
    const tampered = new URL(igFetch.url);
    tampered.searchParams.set('exp', String(Number(tampered.searchParams.get('exp')) + 3600));
    await t.http.get(`${tampered.pathname}${tampered.search}`).expect(403);
    const otherTarget = res.targets.find((x) => x.network === 'google_business')!.id;
    tampered.searchParams.set('exp', link.searchParams.get('exp')!);
    tampered.searchParams.set('target', otherTarget);
    await t.http.get(`${tampered.pathname}${tampered.search}`).expect(403);
    await t.http.get(link.pathname).expect(403);
  });

  it('a signed link is refused when expired (410), when its target is not being published, or when it walks', async () => {
    const url = await upload(testJpeg(`pending ${uniqueTag()}`), 'x.jpg');
    const postId = await draft({ baseText: `Not yet ${uniqueTag()}`, media: [{ url, altText: 'A tooth' }] }, [
      accounts.instagram.id,
    ]);
    await approve(postId);
    const target = await targets().findOneByOrFail({ postId });
    const mediaId = url.split('/').pop()!;
    const links = t.app.get(PublicMediaLinks);
    const path = (link: string) => link.slice(PUBLIC_URL.length);
    // Signed and current, but the target is only approved, not being published: nothing to serve.
    await t.http.get(path(links.url({ targetId: target.id, mediaId }, 'jpg'))).expect(404);
    // While it is being published, it is served to anyone holding the link, without a session.
    await targets().update({ id: target.id }, { status: 'publishing' });
    await t.http
      .get(path(links.url({ targetId: target.id, mediaId }, 'jpg')))
      .expect(200)
      .expect('Content-Type', 'image/jpeg')
      .expect('Cache-Control', 'private, no-store');
    // An image of another post is not this target's, however well signed.
    const otherUrl = await upload(testJpeg('other'), 'y.jpg');
    await t.http.get(path(links.url({ targetId: target.id, mediaId: otherUrl.split('/').pop()! }, 'jpg'))).expect(404);
    const stale = new PublicMediaLinks({
      publicUrl: PUBLIC_URL,
      secret: t.resources.config.MEDIA_LINK_SECRET,
      ttlMs: 60_000,
      now: () => Date.now() - 3600_000,
    });
    const expired = await t.http.get(path(stale.url({ targetId: target.id, mediaId }, 'jpg'))).expect(410);
    expect(expired.body.message).toMatch(/expired/);
    const forged = new PublicMediaLinks({ publicUrl: PUBLIC_URL, secret: 'x'.repeat(48), ttlMs: 60_000 });
    await t.http.get(path(forged.url({ targetId: target.id, mediaId }, 'jpg'))).expect(403);
    for (const walk of [`..%2F..%2Fsecret.key`, `${mediaId}.jpg%2F..%2F..`, `${mediaId}`, `${mediaId}.svg`])
      await t.http
        .get(`/api/media/public/${walk}?target=${target.id}&exp=9999999999&sig=${'A'.repeat(43)}`)
        .expect(404);
  });

  it('Instagram fails the target like the real network when it cannot reach the app', async () => {
    const url = await upload(testJpeg(`unreachable ${uniqueTag()}`), 'z.jpg');
    const postId = await draft({ baseText: `Cannot fetch ${uniqueTag()}`, media: [{ url, altText: 'A chair' }] }, [
      accounts.instagram.id,
    ]);
    await approve(postId);
    fakes.facebook.mediaOrigins.delete(PUBLIC_URL);
    try {
      const res = await publishNow(postId);
      expect(res.targets[0]).toMatchObject({ status: 'failed' });
      expect(res.targets[0].lastError).toMatch(/could not be fetched|download has failed/i);
    } finally {
      fakes.serveOrigin(PUBLIC_URL, appOrigin);
    }
    expect(fakes.facebook.mediaFetches[0].outcome).toMatch(/could not be resolved/);
    expect(fakes.facebook.instagram.media).toHaveLength(0);
  });

  describe('several images', () => {
    it('go out together on Facebook, LinkedIn, X and Instagram, each image once and in order', async () => {
      const pictures = [1, 2, 3].map((n) => testJpeg(`room ${n} ${uniqueTag()}`));
      const urls: string[] = [];
      for (const [i, picture] of pictures.entries()) urls.push(await upload(picture, `room-${i}.jpg`));
      const postId = await draft(
        {
          baseText: `Take the tour ${uniqueTag()}`,
          media: urls.map((url, i) => ({ url, altText: `Room ${i + 1}` })),
        },
        [accounts.facebook.id, accounts.linkedin.id, accounts.x.id, accounts.instagram.id],
      );
      await approve(postId);
      const res = await publishNow(postId);
      expect(res.targets.map((x) => x.status)).toEqual(['published', 'published', 'published', 'published']);
      const [fbPost] = fakes.facebook.feed;
      expect(fbPost.photos!.map((p) => p.bytes)).toEqual(pictures);
      const [liPost] = fakes.linkedin.posts();
      expect(liPost.content!.multiImage!.images.map((i) => fakes.linkedin.images.get(i.id)!.bytes)).toEqual(pictures);
      const [tweet] = fakes.x.posts();
      expect(tweet.mediaIds.map((id) => fakes.x.media.get(id)!.bytes)).toEqual(pictures);
      expect(fakes.facebook.instagram.media[0]).toMatchObject({ mediaType: 'CAROUSEL_ALBUM' });
      expect(fakes.facebook.mediaFetches.map((f) => f.bytes)).toEqual(pictures);
    });

    it("over a network's limit the post is refused at compose with the reason (Google: one photo; X: four)", async () => {
      const urls: string[] = [];
      for (let i = 0; i < 5; i++) urls.push(await upload(testJpeg(`five ${i}`), `five-${i}.jpg`));
      const postId = await draft(
        { baseText: `Five rooms ${uniqueTag()}`, media: urls.map((url) => ({ url, altText: 'A room' })) },
        [accounts.google.id, accounts.x.id, accounts.facebook.id],
      );
      const res = await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(400);
      expect(res.body.message).toContain(
        'Google Business Profile takes at most 1 image in one post; this post has 5. Remove 4, or leave Google Business Profile out of this post.',
      );
      expect(res.body.message).toContain('X takes at most 4 images in one post; this post has 5.');
      expect(res.body.message).not.toContain('Facebook');
    });
  });

  describe('an image is approved by its content', () => {
    it('the picture behind a URL changing after approval changes nothing that is published', async () => {
      const path = `/flu-${uniqueTag()}.jpg`;
      const approved = testJpeg(`approved ${path}`);
      images.put(path, approved);
      const postId = await draft(
        {
          baseText: `Flu shots are in ${uniqueTag()}`,
          media: [{ url: IMAGE_HOST_ORIGIN + path, altText: 'A flu shot' }],
        },
        [accounts.x.id, accounts.instagram.id],
      );
      await approve(postId);
      images.put(path, testJpeg('swapped after approval'));
      const res = await publishNow(postId);
      expect(res.targets.map((x) => x.status)).toEqual(['published', 'published']);
      expect([...fakes.x.media.values()].map((m) => m.bytes)).toEqual([approved]);
      expect(fakes.facebook.mediaFetches.map((f) => f.bytes)).toEqual([approved]);
      expect(images.requests.filter((p) => p === path)).toHaveLength(1); // downloaded once, at submission
    });

    it('the image hash is part of the approval: an edit of the image sends the post back to review', async () => {
      const path = `/hours-${uniqueTag()}.jpg`;
      images.put(path, testJpeg(path));
      const postId = await draft(
        { baseText: `New hours ${uniqueTag()}`, media: [{ url: IMAGE_HOST_ORIGIN + path, altText: 'Our door' }] },
        [accounts.x.id],
      );
      const before = (await t.http.get(`/api/posts/${postId}`).set(bearer(author)).expect(200)).body;
      await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(200);
      const submitted = (await t.http.get(`/api/posts/${postId}`).set(bearer(reviewer)).expect(200)).body;
      expect(submitted.media[0]).toMatchObject({
        mimeType: 'image/jpeg',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(submitted.contentHash).not.toBe(before.contentHash);
      await t.http
        .post(`/api/posts/${postId}/approve`)
        .set(bearer(reviewer))
        .send({ contentHash: submitted.contentHash })
        .expect(200);
      // The same image sent back unchanged (as the composer does with a new time) keeps the approval.
      const same = await t.http
        .patch(`/api/posts/${postId}`)
        .set(bearer(author))
        .send({ media: [{ url: IMAGE_HOST_ORIGIN + path, altText: 'Our door' }] })
        .expect(200);
      expect(same.body.status).toBe('approved');
      const other = `/other-${uniqueTag()}.jpg`;
      images.put(other, testJpeg(other));
      const edited = await t.http
        .patch(`/api/posts/${postId}`)
        .set(bearer(author))
        .send({ media: [{ url: IMAGE_HOST_ORIGIN + other, altText: 'Our door' }] })
        .expect(200);
      expect(edited.body.status).toBe('draft');
    });

    it('a URL that does not serve an image, or cannot be reached, is refused at submission with the reason', async () => {
      const page = `/page-${uniqueTag()}.jpg`;
      images.put(page, Buffer.from('<html>not a picture</html>'), 'text/html');
      const notImage = await draft(
        { baseText: `Oops ${uniqueTag()}`, media: [{ url: IMAGE_HOST_ORIGIN + page, altText: 'x' }] },
        [accounts.x.id],
      );
      const refused = await t.http.post(`/api/posts/${notImage}/submit`).set(bearer(author)).expect(400);
      expect(refused.body.message).toMatch(/Image 1 at .* is not a JPEG, PNG, GIF or WebP image/);
      const missing = await draft(
        { baseText: `Gone ${uniqueTag()}`, media: [{ url: `${IMAGE_HOST_ORIGIN}/nothing-here.jpg`, altText: 'x' }] },
        [accounts.x.id],
      );
      const gone = await t.http.post(`/api/posts/${missing}/submit`).set(bearer(author)).expect(400);
      expect(gone.body.message).toMatch(/Image 1 could not be downloaded .*answered 404/);
      const local = await draft(
        { baseText: `Local ${uniqueTag()}`, media: [{ url: 'http://127.0.0.1:9/a.jpg', altText: 'x' }] },
        [accounts.x.id],
      );
      const refusedLocal = await t.http.post(`/api/posts/${local}/submit`).set(bearer(author)).expect(400);
      expect(refusedLocal.body.message).toMatch(/private or local address/);
      for (const id of [notImage, missing, local])
        expect((await t.http.get(`/api/posts/${id}`).set(bearer(author)).expect(200)).body.status).toBe('draft');
    });

    it('Instagram takes JPEG only and Google JPEG or PNG: a GIF is refused at submission with the reason', async () => {
      const gif = Buffer.from(
        '4749463839610100010080000000000000ffffff21f90401000000002c00000000010001000002024401003b',
        'hex',
      );
      const url = await upload(gif, 'a.gif');
      const postId = await draft({ baseText: `Gif ${uniqueTag()}`, media: [{ url, altText: 'Confetti' }] }, [
        accounts.instagram.id,
        accounts.google.id,
      ]);
      const res = await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(400);
      expect(res.body.message).toContain('Instagram takes JPEG images only; image 1 is GIF');
      expect(res.body.message).toContain('Google Business Profile takes JPEG or PNG photos only; image 1 is GIF');
      const png = await upload(testPng('dot'), 'b.png');
      const googleOnly = await draft({ baseText: `Png ${uniqueTag()}`, media: [{ url: png, altText: 'A dot' }] }, [
        accounts.google.id,
      ]);
      await approve(googleOnly);
    });
  });

  describe('image facts: checked before submission, not at publish time', () => {
    it('an upload answers with its size, and a tall phone photo is refused for Instagram on the draft and at submission', async () => {
      const tall = await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', testJpeg(`tall ${uniqueTag()}`, { width: 1080, height: 1920 }), { filename: 'phone.jpg' })
        .expect(201);
      expect(tall.body).toMatchObject({ format: 'jpeg', mimeType: 'image/jpeg', width: 1080, height: 1920 });
      const stored = await t.resources.dataSource.getRepository(StoredImage).findOneByOrFail({ id: tall.body.id });
      expect(stored).toMatchObject({ practiceId: practice.practiceId, width: 1080, height: 1920, source: 'upload' });

      const postId = await draft(
        { baseText: `Our waiting room ${uniqueTag()}`, media: [{ url: tall.body.url, altText: 'The waiting room' }] },
        [accounts.instagram.id, accounts.x.id],
      );
      const refusal =
        'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 1 is 1080 × 1920 (9:16, too tall). Crop it, or leave Instagram out of this post.';
      // The draft already says so (its upload's facts are known when it is saved)...
      const seen = (await t.http.get(`/api/posts/${postId}`).set(bearer(author)).expect(200)).body;
      expect(seen.media[0]).toMatchObject({ width: 1080, height: 1920, mimeType: 'image/jpeg' });
      expect(seen.problems).toEqual([{ network: 'instagram', message: refusal }]);
      // ...and submission refuses it with a 400, before anything reaches Instagram.
      const res = await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(400);
      expect(res.body.message).toBe(refusal);
      expect((await t.http.get(`/api/posts/${postId}`).set(bearer(author)).expect(200)).body.status).toBe('draft');
      expect(fakes.facebook.instagram.media).toHaveLength(0);
      // A 4:5 portrait is fine.
      const portrait = await upload(testJpeg(`portrait ${uniqueTag()}`, { width: 1080, height: 1350 }), 'p.jpg');
      await t.http
        .patch(`/api/posts/${postId}`)
        .set(bearer(author))
        .send({ media: [{ url: portrait, altText: 'The waiting room' }] })
        .expect(200);
      await approve(postId);
    });

    it('a remote image is measured when it is copied at submission: Google refuses a photo under 250 × 250 or 10 KB', async () => {
      images.put('/small-logo.png', testPng('logo', { width: 200, height: 120, bytes: 4000 }));
      const postId = await draft(
        {
          baseText: `New logo ${uniqueTag()}`,
          media: [{ url: `${IMAGE_HOST_ORIGIN}/small-logo.png`, altText: 'Our logo' }],
        },
        [accounts.google.id],
      );
      const res = await t.http.post(`/api/posts/${postId}/submit`).set(bearer(author)).expect(400);
      expect(res.body.message).toContain(
        'Google Business Profile needs photos at least 250 × 250 pixels; image 1 is 200 × 120.',
      );
      expect(res.body.message).toContain('Google Business Profile takes photos from 10 KB to 5 MB; image 1 is 4 KB.');
    });

    it('a file that starts like a JPEG but says no size is refused at upload with the reason', async () => {
      const res = await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'), { filename: 'cut.jpg' })
        .expect(400);
      expect(res.body.message).toMatch(/size in pixels cannot be read: it may be damaged or cut short/);
    });

    it('POST /api/media/check reads uploads and remote images and applies the submission rules for the networks named', async () => {
      const square = await upload(testJpeg(`square ${uniqueTag()}`), 'square.jpg');
      images.put('/wide.jpg', testJpeg('wide', { width: 3000, height: 1000 }));
      images.put('/notes.txt', Buffer.from('not a picture'), 'text/plain');
      const other = await createPractice(t, 'Elsewhere Dental');
      const theirs = (
        await t.http
          .post('/api/media')
          .set(bearer(other.admin))
          .attach('file', testJpeg('theirs'), { filename: 'theirs.jpg' })
          .expect(201)
      ).body.url as string;
      const res = await t.http
        .post('/api/media/check')
        .set(bearer(author))
        .send({
          media: [
            { url: square },
            { url: `${IMAGE_HOST_ORIGIN}/wide.jpg` },
            { url: `${IMAGE_HOST_ORIGIN}/notes.txt` },
            { url: theirs },
          ],
          networks: ['instagram', 'x'],
        })
        .expect(200);
      expect(res.body.images).toEqual([
        { url: square, kind: 'image', format: 'jpeg', mimeType: 'image/jpeg', width: 1080, height: 1080, size: 12_000 },
        {
          url: `${IMAGE_HOST_ORIGIN}/wide.jpg`,
          kind: 'image',
          format: 'jpeg',
          mimeType: 'image/jpeg',
          width: 3000,
          height: 1000,
          size: 12_000,
        },
        { url: `${IMAGE_HOST_ORIGIN}/notes.txt`, error: 'It is not a JPEG, PNG, GIF or WebP image.' },
        // Another practice's upload is not this practice's: it reads as missing.
        { url: theirs, error: 'This upload is missing; upload it again.' },
      ]);
      expect(res.body.problems).toEqual([
        {
          network: 'instagram',
          message:
            'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 2 is 3000 × 1000 (3:1, too wide). Crop it, or leave Instagram out of this post.',
        },
      ]);
      await t.http
        .post('/api/media/check')
        .set(bearer(author))
        .send({ media: [{ url: 'ftp://x' }] })
        .expect(400);
      await t.http
        .post('/api/media/check')
        .set(bearer(author))
        .send({ media: [], networks: ['myspace'] })
        .expect(400);
      await t.http.post('/api/media/check').set(bearer(reviewer)).send({ media: [] }).expect(403);
    });
  });
});
