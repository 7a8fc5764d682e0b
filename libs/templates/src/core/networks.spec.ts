import { fitsNetwork, NETWORK_LIMITS, NETWORK_NAMES, NETWORKS, postLength, withArticle } from './networks';

describe('the network vocabulary', () => {
  it('names and limits every network', () => {
    expect(NETWORK_LIMITS).toEqual({ facebook: 63206, linkedin: 3000, x: 280 });
    expect(NETWORKS.map((n) => NETWORK_NAMES[n])).toEqual(['Facebook', 'LinkedIn', 'X']);
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
});

describe('withArticle', () => {
  it('says each network as it is pronounced', () => {
    expect(NETWORKS.map((n) => withArticle(NETWORK_NAMES[n]))).toEqual(['a Facebook', 'a LinkedIn', 'an X']);
    expect(withArticle('Instagram')).toBe('an Instagram');
    expect(withArticle('SMS')).toBe('an SMS');
    expect(withArticle('Google Business Profile')).toBe('a Google Business Profile');
  });
});
