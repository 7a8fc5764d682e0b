import { parsePracticeCreateArgs } from './practice-command';

describe('practice:create arguments', () => {
  it('reads --flag value and --flag=value, defaulting the admin name to the address', () => {
    expect(
      parsePracticeCreateArgs([
        '--name',
        'Lakeside Dental',
        '--timezone=America/Denver',
        '--admin-email',
        'sam@lakeside.example',
      ]),
    ).toEqual({
      name: 'Lakeside Dental',
      timezone: 'America/Denver',
      adminEmail: 'sam@lakeside.example',
      adminName: 'sam',
    });
  });

  it('says what is missing or wrong, with the usage', () => {
    expect(() => parsePracticeCreateArgs(['--name', 'X'])).toThrow(/Missing --timezone, --admin-email\. Usage/);
    expect(() =>
      parsePracticeCreateArgs(['--name', 'X', '--timezone', 'Mars/Olympus', '--admin-email', 'a@b.example']),
    ).toThrow(/not an IANA time zone/);
    expect(() => parsePracticeCreateArgs(['--name', 'X', '--timezone', 'UTC', '--admin-email', 'nope'])).toThrow(
      /not an e-mail address/,
    );
    expect(() => parsePracticeCreateArgs(['--nam', 'X'])).toThrow(/Unknown argument "--nam"/);
    expect(() => parsePracticeCreateArgs(['--name'])).toThrow(/--name needs a value/);
  });
});
