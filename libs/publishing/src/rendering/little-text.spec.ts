import { LITTLE_TEXT_RESERVED, escapeLittleText, fromLittleText, toLittleText } from './little-text';

describe('LinkedIn little text format', () => {
  it('escapes every reserved character so the text publishes exactly as written', () => {
    const all = LITTLE_TEXT_RESERVED.join('');
    expect(escapeLittleText(all)).toBe('\\|\\{\\}\\@\\[\\]\\(\\)\\<\\>\\#\\\\\\*\\_\\~');
    expect(fromLittleText(escapeLittleText(all))).toBe(all);
  });

  it('keeps parentheses, e-mail addresses and underscores intact', () => {
    const text = 'Open Saturday (9-12). Questions: front_desk@smile.example <or call> ~ *today*';
    expect(fromLittleText(toLittleText(text))).toBe(text);
  });

  it('renders hashtags as hashtag templates, with reserved characters inside escaped', () => {
    expect(toLittleText('Brush twice #dental_care #smile!')).toBe(
      'Brush twice {hashtag|\\#|dental\\_care} {hashtag|\\#|smile}!',
    );
    expect(fromLittleText(toLittleText('Brush twice #dental_care #smile!'))).toBe('Brush twice #dental_care #smile!');
  });

  it('does not turn URL fragments or numbers into hashtags', () => {
    const text = 'See https://smile.example/faq#hours and room #2';
    const little = toLittleText(text);
    expect(little).not.toContain('{hashtag');
    expect(fromLittleText(little)).toBe(text);
  });

  it('handles emoji and non-Latin hashtags by UTF-16 position', () => {
    const text = '🦷🦷 Lächeln #zähne (neu)';
    expect(toLittleText(text)).toBe('🦷🦷 Lächeln {hashtag|\\#|zähne} \\(neu\\)');
  });

  it('reads mentions, and like LinkedIn stops at an unescaped reserved character', () => {
    expect(fromLittleText('Thanks @[Smile Dental](urn:li:organization:2414183)!')).toBe('Thanks Smile Dental!');
    expect(fromLittleText('Open Saturday (9-12)')).toBe('Open Saturday ');
  });
});
