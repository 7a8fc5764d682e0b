// The feed as a calendar app reads it: parsed back with node-ical, across a DST change.
import * as ical from 'node-ical';
import { emptyProfile, Practice } from '@app/practices';
import { Post, PostTarget } from '@app/posts';
import { buildCalendarFeed, FeedEntry, feedEntryOf, summaryOf } from './calendar-feed';
import { formatOffset, transitions, vtimezoneOf } from './vtimezone';

const practice = { name: 'Lakeside Family Medicine', timezone: 'America/New_York' };
const options = {
  publicUrl: 'https://planner.example-dental.com/',
  from: new Date('2027-02-01T00:00:00Z'),
  to: new Date('2027-12-31T00:00:00Z'),
};

const entry = (over: Partial<FeedEntry>): FeedEntry => ({
  postId: '6a1f5e0c-0000-4000-8000-000000000001',
  status: 'scheduled',
  scheduledAt: new Date('2027-03-13T14:00:00Z'),
  createdAt: new Date('2027-01-01T00:00:00Z'),
  updatedAt: new Date('2027-01-02T00:00:00Z'),
  networks: ['facebook', 'x'],
  text: 'Flu shots are in, call (555) 201-3300 to book your visit this week at our main office.',
  publishedUrls: [],
  ...over,
});

const events = (text: string) =>
  Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');

describe('calendar feed', () => {
  it('places 09:00 New York time on both sides of the spring change, with a stable UID and link', () => {
    const text = buildCalendarFeed(
      practice,
      [
        entry({}),
        entry({
          postId: '6a1f5e0c-0000-4000-8000-000000000002',
          scheduledAt: new Date('2027-03-15T13:00:00Z'),
          status: 'draft',
          text: null,
        }),
      ],
      options,
    );
    expect(text).toContain('DTSTART;TZID=America/New_York:20270313T090000');
    expect(text).toContain('DTSTART;TZID=America/New_York:20270315T090000');
    expect(text).toContain('TRANSP:TRANSPARENT');
    const [before, after] = events(text).sort((a, b) => a.start.getTime() - b.start.getTime());
    expect(before.start.toISOString()).toBe('2027-03-13T14:00:00.000Z');
    expect(before.end!.toISOString()).toBe('2027-03-13T14:15:00.000Z');
    expect(after.start.toISOString()).toBe('2027-03-15T13:00:00.000Z');
    expect(before.uid).toBe('6a1f5e0c-0000-4000-8000-000000000001@planner.example-dental.com');
    expect(String(before.summary)).toBe(
      '[Scheduled] Flu shots are in, call (555) 201-3300 to book your visit… (Facebook, X)',
    );
    expect(String(before.description)).toContain(
      'Open in the planner: https://planner.example-dental.com/posts/6a1f5e0c-0000-4000-8000-000000000001',
    );
    expect(String(after.summary)).toBe('[Draft] Post not yet approved (Facebook, X)');
    expect(String(after.description)).not.toContain('Flu');
    expect(after.status).toBe('TENTATIVE');
  });

  it('writes DTSTAMP in UTC whatever the process zone', () => {
    const text = buildCalendarFeed(practice, [entry({})], options);
    expect(text).toMatch(/DTSTAMP:20270102T000000Z/);
  });

  it('escapes commas, semicolons and newlines in the text', () => {
    const text = buildCalendarFeed(practice, [entry({ text: 'Open late; Mon, Tue\nand Wed' })], options);
    const [event] = events(text);
    expect(String(event.summary)).toBe('[Scheduled] Open late; Mon, Tue and Wed (Facebook, X)');
    expect(String(event.description)).toMatch(/Open late; Mon, Tue\nand Wed$/);
  });

  it('labels posts with no accounts', () => {
    expect(summaryOf(entry({ networks: [], status: 'failed', text: 'Closed Monday' }))).toBe(
      '[Failed] Closed Monday (no accounts yet)',
    );
  });
});

describe('VTIMEZONE from Luxon', () => {
  it('finds the 2027 changes in New York to the minute', () => {
    const found = transitions(
      'America/New_York',
      Date.parse('2027-01-01T05:00:00Z'),
      Date.parse('2027-12-31T05:00:00Z'),
    );
    expect(found.map((t) => [new Date(t.at).toISOString(), t.from, t.to])).toEqual([
      ['2027-03-14T07:00:00.000Z', -300, -240],
      ['2027-11-07T06:00:00.000Z', -240, -300],
    ]);
  });

  it('writes each change at its local wall time, in the offset before it', () => {
    const text = vtimezoneOf('Europe/London', new Date('2027-01-01T00:00:00Z'), new Date('2027-12-31T00:00:00Z'));
    expect(text).toContain('BEGIN:DAYLIGHT\r\nDTSTART:20270328T010000\r\nTZOFFSETFROM:+0000\r\nTZOFFSETTO:+0100');
    expect(text).toContain('BEGIN:STANDARD\r\nDTSTART:20271031T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000');
  });

  it('has a single observance for a zone without DST, and formats half-hour offsets', () => {
    const text = vtimezoneOf('Asia/Kolkata', new Date('2027-01-01T00:00:00Z'), new Date('2027-12-31T00:00:00Z'));
    expect(text.match(/BEGIN:STANDARD/g)).toHaveLength(1);
    expect(text).toContain('TZOFFSETTO:+0530');
    expect(formatOffset(-570)).toBe('-0930');
  });
});

describe('what the feed shows of a post', () => {
  const clinic = Object.assign(new Practice(), {
    id: 'p1',
    name: 'Lakeside',
    timezone: 'America/New_York',
    profile: { ...emptyProfile(), phones: ['(555) 201-3300'] },
  });
  const post = (over: Partial<Post>) =>
    Object.assign(new Post(), {
      id: 'post-1',
      status: 'scheduled',
      baseText: 'Call {{practice.phone}}',
      variants: { x: 'X: {{practice.phone}}' },
      media: [],
      templateVars: {},
      timezone: 'America/New_York',
      scheduledAt: new Date('2027-03-13T14:00:00Z'),
      createdAt: new Date(),
      updatedAt: new Date(),
      targets: [],
      ...over,
    });
  const target = (network: 'facebook' | 'x', url: string | null = null) =>
    Object.assign(new PostTarget(), { accountId: `${network}-1`, network, url });

  it('shows reviewed text filled in, Facebook first, with the published links', () => {
    const entry = feedEntryOf(
      post({ status: 'published', targets: [target('x', 'https://x.com/i/1'), target('facebook')] }),
      clinic,
    );
    expect(entry).toMatchObject({
      networks: ['facebook', 'x'],
      text: 'Call (555) 201-3300',
      publishedUrls: ['https://x.com/i/1'],
    });
  });

  it('fills in variables even before accounts are chosen', () => {
    expect(feedEntryOf(post({ status: 'approved' }), clinic).text).toBe('Call (555) 201-3300');
  });

  it('keeps the text of an unreviewed post out of the feed', () => {
    for (const status of ['draft', 'in_review', 'changes_requested'] as const)
      expect(feedEntryOf(post({ status, targets: [target('x')] }), clinic).text).toBeNull();
  });
});
