import { DatedTemplate, EvergreenTemplate } from './types';
import { nextOccurrence, rollForward, upcomingExamples } from './next-occurrence';

const base = { title: 't', category: 'observance' as const, specialties: ['any' as const], body: 'b', hashtags: [] };
const heartMonth: DatedTemplate = { ...base, key: 'heart', kind: 'dated', month: 2 };
const holidays: DatedTemplate = { ...base, key: 'hol', kind: 'dated', window: { from: '12-15', to: '01-05' } };
const thanksgiving: DatedTemplate = { ...base, key: 'tg', kind: 'dated', window: { from: '11-20', to: '11-30' } };
const evergreen: EvergreenTemplate = { ...base, key: 'e', kind: 'evergreen' };

describe('a dated template suggests its next occurrence, never a past one', () => {
  it('proposes next year once this year’s month has passed', () => {
    expect(nextOccurrence(heartMonth, '2026-12-06')).toBe('2027-02-01');
    expect(nextOccurrence(heartMonth, '2026-01-10')).toBe('2026-02-01');
  });

  it('proposes today while the window is open, including the last day of February in a leap year', () => {
    expect(nextOccurrence(heartMonth, '2028-02-29')).toBe('2028-02-29');
    expect(nextOccurrence(thanksgiving, '2026-11-30')).toBe('2026-11-30');
    expect(nextOccurrence(thanksgiving, '2026-12-01')).toBe('2027-11-20');
  });

  it('handles a window across the new year', () => {
    expect(nextOccurrence(holidays, '2027-01-03')).toBe('2027-01-03');
    expect(nextOccurrence(holidays, '2027-01-06')).toBe('2027-12-15');
  });

  it('has no occurrence for an evergreen template', () => {
    expect(nextOccurrence(evergreen, '2026-12-06')).toBeNull();
  });

  it('moves a past example date to its next year and leaves future ones', () => {
    expect(rollForward('2026-11-26', '2026-12-06')).toBe('2027-11-26');
    expect(rollForward('2026-12-24', '2026-12-06')).toBe('2026-12-24');
    expect(rollForward('2024-02-29', '2026-03-01')).toBe('2027-02-28');
    expect(
      upcomingExamples(
        [
          { name: 'closure_date', description: 'd', example: '2026-01-19', type: 'date' },
          { name: 'hours', description: 'h', example: '9-5', type: 'text' },
        ],
        '2026-12-06',
      ).map((v) => v.example),
    ).toEqual(['2027-01-19', '9-5']);
  });
});
