import { pgArray } from './pg-array';

describe('pgArray', () => {
  it('writes strings quoted, nulls as NULL and numbers bare', () => {
    expect(pgArray(['a3bb189e-8bf9-3888-9912-ace4e6543002', null, 7, undefined])).toBe(
      '{"a3bb189e-8bf9-3888-9912-ace4e6543002",NULL,7,NULL}',
    );
  });

  it('escapes quotes and backslashes, and keeps commas, braces and the word NULL as text', () => {
    expect(pgArray(['say "hi"', 'back\\slash', 'a,b{c}', 'NULL', ''])).toBe(
      '{"say \\"hi\\"","back\\\\slash","a,b{c}","NULL",""}',
    );
  });

  it('is an empty array for no values', () => {
    expect(pgArray([])).toBe('{}');
  });
});
