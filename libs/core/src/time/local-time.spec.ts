import { resolveRangeBound, resolveScheduledFor } from './local-time';

describe('resolveScheduledFor', () => {
  it('keeps 09:00 local on both sides of a DST change (America/New_York)', () => {
    expect(resolveScheduledFor('2026-10-30T09:00', 'America/New_York').instant.toISOString()).toBe(
      '2026-10-30T13:00:00.000Z',
    );
    expect(resolveScheduledFor('2026-11-02T09:00', 'America/New_York').instant.toISOString()).toBe(
      '2026-11-02T14:00:00.000Z',
    );
  });

  it('handles the southern hemisphere (Australia/Sydney goes forward in October)', () => {
    expect(resolveScheduledFor('2026-10-03T09:00', 'Australia/Sydney').instant.toISOString()).toBe(
      '2026-10-02T23:00:00.000Z',
    );
    expect(resolveScheduledFor('2026-10-05T09:00', 'Australia/Sydney').instant.toISOString()).toBe(
      '2026-10-04T22:00:00.000Z',
    );
  });

  it('maps 14:55 in Asia/Kolkata to 09:25Z and back', () => {
    const t = resolveScheduledFor('2026-12-01T14:55', 'Asia/Kolkata');
    expect(t.instant.toISOString()).toBe('2026-12-01T09:25:00.000Z');
    expect(t.local).toBe('2026-12-01T14:55');
  });

  it('refuses a time that does not exist (spring forward) and says which times work', () => {
    expect(() => resolveScheduledFor('2027-03-14T02:30', 'America/New_York')).toThrow(
      /does not exist in America\/New_York.*Pick 03:30 or later/,
    );
    expect(() => resolveScheduledFor('2027-03-28T01:30', 'Europe/London')).toThrow(/does not exist in Europe\/London/);
  });

  it('asks for an offset when a time happens twice (fall back), and accepts either', () => {
    expect(() => resolveScheduledFor('2026-11-01T01:30', 'America/New_York')).toThrow(
      /happens twice.*2026-11-01T01:30-04:00 \(the first\) or 2026-11-01T01:30-05:00 \(the second\)/,
    );
    expect(resolveScheduledFor('2026-11-01T01:30-04:00', 'America/New_York').instant.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(resolveScheduledFor('2026-11-01T01:30-05:00', 'America/New_York').instant.toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    expect(() => resolveScheduledFor('2026-10-25T01:30', 'Europe/London')).toThrow(/happens twice in Europe\/London/);
  });

  it('accepts instants with Z and records the local time in the zone', () => {
    expect(resolveScheduledFor('2026-07-01T16:00:00Z', 'Europe/London').local).toBe('2026-07-01T17:00');
  });

  it.each(['tomorrow', '2026-13-01T09:00', '2026-02-30T09:00', '2026-12-01', '2026-12-01T25:00'])(
    'refuses %s with a clear message',
    (input) => {
      // In the words of the page (no field names), with the field in the details for the API's answer.
      expect(() => resolveScheduledFor(input, 'America/Chicago')).toThrow(/is not a (valid )?date and time/);
      expect(() => resolveScheduledFor(input, 'America/Chicago')).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ field: 'scheduledFor' }) }),
      );
    },
  );
});

describe('resolveRangeBound', () => {
  it('reads local dates as whole days in the zone', () => {
    expect(resolveRangeBound('2026-12-01', 'America/Chicago', 'from').toISOString()).toBe('2026-12-01T06:00:00.000Z');
    expect(resolveRangeBound('2026-12-31', 'America/Chicago', 'to').toISOString()).toBe('2027-01-01T06:00:00.000Z');
  });

  it('requires an offset on instants', () => {
    expect(() => resolveRangeBound('2026-12-01T00:00', 'America/Chicago', 'from')).toThrow(/offset/);
    expect(resolveRangeBound('2026-12-01T00:00:00Z', 'America/Chicago', 'from').toISOString()).toBe(
      '2026-12-01T00:00:00.000Z',
    );
  });
});
