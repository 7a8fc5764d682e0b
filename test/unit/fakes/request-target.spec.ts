// The fakes take a plain request target as it is instead of parsing it as a URL: the same path and query either way.
import { parseTarget } from '../../fakes/core/request';

const ORIGIN = 'https://127.0.0.1:4101';

function asUrl(target: string) {
  const url = new URL(target, ORIGIN);
  return { path: url.pathname, query: [...url.searchParams] };
}

function parsed(target: string) {
  const { path, query } = parseTarget(target, ORIGIN);
  return { path, query: [...query] };
}

describe('parseTarget', () => {
  it.each([
    '/',
    '/v24.0/300000000001/feed?access_token=EAAB.x-y_z~1',
    '/rest/posts',
    '/2/tweets',
    '/2/users/1650000000000001/tweets?max_results=100&tweet.fields=created_at&start_time=2026-01-01T00:00:00Z',
    '/search?q=a+b&q=%20c%2Bd&empty=&flag',
    '/a/./b/../c',
    '/a/%2e%2E/b',
    '/..',
    '/a/.',
    '//evil.example/x',
    '/a//b',
    '/caf%C3%A9?x=%E2%82%AC',
    "/it's?q=it's",
    '/a b?c d',
    '/a"b<c>?x="y"',
    '/a\\b',
    '/a#frag',
    '/a?b#frag',
    '/a?x=%zz&y=%',
    '/a?x=1?y=2',
    '/\u00e9t\u00e9?\u00e9=\u00e9',
  ])('%s parses as a URL does', (target) => {
    expect(parsed(target)).toEqual(asUrl(target));
  });

  it('agrees with URL parsing on random targets', () => {
    const alphabet = 'ab/.%2eE?&=+#:@;,\'"<> \\~-_!$()*0';
    let seed = 7;
    const pick = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      let target = '/';
      for (let n = pick(12); n > 0; n--) target += alphabet[pick(alphabet.length)];
      expect(parsed(target)).toEqual(asUrl(target));
    }
  });
});
