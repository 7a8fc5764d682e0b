import { renderForNetwork } from './render-text';

describe('renderForNetwork', () => {
  it('escapes for LinkedIn only; Facebook and X take the text as written', () => {
    const text = 'Open Saturday (9-12) #smile';
    expect(renderForNetwork('linkedin', text)).toBe('Open Saturday \\(9-12\\) {hashtag|\\#|smile}');
    expect(renderForNetwork('facebook', text)).toBe(text);
    expect(renderForNetwork('x', text)).toBe(text);
  });

  it('normalises Windows line endings', () => {
    expect(renderForNetwork('x', 'a\r\nb\rc')).toBe('a\nb\nc');
  });
});
