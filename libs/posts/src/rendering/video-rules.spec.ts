// A video's facts against each network's documented video rules (configurable through applyVideoRules, as start-up
// does from the <NETWORK>_VIDEO_* variables): every refusal names the network and says what to do.
import { applyPublicOrigin, applyVideoRules, videoRulesInForce } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';
import { mediaProblems } from './network-rules';

const MB = 1024 * 1024;
const video = (facts: Partial<PostMedia> = {}): PostMedia => ({
  url: '/api/media/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  altText: '',
  mimeType: 'video/mp4',
  width: 1080,
  height: 1920,
  size: 20 * MB,
  durationMs: 30_000,
  codec: 'h264',
  frameRate: 30,
  ...facts,
});
const photo: PostMedia = {
  url: 'https://cdn.example.com/a.jpg',
  altText: '',
  mimeType: 'image/jpeg',
  width: 1080,
  height: 1080,
};

describe('mediaProblems: videos', () => {
  const defaults = videoRulesInForce();
  beforeAll(() => applyPublicOrigin('https://planner.example-dental.com'));
  afterEach(() => applyVideoRules(defaults));

  it('a 30 s 9:16 H.264 MP4 goes to Instagram, Facebook, LinkedIn and X; Google takes no video', () => {
    for (const network of ['instagram', 'facebook', 'linkedin', 'x'] as const)
      expect(mediaProblems([video()], network)).toEqual([]);
    expect(mediaProblems([video()], 'google_business')).toEqual([
      "Google Business Profile posts take a photo, not a video: Google's API publishes no video in a post. Use a photo, or leave Google Business Profile out of this post.",
    ]);
  });

  it('too short for a reel, too long for X, too large for Instagram: each refusal names its network', () => {
    expect(mediaProblems([video({ durationMs: 2000 })], 'instagram')).toEqual([
      'Instagram takes videos from 3 seconds to 15 minutes long; the video is 2 seconds (too short). Use a longer video, or leave Instagram out of this post.',
    ]);
    expect(mediaProblems([video({ durationMs: 200_000 })], 'x')).toEqual([
      'X takes videos from 0.5 seconds to 2 min 20 s long; the video is 3 min 20 s (too long). Trim it, or leave X out of this post.',
    ]);
    expect(mediaProblems([video({ size: 350 * MB })], 'instagram')).toEqual([
      'Instagram takes videos of at most 300 MB; the video is 350 MB (too large). Compress or trim it, or leave Instagram out of this post.',
    ]);
    expect(mediaProblems([video({ size: 350 * MB })], 'linkedin')).toEqual([]);
  });

  it('LinkedIn takes MP4 only and 1:2.4 to 2.4:1; Instagram H.264/HEVC at 23-60 fps, at most 1920 px wide', () => {
    expect(mediaProblems([video({ mimeType: 'video/quicktime' })], 'linkedin')).toEqual([
      'LinkedIn takes MP4 videos only; the video is a MOV. Export it as MP4, or leave LinkedIn out of this post.',
    ]);
    expect(mediaProblems([video({ mimeType: 'video/quicktime' })], 'instagram')).toEqual([]);
    expect(mediaProblems([video({ width: 3000, height: 1000 })], 'linkedin')).toEqual([
      'LinkedIn takes videos from 1:2.4 (portrait) to 2.4:1 (landscape); the video is 3000 × 1000 (3:1, too wide). Crop it, or leave LinkedIn out of this post.',
    ]);
    expect(mediaProblems([video({ width: 3840, height: 2160, codec: 'prores', frameRate: 120 })], 'instagram')).toEqual(
      [
        'Instagram takes videos at most 1920 pixels wide; the video is 3840 × 2160. Export it smaller (for example 1080 × 1920), or leave Instagram out of this post.',
        'Instagram takes videos of 23 to 60 frames a second; the video has 120. Export it at 30 frames a second, or leave Instagram out of this post.',
        'Instagram takes H.264 or HEVC (H.265) video; the video is prores. Export it as MP4 (H.264), or leave Instagram out of this post.',
      ],
    );
  });

  it('a video goes alone: with a photo beside it every video network refuses', () => {
    expect(mediaProblems([video(), photo], 'facebook')).toEqual([
      'Facebook takes a video on its own: this post has a video and 1 other item. Post the video alone, or leave Facebook out of this post.',
    ]);
  });

  it('the limits are configuration: a shorter X limit refuses what the default took', () => {
    expect(mediaProblems([video({ durationMs: 60_000 })], 'x')).toEqual([]);
    applyVideoRules({ x: { maxSeconds: 45 } });
    expect(mediaProblems([video({ durationMs: 60_000 })], 'x')).toEqual([
      'X takes videos from 0.5 seconds to 45 seconds long; the video is 1 minute (too long). Trim it, or leave X out of this post.',
    ]);
  });
});
