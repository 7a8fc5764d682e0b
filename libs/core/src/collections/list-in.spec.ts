import { listIn } from './list-in';

describe('listIn', () => {
  it('makes the list on first use and appends to the same list afterwards', () => {
    const groups = new Map<string, number[]>();
    listIn(groups, 'a').push(1);
    listIn(groups, 'b').push(2);
    listIn(groups, 'a').push(3);
    expect([...groups]).toEqual([
      ['a', [1, 3]],
      ['b', [2]],
    ]);
  });

  it('keeps a list already there', () => {
    const existing = [7];
    const groups = new Map([['k', existing]]);
    listIn(groups, 'k').push(8);
    expect(groups.get('k')).toBe(existing);
    expect(existing).toEqual([7, 8]);
  });
});
