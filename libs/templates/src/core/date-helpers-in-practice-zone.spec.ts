import { TemplateRenderError } from './errors';
import { renderTemplate, RenderContext } from './render';
import { SAMPLE_PRACTICE } from './sample-practice';

const la: RenderContext = { practice: SAMPLE_PRACTICE, network: 'facebook', timezone: 'America/Los_Angeles' };

describe('date helpers use the practice time zone', () => {
  it('shows an instant on its local day: Jan 31 03:30 UTC is still Jan 30 in Los Angeles', () => {
    const context = { ...la, vars: { open_house: '2026-01-31T03:30:00Z' } };
    expect(renderTemplate('{{date vars.open_house "MMMM d, h:mm a"}}', context)).toBe('January 30, 7:30 PM');
    expect(renderTemplate('{{date vars.open_house "MMMM d"}}', { ...context, timezone: 'UTC' })).toBe('January 31');
  });

  it('never shifts a calendar date, whatever the zone', () => {
    const source = '{{date vars.closure_date "cccc, MMMM d"}}';
    for (const timezone of ['America/Los_Angeles', 'Pacific/Auckland', 'Pacific/Honolulu', 'UTC']) {
      expect(renderTemplate(source, { ...la, timezone, vars: { closure_date: '2026-12-24' } })).toBe(
        'Thursday, December 24',
      );
    }
  });

  it('crosses the spring-forward gap correctly (US DST starts 2026-03-08 02:00 local)', () => {
    const source = '{{date vars.at "h:mm a ZZZZ"}}';
    expect(renderTemplate(source, { ...la, vars: { at: '2026-03-08T09:30:00Z' } })).toBe('1:30 AM PST');
    expect(renderTemplate(source, { ...la, vars: { at: '2026-03-08T10:30:00Z' } })).toBe('3:30 AM PDT');
    // A wall-clock time without an offset is read in the practice zone.
    expect(renderTemplate(source, { ...la, vars: { at: '2026-07-04T09:00' } })).toBe('9:00 AM PDT');
  });

  it('{{month}}, {{year}} and {{scheduled}} use the local day of the scheduled instant', () => {
    // 06:30 UTC on Nov 1 is 11:30 pm on Oct 31 in Los Angeles (still PDT; the clocks fall back at 09:00 UTC).
    const context = { ...la, scheduledAt: '2026-11-01T06:30:00Z' };
    expect(renderTemplate('{{month}} {{year}} / {{scheduled "cccc, MMM d"}}', context)).toBe(
      'October 2026 / Saturday, Oct 31',
    );
    // New Year's Eve in New York is already next year in UTC.
    expect(
      renderTemplate('{{year}}', { ...la, timezone: 'America/New_York', scheduledAt: '2027-01-01T03:00:00Z' }),
    ).toBe('2026');
  });

  it('explains a value that is not a date, naming the variable', () => {
    try {
      renderTemplate('Flu clinic {{date vars.flu_clinic_date "MMMM d"}}', {
        ...la,
        vars: { flu_clinic_date: 'next Tuesday' },
      });
      throw new Error('expected an error');
    } catch (error: unknown) {
      expect(error).toBeInstanceOf(TemplateRenderError);
      expect((error as TemplateRenderError).path).toBe('vars.flu_clinic_date');
      expect((error as Error).message).toContain('YYYY-MM-DD');
    }
    expect(() => renderTemplate('{{date vars.d "d"}}', { ...la, vars: { d: '2026-02-30' } })).toThrow(
      /not a valid date/,
    );
  });

  it('requires scheduledAt for the scheduled-date helpers', () => {
    expect(() => renderTemplate('{{month}}', la)).toThrow(/no scheduledAt was given/);
  });
});
