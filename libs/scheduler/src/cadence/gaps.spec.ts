import { findGaps, slotInGap } from './gaps';

const cadence = { minPostsPerWeek: 3, maxGapDays: 3, windows: [{ days: [1, 2, 3, 4, 5], from: '09:30', to: '17:00' }] };
const zone = 'America/Chicago';
const now = new Date('2027-01-04T15:00:00Z'); // Monday 09:00 in Chicago
const at = (iso: string) => new Date(iso);

describe('findGaps', () => {
  it('finds nothing when the account posts often enough', () => {
    const planned = [
      '2027-01-05',
      '2027-01-07',
      '2027-01-08',
      '2027-01-11',
      '2027-01-13',
      '2027-01-15',
      '2027-01-18',
    ].map((d) => at(`${d}T16:00:00Z`));
    expect(findGaps(cadence, zone, now, 14, at('2027-01-03T16:00:00Z'), planned)).toEqual([]);
  });

  it('reports a stretch longer than the allowed gap, and thin weeks', () => {
    const planned = ['2027-01-05', '2027-01-06', '2027-01-07', '2027-01-13'].map((d) => at(`${d}T16:00:00Z`));
    const gaps = findGaps(cadence, zone, now, 14, at('2027-01-03T16:00:00Z'), planned);
    expect(gaps.filter((g) => g.kind === 'long_gap').map((g) => [g.from.toISOString(), g.to.toISOString()])).toEqual([
      ['2027-01-07T16:00:00.000Z', '2027-01-13T16:00:00.000Z'],
      ['2027-01-13T16:00:00.000Z', '2027-01-18T15:00:00.000Z'],
    ]);
    expect(gaps.filter((g) => g.kind === 'thin_week').map((g) => g.planned)).toEqual([1]);
    expect(gaps[0].message).toMatch(/No post from Thu Jan 7 to Wed Jan 13 \(6 days; the cadence allows 3\)/);
  });

  it('treats an account that has never posted and has nothing planned as one long gap', () => {
    const gaps = findGaps(cadence, zone, now, 14, null, []);
    expect(gaps.filter((g) => g.kind === 'long_gap')).toHaveLength(1);
    expect(gaps.filter((g) => g.kind === 'thin_week')).toHaveLength(2);
  });
});

describe('slotInGap', () => {
  it('picks a weekday window start in the middle of the gap, in local time', () => {
    const slot = slotInGap(cadence, zone, { from: at('2027-01-07T16:00:00Z'), to: at('2027-01-13T16:00:00Z') }, now)!;
    expect(slot.toISOString()).toBe('2027-01-11T15:30:00.000Z'); // Monday 09:30 CST (the weekend has no window)
  });

  it('keeps the local window time across a DST change', () => {
    const slot = slotInGap(
      cadence,
      zone,
      { from: at('2027-03-12T16:00:00Z'), to: at('2027-03-17T16:00:00Z') },
      at('2027-03-10T00:00:00Z'),
    )!;
    expect(slot.toISOString()).toBe('2027-03-15T14:30:00.000Z'); // Monday 09:30 CDT
  });

  it('returns null when no window falls inside the gap', () => {
    expect(
      slotInGap(cadence, zone, { from: at('2027-01-09T06:00:00Z'), to: at('2027-01-10T20:00:00Z') }, now),
    ).toBeNull();
  });
});
