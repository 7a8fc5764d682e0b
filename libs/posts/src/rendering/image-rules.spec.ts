// The documented limits on an image's shape and size, checked from the facts read from its bytes, and the same
// limits from configuration (applyImageRules), as start-up sets them.
import { applyImageRules, applyPublicOrigin, imageRulesInForce } from '@app/publishing';
import type { PostMedia } from '../entities/post.entity';
import { mediaProblems } from './network-rules';

const image = (width: number, height: number, size = 200_000, mimeType = 'image/jpeg'): PostMedia => ({
  url: '/api/media/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  altText: 'A smile',
  mimeType,
  width,
  height,
  size,
});

describe('mediaProblems: the shape and size of each image', () => {
  const defaults = imageRulesInForce();
  beforeAll(() => applyPublicOrigin('https://planner.example-dental.com'));
  afterEach(() => applyImageRules(defaults));

  it('Instagram takes 4:5 to 1.91:1: a tall phone photo and a panorama are refused, the edges are not', () => {
    expect(mediaProblems([image(1080, 1350), image(1080, 1080), image(1910, 1000)], 'instagram')).toEqual([]);
    expect(mediaProblems([image(1080, 1080), image(1080, 1920), image(3000, 1000)], 'instagram')).toEqual([
      'Instagram takes images from 4:5 (portrait) to 1.91:1 (landscape); image 2 is 1080 × 1920 (9:16, too tall) and image 3 is 3000 × 1000 (3:1, too wide). Crop it, or leave Instagram out of this post.',
    ]);
    // Other networks take the same tall photo.
    for (const network of ['facebook', 'x', 'linkedin', 'google_business'] as const)
      expect(mediaProblems([image(1080, 1920)], network)).toEqual([]);
  });

  it('Google takes photos of at least 250 × 250 and from 10 KB to 5 MB', () => {
    expect(mediaProblems([image(250, 250, 10 * 1024)], 'google_business')).toEqual([]);
    expect(mediaProblems([image(249, 600)], 'google_business')).toEqual([
      'Google Business Profile needs photos at least 250 × 250 pixels; image 1 is 249 × 600. Use a larger photo, or leave Google out of this post.',
    ]);
    expect(mediaProblems([image(800, 600, 9 * 1024)], 'google_business')).toEqual([
      'Google Business Profile takes photos from 10 KB to 5 MB; image 1 is 9 KB. Save it at a higher quality or size, or leave Google out of this post.',
    ]);
  });

  it('LinkedIn takes at most 36,152,320 pixels', () => {
    expect(mediaProblems([image(6012, 6012)], 'linkedin')).toEqual([]);
    expect(mediaProblems([image(8000, 6000)], 'linkedin')).toEqual([
      'LinkedIn takes images of at most 36,152,320 pixels; image 1 is 8000 × 6000. Make it smaller, or leave LinkedIn out of this post.',
    ]);
  });

  it('an image whose facts are not known yet (a remote image before submission) is not judged by them', () => {
    const unmeasured: PostMedia = {
      url: 'https://cdn.example-dental.com/tall.jpg',
      altText: 'x',
      mimeType: 'image/jpeg',
    };
    expect(mediaProblems([unmeasured], 'instagram')).toEqual([]);
    expect(mediaProblems([unmeasured], 'google_business')).toEqual([]);
  });

  it('follows the limits in configuration', () => {
    applyImageRules({ instagramMinAspect: 3 / 4, googleMinSidePx: 400 });
    expect(mediaProblems([image(1080, 1440)], 'instagram')).toEqual([]);
    expect(mediaProblems([image(1080, 1500)], 'instagram').join(' ')).toContain('from 3:4 (portrait)');
    expect(mediaProblems([image(300, 300)], 'google_business').join(' ')).toContain('at least 400 × 400');
  });
});
