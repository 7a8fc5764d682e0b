// The fakes' post indexes answer exactly what the scans over every post they replaced answered,
// also when the controllable clock moves back and when tests push into the public arrays directly.
import { FacebookFake, LinkedInFake, XFake, type FacebookPost, type LinkedInPost, type XTweet } from '../../fakes';
import { RATE_LIMIT_MESSAGES } from '../../fakes/facebook/facebook-errors';
import { PostIndex, TimeIndex, pairKey } from '../../fakes/core/post-index';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A small deterministic PRNG (mulberry32): the same "random" run every time. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A clock that mostly moves forward by minutes to an hour or two, and now and then jumps back hours. */
function wanderingClock(pick: (n: number) => number): { now: () => number; step: () => void } {
  let now = Date.parse('2026-11-25T10:00:00Z');
  return { now: () => now, step: () => (now += pick(10) === 0 ? -pick(8) * HOUR : pick(4) * pick(4) * 20 * 60_000) };
}

describe('TimeIndex', () => {
  it('counts and finds the first item newer than t like a filter over the arrival order', () => {
    const pick = random(1);
    const index = new TimeIndex<{ key: string; at: number }>((e) => e.at);
    const all: Array<{ key: string; at: number }> = [];
    for (let i = 0; i < 2000; i++) {
      // Mostly ascending times, sometimes one from the past (a clock moved back).
      const entry = { key: `k${pick(3)}`, at: pick(20) === 0 ? pick(1000) : 1000 + i * 10 - pick(3) * 10 };
      index.add(entry.key, entry);
      all.push(entry);
      const key = `k${pick(4)}`;
      const after = pick(25_000);
      const newer = all.filter((e) => e.key === key && e.at > after);
      expect(index.newerThan(key, after)).toEqual({ count: newer.length, first: newer[0] });
    }
    expect([...index.keys()].sort()).toEqual(['k0', 'k1', 'k2']);
    index.clear();
    expect(index.newerThan('k0', 0)).toEqual({ count: 0, first: undefined });
  });

  it('uses a binary search while times never go back, a filter once they did (NaN included)', () => {
    const index = new TimeIndex<number>((at) => at);
    [1, 2, 2, 3].forEach((at) => index.add('a', at));
    expect(index.newerThan('a', 1)).toEqual({ count: 3, first: 2 });
    expect(index.newerThan('a', 3)).toEqual({ count: 0, first: undefined });
    index.add('a', Number.NaN);
    index.add('a', 4);
    expect(index.newerThan('a', 1)).toEqual({ count: 4, first: 2 });
  });
});

describe('PostIndex', () => {
  type Item = { id: string; key: string; at: number };
  const make = () =>
    new PostIndex<Item, 'key'>({
      id: (i) => i.id,
      time: (i) => i.at,
      keys: { key: (i) => (i.key === 'skip' ? undefined : i.key) },
    });

  it('catches up with pushes, and starts over for a replaced, shortened or refilled array', () => {
    const index = make();
    let array: Item[] = [{ id: '1', key: 'a', at: 1 }];
    expect(index.over(array).items('key', 'a')).toEqual(array);
    array.push({ id: '2', key: 'a', at: 2 }, { id: '3', key: 'b', at: 3 }, { id: '4', key: 'skip', at: 4 });
    expect(
      index
        .over(array)
        .items('key', 'a')
        .map((i) => i.id),
    ).toEqual(['1', '2']);
    expect([...index.over(array).keys('key')]).toEqual(['a', 'b']);
    array.pop();
    array.pop();
    expect(index.over(array).byId('3')).toBeUndefined();
    array.length = 0;
    array.push({ id: '5', key: 'a', at: 5 }, { id: '6', key: 'a', at: 6 });
    expect(
      index
        .over(array)
        .items('key', 'a')
        .map((i) => i.id),
    ).toEqual(['5', '6']);
    array = [{ id: '7', key: 'c', at: 7 }];
    expect(index.over(array).items('key', 'a')).toEqual([]);
    expect(index.over(array).byId('7')).toBe(array[0]);
  });

  it('finds the first post with an id, like find', () => {
    const array: Item[] = [
      { id: '1', key: 'a', at: 1 },
      { id: '1', key: 'b', at: 2 },
    ];
    expect(make().over(array).byId('1')).toBe(array[0]);
  });
});

describe("the fakes' windows equal the scans they replaced", () => {
  it('X: the 24-hour cap (count and reset) and the duplicate check', () => {
    const pick = random(2);
    const clock = wanderingClock(pick);
    const fake = new XFake({ now: clock.now });
    const users = ['u1', 'u2'];
    for (let i = 0; i < 400; i++) {
      clock.step();
      const tweet: XTweet = {
        id: fake.tweetIds.take(),
        authorId: users[pick(2)],
        textSent: `t${pick(20)}`,
        text: '',
        createdAt: clock.now(),
        mediaIds: [],
      };
      if (pick(4) > 0) fake.tweets.push(tweet);
      for (const userId of users) {
        const dayAgo = clock.now() - DAY;
        const today = fake.tweets.filter((t) => t.authorId === userId && t.createdAt > dayAgo);
        const reset = Math.ceil(((today[0]?.createdAt ?? clock.now()) + DAY) / 1000);
        expect(fake.dailyState(userId)).toEqual({ limit: 100, remaining: Math.max(0, 100 - today.length), reset });
        const text = `t${pick(20)}`;
        expect(fake.postedSince(userId, text, dayAgo)).toBe(
          fake.tweets.some((t) => t.authorId === userId && t.textSent === text && t.createdAt > dayAgo),
        );
      }
      const id = fake.tweets[pick(fake.tweets.length + 1)]?.id ?? 'none';
      expect(fake.lookup.byId(id)).toBe(fake.tweets.find((t) => t.id === id));
    }
  });

  it("LinkedIn: the duplicate found, the member's daily count (admin rights as of now) and the author finder", () => {
    const pick = random(3);
    const clock = wanderingClock(pick);
    const member = 'dRdEmO7f3a';
    const organizations = ['1', '2', '3'].map((id) => ({ id, localizedName: id, vanityName: id, admins: [member] }));
    const fake = new LinkedInFake({ now: clock.now, organizations });
    const authors = [
      'urn:li:organization:1',
      'urn:li:organization:2',
      'urn:li:organization:3',
      `urn:li:person:${member}`,
      'urn:li:person:other',
    ];
    for (let i = 0; i < 400; i++) {
      clock.step();
      if (pick(20) === 0) organizations[pick(3)].admins = pick(2) ? [member] : [];
      const text = `p${pick(20)}`;
      const post: LinkedInPost = {
        id: `urn:li:share:${fake.shareIds.take()}`,
        author: authors[pick(authors.length)],
        commentarySent: text,
        commentary: text,
        publishedText: text,
        truncated: false,
        visibility: 'PUBLIC',
        lifecycleState: 'PUBLISHED',
        createdAt: clock.now(),
        version: '202601',
      };
      if (pick(4) > 0) fake.published.push(post);
      const dayAgo = clock.now() - DAY;
      const memberPosts = fake.published.filter((p) => p.createdAt > dayAgo && fake.isAdmin(member, p.author)).length;
      expect(fake.memberPostsSince(member, dayAgo)).toBe(memberPosts);
      const limit = 1 + pick(fake.published.length + 2);
      expect(fake.memberReachedLimit(member, dayAgo, limit)).toBe(memberPosts >= limit);
      const author = authors[pick(authors.length)];
      const wanted = `p${pick(20)}`;
      const duplicate = fake.published
        .filter((p) => p.author === author && p.createdAt > dayAgo)
        .find((p) => p.publishedText === wanted);
      expect(fake.lookup.newerThan('text', pairKey(author, wanted), dayAgo).first).toBe(duplicate);
      expect(fake.lookup.items('author', author)).toEqual(fake.published.filter((p) => p.author === author));
    }
  });

  it('Facebook: the duplicate check, the per-Page feed and the hourly publish limit (#80001)', () => {
    const pick = random(4);
    const clock = wanderingClock(pick);
    const fake = new FacebookFake({ now: clock.now, pagePostsPerHour: 3 });
    const pages = ['100000000000101', '100000000000102'];
    const log: Array<{ pageId: string; at: number }> = [];
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      clock.step();
      const pageId = pages[pick(2)];
      const message = pick(5) === 0 ? undefined : `m${pick(20)}`;
      const post: FacebookPost = {
        id: `${pageId}_${fake.postIds.take()}`,
        pageId,
        message,
        createdTime: clock.now(),
        published: pick(3) > 0,
        via: 'feed',
      };
      if (pick(4) > 0) fake.feed.push(post);
      const dayAgo = clock.now() - DAY;
      const wanted = `m${pick(20)}`;
      expect(fake.postedSince(pageId, wanted, dayAgo)).toBe(
        fake.feed.some((p) => p.pageId === pageId && p.message === wanted && p.createdTime > dayAgo),
      );
      expect(fake.lookup.items('page', pageId)).toEqual(fake.feed.filter((p) => p.pageId === pageId));

      const recent = log.filter((e) => e.pageId === pageId && e.at > clock.now() - HOUR);
      const throttled = fake.throttlePublish(pageId);
      if (recent.length < 3) {
        expect(throttled).toBeUndefined();
        log.push({ pageId, at: clock.now() });
        continue;
      }
      refused += 1;
      const minutes = Math.max(1, Math.ceil((recent[0].at + HOUR - clock.now()) / 60_000));
      expect(throttled).toMatchObject({
        status: 400,
        headers: { 'x-business-use-case-usage': fake.bucHeader(pageId, 100, minutes) },
        json: { error: { code: 80001, message: RATE_LIMIT_MESSAGES[80001] } },
      });
    }
    expect(refused).toBeGreaterThan(20);
  });

  it('reset forgets every index', () => {
    const fake = new XFake();
    fake.tweets.push({ id: '1', authorId: 'u', textSent: 'a', text: 'a', createdAt: fake.nowMs(), mediaIds: [] });
    expect(fake.postedSince('u', 'a', 0)).toBe(true);
    fake.reset();
    expect([fake.postedSince('u', 'a', 0), fake.dailyState('u').remaining, fake.lookup.byId('1')]).toEqual([
      false,
      100,
      undefined,
    ]);
  });
});
