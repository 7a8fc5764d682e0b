import {
  applyNetworkSettings,
  fitsNetwork,
  hashtagsIn,
  mentionsIn,
  NETWORK_LIMITS,
  NETWORK_NAMES,
  NETWORKS,
  networkTextProblems,
  postLength,
  withArticle,
} from './networks';

describe('the network vocabulary', () => {
  it('names and limits every network', () => {
    expect(NETWORK_LIMITS).toEqual({ facebook: 63206, linkedin: 3000, x: 280, instagram: 2200, google_business: 1500 });
    expect(NETWORKS.map((n) => NETWORK_NAMES[n])).toEqual([
      'Facebook',
      'LinkedIn',
      'X',
      'Instagram',
      'Google Business Profile',
    ]);
  });

  it('uses the limit per network', () => {
    expect(fitsNetwork('a'.repeat(63206), 'facebook')).toBe(true);
    expect(fitsNetwork('a'.repeat(63207), 'facebook')).toBe(false);
    expect(fitsNetwork('a'.repeat(3000), 'linkedin')).toBe(true);
    expect(fitsNetwork('a'.repeat(3001), 'linkedin')).toBe(false);
  });

  it('counts X by weight: a URL is 23, an emoji 2, CJK 2', () => {
    expect(postLength(`Book now ${'https://smile-dental.com/a/very/long/path/that/goes/on/and/on'}`, 'x')).toBe(9 + 23);
    expect(postLength('🦷', 'x')).toBe(2);
    expect(postLength('歯', 'x')).toBe(2);
    expect(fitsNetwork('a'.repeat(280), 'x')).toBe(true);
    expect(postLength('歯'.repeat(141), 'x')).toBe(282);
  });

  it('counts LinkedIn as readers see it, not as escaped for the API', () => {
    expect(fitsNetwork('(a) '.repeat(700), 'linkedin')).toBe(true);
  });

  it('counts Instagram hashtags and @mentions as Instagram does, against the configured limits', () => {
    expect(hashtagsIn('Smile! #dentist #Teeth, see https://x.com/#anchor and &#39; #2026')).toEqual([
      '#dentist',
      '#Teeth',
    ]);
    expect(mentionsIn('Thanks @dr.lee and @smile_team! mail me: a@b.com')).toEqual(['@dr.lee', '@smile_team']);
    expect(networkTextProblems('#a #b #c #d #e', 'instagram')).toEqual([]);
    expect(networkTextProblems('#a #b #c #d #e #f', 'instagram')[0]).toMatch(/6 hashtags; Instagram allows at most 5/);
    expect(networkTextProblems('#a #b #c #d #e #f', 'facebook')).toEqual([]);
    applyNetworkSettings({ hashtagLimit: 30, captionLimit: 100 });
    try {
      expect(networkTextProblems('#a #b #c #d #e #f', 'instagram')).toEqual([]);
      expect(fitsNetwork('a'.repeat(101), 'instagram')).toBe(false);
    } finally {
      applyNetworkSettings({ hashtagLimit: 5, captionLimit: 2200 });
    }
    const mentions = Array.from({ length: 21 }, (_, i) => `@user${i}`).join(' ');
    expect(networkTextProblems(mentions, 'instagram')[0]).toMatch(/21 accounts; Instagram allows at most 20/);
  });

  it('warns that Google refuses a phone number in a post (the Call button dials the listing)', () => {
    expect(networkTextProblems('Call us at (555) 123-4567', 'google_business')[0]).toMatch(/"Call" button/);
    expect(networkTextProblems('Open 9-12 on Dec 24, 2026', 'google_business')).toEqual([]);
    expect(fitsNetwork('a'.repeat(1500), 'google_business')).toBe(true);
    expect(fitsNetwork('a'.repeat(1501), 'google_business')).toBe(false);
  });
});

describe('withArticle', () => {
  it('says each network as it is pronounced', () => {
    expect(NETWORKS.map((n) => withArticle(NETWORK_NAMES[n]))).toEqual([
      'a Facebook',
      'a LinkedIn',
      'an X',
      'an Instagram',
      'a Google Business Profile',
    ]);
    expect(withArticle('Instagram')).toBe('an Instagram');
    expect(withArticle('SMS')).toBe('an SMS');
    expect(withArticle('Google Business Profile')).toBe('a Google Business Profile');
  });
});
