import { AccountPace } from './account-pace';

describe('AccountPace', () => {
  it('lets `max` starts per account through in a window, then the next once the oldest has left it', () => {
    const pace = new AccountPace(2, 60_000);
    expect(pace.take('x', 0)).toBe(true);
    expect(pace.take('x', 1000)).toBe(true);
    expect(pace.take('x', 2000)).toBe(false);
    expect(pace.take('facebook', 2000)).toBe(true);
    expect(pace.take('x', 60_000)).toBe(true);
    expect(pace.take('x', 60_500)).toBe(false);
  });

  it('never limits with max 0', () => {
    const pace = new AccountPace(0, 60_000);
    for (let i = 0; i < 1000; i++) expect(pace.take('x', i)).toBe(true);
  });
});
