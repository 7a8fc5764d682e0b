// The fakes read uploaded videos with their own box reader (not the app's mp4box path): it must agree with the
// facts a test video was built with, or a fake would refuse (or pass) for the wrong reason.
import { sniffVideo } from '../../fakes/core/video';
import { testMp4 } from '../../support/test-video';

describe("the fakes' video reader", () => {
  it('reads an MP4 with its moov first, and a turned MOV whose moov comes last', () => {
    expect(sniffVideo(testMp4('a', { seconds: 12.5 }))).toEqual({
      container: 'mp4',
      durationMs: 12_500,
      width: 1080,
      height: 1920,
      codec: 'avc1',
      fps: 30,
    });
    const mov = testMp4('b', { container: 'mov', moovLast: true, rotated: true, width: 1920, height: 1080 });
    expect(sniffVideo(mov)).toMatchObject({ container: 'mov', width: 1080, height: 1920 });
  });

  it('says nothing of bytes that are not a video', () => {
    expect(sniffVideo(Buffer.from('not a video at all'))).toBeUndefined();
    expect(sniffVideo(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBeUndefined();
  });
});
