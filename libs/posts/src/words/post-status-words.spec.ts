import { postStatusText, TIME_PASSED_TEXT, timePassedUnpublished } from './post-status-words';

describe('post status words', () => {
  const now = new Date('2026-12-07T15:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('says an approved post whose time passed unscheduled did not go out (it is never published late)', () => {
    expect(timePassedUnpublished({ status: 'approved', scheduledAt: at('2026-12-07T14:58:00Z') }, now)).toBe(true);
    expect(timePassedUnpublished({ status: 'approved', scheduledAt: at('2026-12-07T15:30:00Z') }, now)).toBe(false);
    expect(timePassedUnpublished({ status: 'approved', scheduledAt: null }, now)).toBe(false);
    // Scheduled or published posts have their own words; only an approved one is left behind by its time.
    expect(timePassedUnpublished({ status: 'scheduled', scheduledAt: at('2026-12-07T14:58:00Z') }, now)).toBe(false);
    expect(postStatusText('approved', [{ status: 'pending' }], true)).toBe(TIME_PASSED_TEXT);
    expect(postStatusText('approved', [{ status: 'pending' }], false)).toBe('Approved');
    expect(postStatusText('published', [{ status: 'published' }], true)).toBe('Published');
  });
});
