// Peer failure postiz #946: a Facebook video failed because its media URL was http://localhost/..., which no network
// can download. Here the app runs with the default local PUBLIC_URL (http://localhost:3000): an uploaded image meant
// for Instagram or Google (they download images from PUBLIC_URL) is refused when the post is submitted, naming
// PUBLIC_URL, and nothing reaches those networks; Facebook gets the same image's bytes and needs no address.
import type { RunningFakes } from '../fakes';
import { startFakes } from '../fakes';
import { bearer, createPractice, TestPractice, TestUser, uniqueTag } from '../support/factories';
import { connectFakeAccounts, connectImageFetchingAccounts } from '../support/fake-accounts';
import { testJpeg } from '../support/image-host';
import { startTestApp, TestApp } from '../support/test-app';

const LOCAL_PUBLIC_URL = 'http://localhost:3000';

describe('images with a local PUBLIC_URL (postiz #946)', () => {
  let fakes: RunningFakes;
  let t: TestApp;
  let practice: TestPractice;
  let author: TestUser;
  let reviewer: TestUser;
  let ids: { instagram: string; google: string; facebook: string };
  let image: { url: string; altText: string };
  const jpeg = testJpeg('waiting-room');

  beforeAll(async () => {
    fakes = await startFakes();
    t = await startTestApp({ ...fakes.env, NETWORK_CA_FILE: fakes.caFile!, PUBLIC_URL: LOCAL_PUBLIC_URL });
    practice = await createPractice(t, 'Cedar Grove Dental', 'America/Denver');
    author = await practice.user(['author']);
    reviewer = await practice.user(['reviewer']);
    const fetching = await connectImageFetchingAccounts(t, fakes, practice.practiceId);
    const others = await connectFakeAccounts(t, fakes, practice.practiceId);
    ids = { instagram: fetching.instagram.id, google: fetching.google.id, facebook: others.facebook.id };
    const upload = (
      await t.http
        .post('/api/media')
        .set(bearer(author))
        .attach('file', jpeg, { filename: 'room.jpg', contentType: 'image/jpeg' })
        .expect(201)
    ).body as { url: string };
    image = { url: upload.url, altText: 'Our bright new waiting room' };
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });
  beforeEach(() => fakes.reset());

  const draft = async (accountIds: string[]) =>
    (
      await t.http
        .post('/api/posts')
        .set(bearer(author))
        .send({
          baseText: `Come see our new waiting room ${uniqueTag()}`,
          media: [image],
          targetAccountIds: accountIds,
        })
        .expect(201)
    ).body as { id: string };

  it.each([
    ['Instagram', ['instagram']],
    ['Google Business Profile', ['google']],
    ['Instagram and Google Business Profile', ['instagram', 'google']],
  ] as const)(
    'refuses an uploaded image for %s at submission, naming PUBLIC_URL, and sends nothing',
    async (_n, to) => {
      const post = await draft(to.map((network) => ids[network]));
      const refused = await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(400);
      expect(refused.body.statusCode).toBe(400);
      for (const network of to) {
        const name = network === 'instagram' ? 'Instagram' : 'Google Business Profile';
        expect(refused.body.message).toContain(
          `${name} downloads the images from this planner's public address, and PUBLIC_URL (${LOCAL_PUBLIC_URL}) is not https: ${name} cannot reach it. An administrator must set PUBLIC_URL to the planner's public https address`,
        );
      }
      // The composer says so before anyone presses Submit.
      const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(author)).expect(200)).body;
      expect(seen.status).toBe('draft');
      expect(seen.problems.map((p: { message: string }) => p.message).join(' ')).toContain('PUBLIC_URL');
      // Instagram lives on the Facebook fake's Graph origin.
      expect(fakes.facebook.requests).toHaveLength(0);
      expect(fakes.google.requests).toHaveLength(0);
    },
  );

  it('publishes the same uploaded image to Facebook as bytes: no address of ours reaches the network', async () => {
    const post = await draft([ids.facebook]);
    await t.http.post(`/api/posts/${post.id}/submit`).set(bearer(author)).expect(200);
    const seen = (await t.http.get(`/api/posts/${post.id}`).set(bearer(reviewer)).expect(200)).body;
    await t.http
      .post(`/api/posts/${post.id}/approve`)
      .set(bearer(reviewer))
      .send({ contentHash: seen.contentHash })
      .expect(200);
    const res = (await t.http.post(`/api/posts/${post.id}/publish-now`).set(bearer(reviewer)).expect(200)).body;
    expect(res.targets[0]).toMatchObject({ status: 'published', externalId: expect.any(String) });
    const [published] = fakes.facebook.posts();
    expect(published.via).toBe('photos');
    expect(published.photo).toMatchObject({ size: jpeg.length });
    expect(published.photo?.url).toBeUndefined();
    expect(fakes.facebook.requests.some((r) => r.url.includes('localhost'))).toBe(false);
  });
});
