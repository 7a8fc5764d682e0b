import { PublishingError } from '../../errors/publishing-error';
import type { HttpResponse } from '../http/http-transport';
import { waitUntilAssetAvailable, type LinkedInAssetKind } from './linkedin-asset-status';

const IMAGE = 'urn:li:image:C4E10AQFoyyAjHPMQuQ';
const VIDEO = 'urn:li:video:C5F10AQGKQg_6y2a4sQ';

/** LinkedIn answering the given statuses in turn (the last one again after that), on a clock that sleeping moves. */
function linkedIn(statuses: string[], maxProcessingMs = 60_000) {
  let clock = 1_000_000;
  const reads: string[] = [];
  const slept: number[] = [];
  const calls = {
    send: (_context: unknown, _method: 'GET', path: string): Promise<HttpResponse> => {
      reads.push(path);
      const status = statuses[Math.min(reads.length - 1, statuses.length - 1)];
      return Promise.resolve({ status: 200, headers: {}, body: Buffer.from(JSON.stringify({ id: 'x', status })) });
    },
    assertOk: (response: HttpResponse) => {
      if (response.status !== 200) throw new Error(`status ${response.status}`);
    },
    sleep: (ms: number) => {
      slept.push(ms);
      clock += ms;
      return Promise.resolve();
    },
    maxProcessingMs,
    now: () => clock,
  };
  return { calls, reads, slept };
}

const failure = async (work: Promise<void>): Promise<PublishingError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishingError);
  return error as PublishingError;
};

describe('waitUntilAssetAvailable', () => {
  it.each<[LinkedInAssetKind, string, string]>([
    ['image', IMAGE, '/rest/images/urn%3Ali%3Aimage%3AC4E10AQFoyyAjHPMQuQ'],
    ['video', VIDEO, '/rest/videos/urn%3Ali%3Avideo%3AC5F10AQGKQg_6y2a4sQ'],
  ])('an %s already AVAILABLE: one read of its own resource, no wait', async (kind, urn, path) => {
    const { calls, reads, slept } = linkedIn(['AVAILABLE']);
    await waitUntilAssetAvailable(calls, kind, urn);
    expect(reads).toEqual([path]);
    expect(slept).toEqual([]);
  });

  it('an image AVAILABLE after three PROCESSING reads: waits 250 ms, doubling', async () => {
    const { calls, reads, slept } = linkedIn(['PROCESSING', 'PROCESSING', 'PROCESSING', 'AVAILABLE']);
    await waitUntilAssetAvailable(calls, 'image', IMAGE);
    expect(reads).toHaveLength(4);
    expect(slept).toEqual([250, 500, 1000]);
  });

  it('a video AVAILABLE after six reads: waits 500 ms, doubling up to 5 s', async () => {
    const processing = Array.from({ length: 6 }, () => 'PROCESSING');
    const { calls, reads, slept } = linkedIn([...processing, 'AVAILABLE']);
    await waitUntilAssetAvailable(calls, 'video', VIDEO);
    expect(reads).toHaveLength(7);
    expect(slept).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it.each<[LinkedInAssetKind, string, RegExp]>([
    ['image', IMAGE, /JPEG, PNG or GIF/],
    ['video', VIDEO, /MP4 video/],
  ])('a %s that ends PROCESSING_FAILED is refused content, naming the asset', async (kind, urn, takes) => {
    const { calls, reads } = linkedIn(['PROCESSING', 'PROCESSING_FAILED']);
    const error = await failure(waitUntilAssetAvailable(calls, kind, urn));
    expect(error).toMatchObject({
      kind: 'rejected_content',
      network: 'linkedin',
      networkCode: 'PROCESSING_FAILED',
      reason: `${kind}_processing_failed`,
    });
    expect(error.networkMessage).toContain(`could not process the ${kind} ${urn} (status PROCESSING_FAILED)`);
    expect(error.networkMessage).toMatch(takes);
    expect(reads).toHaveLength(2);
  });

  it('gives up on an image still PROCESSING once the next wait would pass the limit: transient, nothing posted', async () => {
    const { calls, reads, slept } = linkedIn(['PROCESSING'], 3000);
    const error = await failure(waitUntilAssetAvailable(calls, 'image', IMAGE));
    expect(error).toMatchObject({ kind: 'transient', network: 'linkedin', reason: 'image_not_ready' });
    expect(error.networkMessage).toBe(
      `LinkedIn was still processing the image ${IMAGE} (status PROCESSING); nothing was posted`,
    );
    // 250 + 500 + 1000 waited; the next 2 s would end past 3 s.
    expect(slept).toEqual([250, 500, 1000]);
    expect(reads).toHaveLength(4);
  });

  it('gives up on a video after its own limit, naming it', async () => {
    const { calls, slept } = linkedIn(['WAITING_UPLOAD'], 20_000);
    const error = await failure(waitUntilAssetAvailable(calls, 'video', VIDEO));
    expect(error).toMatchObject({ kind: 'transient', reason: 'video_not_ready' });
    expect(error.networkMessage).toContain(`the video ${VIDEO} (status WAITING_UPLOAD)`);
    expect(slept).toEqual([500, 1000, 2000, 4000, 5000, 5000]);
  });

  it("a read LinkedIn refuses fails with the client's own mapping", async () => {
    const { calls } = linkedIn(['AVAILABLE']);
    calls.send = () => Promise.resolve({ status: 500, headers: {}, body: Buffer.alloc(0) });
    await expect(waitUntilAssetAvailable(calls, 'image', IMAGE)).rejects.toThrow('status 500');
  });
});
