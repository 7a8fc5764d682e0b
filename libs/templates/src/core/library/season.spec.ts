import { appliesOn } from './season';
import { LibraryTemplate } from './types';

const base = { key: 'k', title: 't', category: 'seasonal_tip', specialties: ['any'], body: 'b', hashtags: [] } as const;
const make = (extra: Partial<LibraryTemplate>): LibraryTemplate =>
  ({ ...base, specialties: ['any'], hashtags: [], kind: 'dated', ...extra }) as LibraryTemplate;

describe('appliesOn', () => {
  it('evergreen templates apply every day', () => {
    expect(appliesOn(make({ kind: 'evergreen' }), '2026-07-04')).toBe(true);
  });

  it('monthly templates apply within their month only', () => {
    const heart = make({ month: 2 });
    expect(appliesOn(heart, '2026-02-01')).toBe(true);
    expect(appliesOn(heart, '2026-02-28')).toBe(true);
    expect(appliesOn(heart, '2026-03-01')).toBe(false);
  });

  it('windows are inclusive and may wrap the new year', () => {
    const flu = make({ window: { from: '09-01', to: '11-30' } });
    expect(appliesOn(flu, '2026-09-01')).toBe(true);
    expect(appliesOn(flu, '2026-11-30')).toBe(true);
    expect(appliesOn(flu, '2026-12-01')).toBe(false);
    const winter = make({ window: { from: '12-01', to: '02-28' } });
    expect(appliesOn(winter, '2026-12-15')).toBe(true);
    expect(appliesOn(winter, '2027-01-10')).toBe(true);
    expect(appliesOn(winter, '2027-03-01')).toBe(false);
  });
});
