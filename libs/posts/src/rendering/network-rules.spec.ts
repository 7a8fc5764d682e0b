import { applyPublicOrigin } from '@app/publishing';
import { postProblems } from './network-rules';

const image = (mimeType?: string) => ({
  url: '/api/media/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  altText: 'A smile',
  mimeType,
});
const post = (media: ReturnType<typeof image>[]) => ({ media, googlePost: null });

describe('postProblems: images', () => {
  afterEach(() => applyPublicOrigin('https://planner.example-dental.com'));

  it('Instagram and Google need PUBLIC_URL to be a public https address to download the images from', () => {
    for (const publicUrl of ['http://localhost:3000', 'https://192.168.1.20', 'http://planner.example-dental.com']) {
      applyPublicOrigin(publicUrl);
      for (const network of ['instagram', 'google_business'] as const)
        expect(postProblems(post([image()]), network, 'Hello').join(' ')).toMatch(
          /set PUBLIC_URL to the planner's public https address/,
        );
      // Networks that get the bytes do not care, and a post without images needs nothing from the address.
      expect(postProblems(post([image()]), 'x', 'Hello')).toEqual([]);
      expect(postProblems(post([]), 'google_business', 'Hello')).toEqual([]);
    }
    applyPublicOrigin('https://planner.example-dental.com');
    expect(postProblems(post([image('image/jpeg')]), 'instagram', 'Hello')).toEqual([]);
  });

  it('counts the images each network takes and the types Instagram and Google take', () => {
    expect(postProblems(post([image(), image()]), 'google_business', 'Hi')).toEqual([
      'Google Business Profile takes at most 1 image in one post; this post has 2. Remove 1, or leave Google Business Profile out of this post.',
    ]);
    expect(postProblems(post(Array(4).fill(image())), 'x', 'Hi')).toEqual([]);
    expect(postProblems(post(Array(5).fill(image())), 'x', 'Hi')).toHaveLength(1);
    expect(postProblems(post(Array(10).fill(image())), 'facebook', 'Hi')).toEqual([]);
    expect(postProblems(post(Array(20).fill(image())), 'linkedin', 'Hi')).toEqual([]);
    expect(postProblems(post([image('image/jpeg'), image('image/png')]), 'instagram', 'Hi')).toEqual([
      'Instagram takes JPEG images only; image 2 is PNG. Save it as JPEG, or leave Instagram out of this post.',
    ]);
    expect(postProblems(post([image('image/png')]), 'google_business', 'Hi')).toEqual([]);
    expect(postProblems(post([image('image/webp')]), 'facebook', 'Hi')).toEqual([]);
  });
});
