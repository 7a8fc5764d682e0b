import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testMp4 } from '../../../../test/support/test-video';
import { looksLikeVideo, readVideoFacts } from './video-facts';

const dir = mkdtempSync(join(tmpdir(), 'video-facts-'));
let n = 0;
function file(bytes: Buffer): string {
  const path = join(dir, `v${n++}`);
  writeFileSync(path, bytes);
  return path;
}

describe('readVideoFacts', () => {
  it('reads duration, size, codec and frame rate from an MP4 with its moov first', async () => {
    const bytes = testMp4('first', { seconds: 12.5, width: 1080, height: 1920, fps: 30 });
    expect(await readVideoFacts(file(bytes))).toEqual({
      format: 'mp4',
      mimeType: 'video/mp4',
      width: 1080,
      height: 1920,
      size: bytes.length,
      durationMs: 12_500,
      codec: 'h264',
      frameRate: 30,
    });
  });

  it('reads a MOV whose moov comes after the media data, HEVC at 24 fps, shown turned a quarter', async () => {
    const bytes = testMp4('last', {
      container: 'mov',
      codec: 'hvc1',
      moovLast: true,
      seconds: 2.5,
      fps: 24,
      width: 1920,
      height: 1080,
      rotated: true,
      bytes: 300_000,
    });
    expect(await readVideoFacts(file(bytes))).toMatchObject({
      format: 'mov',
      mimeType: 'video/quicktime',
      width: 1080,
      height: 1920,
      durationMs: 2500,
      codec: 'hevc',
      frameRate: 24,
      size: 300_000,
    });
  });

  it('says nothing for what is not a video: an image, text, a cut-off file', async () => {
    const jpeg = Buffer.from('ffd8ffe000104a4649460001', 'hex');
    expect(looksLikeVideo(jpeg)).toBe(false);
    expect(await readVideoFacts(file(jpeg))).toBeUndefined();
    expect(await readVideoFacts(file(Buffer.from('hello, this is not a video at all')))).toBeUndefined();
    const whole = testMp4('cut', { moovLast: true });
    expect(looksLikeVideo(whole)).toBe(true);
    expect(await readVideoFacts(file(whole.subarray(0, whole.length - 200)))).toBeUndefined();
  });
});
