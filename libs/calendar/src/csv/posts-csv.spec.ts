// The CSV import's reading and row checks, without a database: numbering, quoting, zones, networks, limits.
import { emptyProfile, Practice } from '@app/practices';
import { ImportAccount } from './network-column';
import { PostsCsvResult, POSTS_CSV_MAX_ROWS, readPostsCsv } from './posts-csv';

const practice = Object.assign(new Practice(), {
  id: 'p1',
  name: 'Lakeside Family Medicine',
  timezone: 'America/New_York',
  profile: { ...emptyProfile(), phones: ['(555) 201-3300'] },
});
const accounts: ImportAccount[] = [
  { id: 'fb1', network: 'facebook', name: 'Lakeside Family Medicine', handle: null },
  { id: 'x1', network: 'x', name: 'Lakeside on X', handle: '@lakeside' },
];
const context = { practice, accounts, now: new Date('2027-01-01T12:00:00Z') };
const read = (text: string, over: Partial<typeof context> = {}) =>
  readPostsCsv(Buffer.from(text, 'utf8'), { ...context, ...over });
const problems = (result: PostsCsvResult) => (result.ok ? [] : result.problems);

describe('reading a posts CSV', () => {
  it('reads quoted text with commas and line breaks, a BOM, CRLF and two networks', () => {
    const file =
      '\uFEFFdate,time,networks,text,campaign\r\n' +
      '2027-01-12,09:00,"facebook;x","Flu shots are in, walk in today!\r\nCall {{practice.phone}}.",Flu season\r\n' +
      '2027-01-13,7:30,x,"He said ""hello""",\r\n';
    const result = read(file);
    expect(problems(result)).toEqual([]);
    if (!result.ok) return;
    expect(result.rows).toEqual([
      expect.objectContaining({
        row: 2,
        scheduledLocal: '2027-01-12T09:00',
        scheduledAt: new Date('2027-01-12T14:00:00Z'),
        accountIds: ['fb1', 'x1'],
        networks: ['facebook', 'x'],
        text: 'Flu shots are in, walk in today!\nCall {{practice.phone}}.',
        campaign: 'Flu season',
      }),
      expect.objectContaining({
        row: 3,
        scheduledLocal: '2027-01-13T07:30',
        accountIds: ['x1'],
        text: 'He said "hello"',
        campaign: null,
      }),
    ]);
  });

  it('numbers rows as a spreadsheet does: a multi-line cell is one row, blank rows still count', () => {
    const file =
      'date,time,networks,text\n2027-01-12,09:00,facebook,"line one\nline two\nline three"\n\n2027-01-12,25:00,facebook,Hi\n';
    expect(problems(read(file))).toEqual([{ row: 4, column: 'time', message: expect.stringContaining('HH:mm') }]);
  });

  it('reports every bad cell of every row', () => {
    const file = [
      'date,time,networks,text,campaign',
      '2027-02-30,09:00,facebook,Tip,',
      '2027-03-14,02:30,facebook,Tip,',
      '2027-03-15,09:00,tiktok,Tip,',
      '2027-03-15,09:00,facebook,,',
      '2027-03-15,09:00,facebook,Call {{practice.fone}},',
      `2027-03-15,09:00,x,${'a'.repeat(281)},`,
      '2026-12-31,09:00,facebook,Tip,',
      '2027-01-01,06:59,facebook,Tip,',
      '12/01/2027,9am,linkedin,Tip,',
    ].join('\n');
    expect(problems(read(file))).toEqual([
      { row: 2, column: 'date', message: 'date 2027-02-30 is not a day in the calendar' },
      {
        row: 3,
        column: 'time',
        reason: 'nonexistent_local_time',
        message: expect.stringContaining('does not exist in America/New_York'),
      },
      {
        row: 4,
        column: 'networks',
        message: 'Unknown network "tiktok"; use facebook, linkedin, x, instagram, google_business',
      },
      { row: 5, column: 'text', message: 'text is empty' },
      { row: 6, column: 'text', message: expect.stringContaining('Unknown variable "practice.fone"') },
      { row: 7, column: 'text', message: expect.stringMatching(/^The X text is 281 characters .*the limit is 280/) },
      { row: 8, column: 'date', message: expect.stringContaining('is in the past') },
      { row: 9, column: 'time', message: expect.stringContaining('is in the past') },
      { row: 10, column: 'date', message: expect.stringContaining('must be YYYY-MM-DD') },
      { row: 10, column: 'networks', message: expect.stringContaining('no connected LinkedIn account') },
    ]);
  });

  it('asks for an offset when a time happens twice, and takes it', () => {
    const twice = read('date,time,networks,text\n2027-11-07,01:30,facebook,Tip\n');
    expect(problems(twice)).toEqual([
      {
        row: 2,
        column: 'time',
        reason: 'ambiguous_local_time',
        message: expect.stringContaining('Write the time as 01:30-04:00 (the first) or 01:30-05:00 (the second)'),
      },
    ]);
    const second = read('date,time,networks,text\n2027-11-07,01:30-05:00,facebook,Tip\n');
    expect(second.ok && second.rows[0]).toMatchObject({
      scheduledAt: new Date('2027-11-07T06:30:00Z'),
      scheduledLocal: '2027-11-07T01:30',
      scheduledFor: '2027-11-07T01:30-05:00',
    });
    expect(problems(read('date,time,networks,text\n2027-07-07,09:00+02:00,facebook,Tip\n'))[0].message).toContain(
      'is not 09:00 in America/New_York',
    );
  });

  it('needs an account name when a network has several accounts', () => {
    const two = [...accounts, { id: 'fb2', network: 'facebook' as const, name: 'Uptown Clinic', handle: null }];
    expect(
      problems(read('date,time,networks,text\n2027-01-12,09:00,facebook,Tip\n', { accounts: two }))[0].message,
    ).toBe(
      'The practice has 2 Facebook accounts ("Lakeside Family Medicine", "Uptown Clinic"); write facebook:<account name> to pick one',
    );
    const picked = read('date,time,networks,text\n2027-01-12,09:00,"facebook:uptown clinic, twitter:@Lakeside",Tip\n', {
      accounts: two,
    });
    expect(picked.ok && picked.rows[0].accountIds).toEqual(['fb2', 'x1']);
  });

  it('reads semicolon-separated files from European spreadsheets', () => {
    const result = read('date;time;networks;text\n2027-01-12;09:00;"facebook,x";Hello, world\n');
    expect(result.ok && result.rows[0]).toMatchObject({ accountIds: ['fb1', 'x1'], text: 'Hello, world' });
  });

  it('refuses headers it does not know, and missing ones', () => {
    expect(problems(read('date,time,netwroks,text\n'))).toEqual([
      { row: 1, column: 'netwroks', message: expect.stringContaining('Unknown column "netwroks"') },
      { row: 1, column: 'networks', message: expect.stringContaining('no "networks" column') },
    ]);
  });

  it('refuses workbooks, binaries and other encodings with what to do', () => {
    const xlsx = readPostsCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), context);
    expect(problems(xlsx)[0].message).toContain('spreadsheet workbook');
    expect(
      problems(readPostsCsv(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a]), context))[0].message,
    ).toContain('not UTF-8');
    expect(problems(readPostsCsv(Buffer.from('date,time\u0000\u0001', 'utf8'), context))[0].message).toContain(
      'binary',
    );
    expect(problems(read(''))[0].message).toContain('The file is empty');
    expect(problems(read('date,time,networks,text\n'))[0].message).toBe('The file has a header but no posts');
  });

  it('refuses more rows than one import takes', () => {
    const rows = Array.from({ length: POSTS_CSV_MAX_ROWS + 1 }, () => '2027-01-12,09:00,facebook,Tip');
    expect(problems(read(['date,time,networks,text', ...rows].join('\n')))).toEqual([
      { row: null, column: null, message: 'The file has 1,001 posts; import at most 1,000 at a time (split the file)' },
    ]);
  });

  it('reports a row with more cells than the header, and a broken quote', () => {
    expect(problems(read('date,time,networks,text\n2027-01-12,09:00,facebook,Hello, world\n'))[0]).toMatchObject({
      row: 2,
      column: null,
    });
    expect(problems(read('date,time,networks,text\n2027-01-12,09:00,facebook,"Hello\n'))[0].message).toContain(
      'not valid CSV',
    );
  });
});
