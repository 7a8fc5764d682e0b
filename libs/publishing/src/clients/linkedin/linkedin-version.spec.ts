import { linkedInVersionStatus } from './linkedin-version';

describe('linkedInVersionStatus', () => {
  const at = (iso: string) => new Date(iso);

  it('202511 was expected to end by 2026-11-01, before LinkedIn sunset it on 2026-11-16', () => {
    expect(linkedInVersionStatus('202511', at('2026-11-10T00:00:00Z'))).toMatchObject({
      sunsetsAround: '2026-11-01',
      state: 'retired',
      warning: expect.stringContaining('LINKEDIN_VERSION 202511 is past its expected sunset'),
    });
  });

  it('warns 90 days ahead, and not before', () => {
    expect(linkedInVersionStatus('202611', at('2027-08-01T00:00:00Z'))).toMatchObject({
      state: 'current',
      warning: null,
    });
    expect(linkedInVersionStatus('202611', at('2027-08-04T00:00:00Z'))).toMatchObject({
      state: 'ending_soon',
      daysLeft: 89,
      warning: expect.stringMatching(/around 2027-11-01 \(in 89 days\)\. Set LINKEDIN_VERSION/),
    });
  });

  it('accepts the YYYYMM.RR form', () => {
    expect(linkedInVersionStatus('202612.01', at('2026-12-06T00:00:00Z')).sunsetsAround).toBe('2027-12-01');
  });
});
