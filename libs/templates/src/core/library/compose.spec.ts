import { postLength } from '../networks';
import { SAMPLE_PRACTICE } from '../sample-practice';
import { appendHashtags, composeLibraryPost } from './compose';
import { LibraryTemplate } from './types';

const template: LibraryTemplate = {
  key: 'hello',
  title: 'Hello',
  category: 'education',
  specialties: ['any'],
  kind: 'evergreen',
  body: 'Hello from {{practice.name}}!',
  variants: { x: 'Hi from {{practice.name}}' },
  hashtags: ['OralHealth', 'Smile'],
};

describe('composeLibraryPost', () => {
  const context = { practice: SAMPLE_PRACTICE, timezone: 'UTC' };

  it('uses the network variant when there is one, and appends hashtags on their own line', () => {
    expect(composeLibraryPost(template, { ...context, network: 'linkedin' })).toBe(
      'Hello from Riverside Family Health & Dental Care!\n\n#OralHealth #Smile',
    );
    expect(composeLibraryPost(template, { ...context, network: 'x' })).toBe(
      'Hi from Riverside Family Health & Dental Care\n\n#OralHealth #Smile',
    );
  });

  it('on X, keeps only the hashtags that still fit, in order, never cutting one', () => {
    const text = 'a'.repeat(268); // + "\n\n#OralHealth" would be 281; "#Smile #Go" makes exactly 280
    const result = appendHashtags(text, ['OralHealth', 'Smile', 'Go'], 'x');
    expect(result).toBe(`${text}\n\n#Smile #Go`);
    expect(postLength(result, 'x')).toBeLessThanOrEqual(280);
    expect(appendHashtags('a'.repeat(279), ['Smile'], 'x')).toBe('a'.repeat(279));
  });
});
