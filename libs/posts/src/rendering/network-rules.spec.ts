import { applyPublicOrigin } from '@app/publishing';
import { googleOptionsOf, postProblems } from './network-rules';

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

describe('postProblems: what each network documents it takes', () => {
  it("refuses a GIF for X (its one-shot upload's media_type has no GIF) and a WebP for LinkedIn (Images API: JPG, GIF, PNG)", () => {
    expect(postProblems(post([image('image/jpeg'), image('image/gif')]), 'x', 'Hi')).toEqual([
      'X takes JPEG, PNG or WebP images only; image 2 is GIF. Save it as JPEG or PNG or WebP, or leave X out of this post.',
    ]);
    expect(postProblems(post([image('image/webp')]), 'x', 'Hi')).toEqual([]);
    expect(postProblems(post([image('image/webp')]), 'linkedin', 'Hi')).toEqual([
      'LinkedIn takes JPEG, PNG or GIF images only; image 1 is WebP. Save it as JPEG or PNG or GIF, or leave LinkedIn out of this post.',
    ]);
    expect(postProblems(post([image('image/gif')]), 'linkedin', 'Hi')).toEqual([]);
  });

  it('refuses a button on a Google offer, which Google ignores (LocalPost.callToAction: "Ignored for topic type OFFER")', () => {
    const offer = {
      topicType: 'OFFER' as const,
      event: { title: 'January whitening', start: '2027-01-01', end: '2027-01-31' },
    };
    expect(postProblems({ media: [], googlePost: offer }, 'google_business', 'Hi')).toEqual([]);
    expect(
      postProblems(
        {
          media: [],
          googlePost: { ...offer, callToAction: { actionType: 'BOOK', url: 'https://smile.example/book' } },
        },
        'google_business',
        'Hi',
      ),
    ).toEqual(['Google shows no button on an offer: remove the button (put the link in the offer terms or the text).']);
    expect(googleOptionsOf({ ...offer, callToAction: { actionType: 'CALL' } }).callToAction).toBeUndefined();
  });
});
