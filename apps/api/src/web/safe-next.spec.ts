import { safeNext } from './safe-next';

describe('safeNext: only same-origin relative paths survive', () => {
  it.each(['/calendar', '/calendar?month=2026-12&view=week', '/review#post-12', '/compose?timezone=America%2FChicago'])(
    'keeps %s',
    (path) => {
      expect(safeNext(path)).toBe(path);
    },
  );

  it.each([
    ['protocol-relative', '//evil.example'],
    ['three slashes', '///evil.example'],
    ['backslash', '/\\evil.example'],
    ['backslash first', '\\/evil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['scheme', 'javascript:alert(1)'],
    ['data URL', 'data:text/html,hi'],
    ['tab (the reported payload)', '/%09/evil.example'],
    ['raw tab', '/\t/evil.example'],
    ['raw newline', '/\n/evil.example'],
    ['encoded newline', '/%0a/evil.example'],
    ['encoded carriage return', '/%0D/evil.example'],
    ['encoded NUL', '/%00/evil.example'],
    ['encoded slash', '/%2Fevil.example'],
    ['encoded slashes', '%2F%2Fevil.example'],
    ['encoded backslash', '/%5Cevil.example'],
    ['double-encoded slash', '/%252Fevil.example'],
    ['dot segment to //', '/.//evil.example'],
    ['parent segment to //', '/x/..//evil.example'],
    ['bad encoding', '/%E0%A4%A'],
    ['empty', ''],
    ['relative without slash', 'evil.example'],
    ['user info', '/@evil.example'.replace('/', '//')],
  ])('refuses %s', (_label, payload) => {
    expect(safeNext(payload)).toBe('/');
  });

  it('refuses what is not a string', () => {
    expect(safeNext(['/calendar', '//evil.example'])).toBe('/');
    expect(safeNext(undefined)).toBe('/');
  });
});
