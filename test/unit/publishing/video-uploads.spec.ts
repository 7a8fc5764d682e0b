// Videos to Facebook, LinkedIn and X against the HTTPS fakes: each client uploads a stored video in chunks read from
// its file (several chunks here), the network receives exactly those bytes, and what a network's processing refuses
// comes back as rejected content with the network's own reason.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FacebookClient,
  LinkedInClient,
  renderForNetwork,
  XClient,
  type AccountCredentials,
  type PostMedia,
} from '@app/publishing';
import { testMp4, type TestVideoShape } from '../../support/test-video';
import { publishingError, startTrustedFakes, uniqueText, type TrustedFakes } from './support';

const dir = mkdtempSync(join(tmpdir(), 'video-uploads-'));
let files = 0;

/** A video on disk, as the media store keeps it, and what the clients are handed for it. */
function videoFile(shape: TestVideoShape = {}): { bytes: Buffer; media: PostMedia } {
  const bytes = testMp4(`upload ${files}`, shape);
  const path = join(dir, `v${files++}.${shape.container ?? 'mp4'}`);
  writeFileSync(path, bytes);
  const mimeType = shape.container === 'mov' ? 'video/quicktime' : 'video/mp4';
  return { bytes, media: { file: { path, size: bytes.length }, mimeType } };
}

const NINE_MB = 9 * 1024 * 1024;

describe('video uploads against the fakes', () => {
  let t: TrustedFakes;
  const noWait = () => Promise.resolve();

  beforeAll(async () => {
    t = await startTrustedFakes();
  });
  afterAll(() => t.fakes.close());
  beforeEach(() => t.fakes.reset());

  describe('X: chunked upload, processing, then the tweet', () => {
    const client = () => new XClient({ apiUrl: t.fakes.env.X_API_URL, transport: t.transport, sleep: noWait });
    const account = (): AccountCredentials => ({
      accessToken: t.fakes.x.issueTestToken().accessToken,
      externalAccountId: '1600000000000000001',
    });

    it('appends the video in segments of at most 4 MiB, waits for processing and names it in the tweet', async () => {
      const { bytes, media } = videoFile({ bytes: NINE_MB, seconds: 30 });
      t.fakes.x.videoProcessingReads = 2;
      const result = await client().publish(account(), { text: uniqueText('A tour of the office'), media });
      const tweet = t.fakes.x.posts().find((p) => p.id === result.externalId)!;
      expect(tweet.mediaIds).toHaveLength(1);
      const uploaded = t.fakes.x.media.get(tweet.mediaIds[0])!;
      expect(uploaded).toMatchObject({ contentType: 'video/mp4', category: 'tweet_video' });
      expect(uploaded.processing?.state).toBe('succeeded');
      expect(uploaded.bytes.equals(bytes)).toBe(true);
    });

    it("refuses a video X's processing fails (longer than 140 s), with X's reason, and posts nothing", async () => {
      const { media } = videoFile({ seconds: 200 });
      const error = await publishingError(() =>
        client().publish(account(), { text: uniqueText('Too long for X'), media }),
      );
      expect(error).toMatchObject({ kind: 'rejected_content', reason: 'video_processing_failed' });
      expect(error.networkMessage).toMatch(/Duration too long/);
      expect(t.fakes.x.posts()).toHaveLength(0);
    });
  });

  describe('LinkedIn: the Videos API', () => {
    const client = () =>
      new LinkedInClient({
        apiUrl: t.fakes.env.LINKEDIN_API_URL,
        version: '202601',
        transport: t.transport,
        sleep: noWait,
      });
    const account = (): AccountCredentials => ({
      accessToken: t.fakes.linkedin.issueTestToken().accessToken,
      externalAccountId: '2414183',
    });

    it('PUTs each 4 MB part, finalizes with the ETags in order, waits for AVAILABLE and posts the video', async () => {
      const { bytes, media } = videoFile({ bytes: NINE_MB, seconds: 30 });
      t.fakes.linkedin.imageReadsProcessing = 2;
      const text = uniqueText('Our new patient video');
      const result = await client().publish(account(), { text: renderForNetwork('linkedin', text), media });
      const post = t.fakes.linkedin.posts().find((p) => p.id === result.externalId)!;
      const urn = post.content?.media?.id ?? '';
      expect(urn).toMatch(/^urn:li:video:/);
      const video = t.fakes.linkedin.videos.get(urn)!;
      expect(video.parts).toHaveLength(3);
      expect(video.status).toBe('AVAILABLE');
      expect(video.bytes!.equals(bytes)).toBe(true);
    });

    it('a MOV ends PROCESSING_FAILED at LinkedIn (MP4 only): refused with the reason, nothing posted', async () => {
      const { media } = videoFile({ container: 'mov' });
      const error = await publishingError(() =>
        client().publish(account(), { text: renderForNetwork('linkedin', uniqueText('A MOV')), media }),
      );
      expect(error).toMatchObject({ kind: 'rejected_content', reason: 'video_processing_failed' });
      expect(t.fakes.linkedin.posts()).toHaveLength(0);
    });
  });

  describe('Facebook: the Page videos upload phases', () => {
    const PAGE_ID = '100000000000101';
    const client = () => new FacebookClient({ graphUrl: t.fakes.env.FACEBOOK_GRAPH_URL, transport: t.transport });
    const account = (): AccountCredentials => ({
      accessToken: t.fakes.facebook.issueTestToken({ kind: 'page', pageId: PAGE_ID }).accessToken,
      externalAccountId: PAGE_ID,
    });

    it('sends each range Facebook asks for, then finishes with the description: one video post', async () => {
      t.fakes.facebook.videoTransferBytes = 64 * 1024;
      const { bytes, media } = videoFile({ bytes: 300_000 });
      const text = uniqueText('Meet the team');
      const result = await client().publish(account(), { text, media });
      expect(result.url).toBe(`https://www.facebook.com/${PAGE_ID}/videos/${result.externalId}`);
      const [post] = t.fakes.facebook.posts();
      expect(post).toMatchObject({ message: text, via: 'videos', video: { id: result.externalId } });
      expect(post.video!.bytes.equals(bytes)).toBe(true);
      expect(t.fakes.facebook.videoSessions.size).toBe(0);
    });

    it("refuses bytes that are no video at finish, with Facebook's words", async () => {
      const path = join(dir, 'not-a-video.mp4');
      writeFileSync(path, Buffer.alloc(5000, 1));
      const error = await publishingError(() =>
        client().publish(account(), {
          text: uniqueText('Broken'),
          media: { file: { path, size: 5000 }, mimeType: 'video/mp4' },
        }),
      );
      expect(error.kind).toBe('rejected_content');
      expect(error.networkMessage).toMatch(/format that we don't support/);
      expect(t.fakes.facebook.posts()).toHaveLength(0);
    });
  });
});
