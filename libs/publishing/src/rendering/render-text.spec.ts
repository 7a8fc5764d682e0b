import { InvalidTextError, TEXT_LIMITS, TextTooLongError, measureText, renderForNetwork, validateLength } from './render-text';

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

describe('validateLength', () => {
  it('uses the limits per network', () => {
    expect(TEXT_LIMITS).toEqual({ facebook: 63206, linkedin: 3000, x: 280 });
    expect(validateLength('facebook', 'a'.repeat(63206)).ok).toBe(true);
    expect(validateLength('facebook', 'a'.repeat(63207)).ok).toBe(false);
    expect(validateLength('linkedin', 'a'.repeat(3000)).ok).toBe(true);
    expect(validateLength('linkedin', 'a'.repeat(3001)).ok).toBe(false);
  });

  it('counts X by weight: a URL is 23, an emoji 2, CJK 2', () => {
    expect(measureText('x', `Book now ${'https://smile-dental.com/a/very/long/path/that/goes/on/and/on'}`)).toBe(9 + 23);
    expect(measureText('x', '🦷')).toBe(2);
    expect(measureText('x', '歯')).toBe(2);
    expect(validateLength('x', 'a'.repeat(280))).toMatchObject({ ok: true, remaining: 0 });
    expect(validateLength('x', '歯'.repeat(141))).toMatchObject({ ok: false, length: 282 });
  });

  it('over the limit is a clear error, never a truncation', () => {
    const result = validateLength('x', 'a'.repeat(300));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(TextTooLongError);
    expect(result.error.message).toBe('This X post is 300 characters long (X counts each link as 23 and most emoji as 2); X allows 280. Shorten it by 20.');
    expect(result.remaining).toBe(-20);
  });

  it('LinkedIn counts what readers see, not the escaping', () => {
    const text = `${'(a) '.repeat(700)}`; // 2800 visible characters, 4200 once escaped
    expect(validateLength('linkedin', text)).toMatchObject({ ok: true, length: 2800 });
  });

  it('refuses characters X does not accept', () => {
    const result = validateLength('x', 'hello \uFFFE');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(InvalidTextError);
  });
});
