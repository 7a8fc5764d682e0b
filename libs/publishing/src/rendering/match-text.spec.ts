import { isSamePostText } from './match-text';
import { renderForNetwork } from './render-text';

describe('isSamePostText', () => {
  it('X: links come back as t.co, media adds a t.co link, & < > come back escaped', () => {
    const sent = 'Book at https://smile-dental.com/book & save <today>';
    expect(isSamePostText('x', sent, 'Book at https://t.co/AbCdEf1234 &amp; save &lt;today&gt;')).toBe(true);
    expect(
      isSamePostText('x', sent, 'Book at https://t.co/AbCdEf1234 &amp; save &lt;today&gt; https://t.co/MeDiA12345'),
    ).toBe(true);
    expect(isSamePostText('x', sent, 'Book at https://t.co/AbCdEf1234 &amp; save tomorrow')).toBe(false);
    expect(isSamePostText('x', '', 'https://t.co/MeDiA12345')).toBe(true);
  });

  it('LinkedIn: compares what readers see, so escaped and stored forms match', () => {
    const sent = renderForNetwork('linkedin', 'Open Saturday (9-12) #smile');
    expect(isSamePostText('linkedin', sent, sent)).toBe(true);
    expect(isSamePostText('linkedin', sent, 'Open Saturday \\(9-12\\) #smile')).toBe(false);
    // Sent raw and cut by LinkedIn: the stored commentary is the cut part, still "the same post".
    expect(isSamePostText('linkedin', 'Open Saturday (9-12)', 'Open Saturday ')).toBe(true);
  });

  it('Facebook: exact text, ignoring line endings and surrounding space', () => {
    expect(isSamePostText('facebook', 'Hello\r\nthere ', 'Hello\nthere')).toBe(true);
    expect(isSamePostText('facebook', 'Hello', 'Hello!')).toBe(false);
  });
});
