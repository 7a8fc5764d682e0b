import { arrayParameter, instant } from './calendar-rows-postgres';

// node-postgres' own timestamptz parser: what every other read in the app uses, and the fallback here.
const { types } = require('pg') as { types: { getTypeParser(oid: number): (text: string) => Date } };
const pgParse = types.getTypeParser(1184);
const fallback = jest.fn(pgParse);

describe('instant (timestamptz text from PostgreSQL)', () => {
  beforeEach(() => fallback.mockClear());

  it.each([
    '2024-03-01 06:00:00+00',
    '2024-03-01 06:00:00.1+00',
    '2024-03-01 06:00:00.12+00',
    '2024-03-01 06:00:00.123+00',
    '2024-03-01 06:00:00.1239+00',
    '2024-03-01 06:00:00.999999+00',
    '2024-02-29 23:59:59.000001+00',
    '1969-12-31 23:59:59.5+00',
    '0100-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999+00',
  ])('reads %s itself, to the same millisecond as node-postgres', (text) => {
    expect(instant(text, fallback).getTime()).toBe(pgParse(text).getTime());
    expect(fallback).not.toHaveBeenCalled();
  });

  it.each([
    '2024-03-01 07:00:00.25+01', // a session time zone other than UTC
    '2024-03-01 11:30:00+05:30',
    '0099-03-01 06:00:00+00', // Date.UTC would read year 99 as 1999
    '0044-03-15 12:00:00+00 BC',
    '12024-03-01 06:00:00+00',
    'infinity',
  ])('hands %s to node-postgres', (text) => {
    const got = instant(text, fallback);
    expect(fallback).toHaveBeenCalledWith(text);
    expect(Number(got)).toBe(Number(pgParse(text)));
  });
});

describe('arrayParameter', () => {
  it('joins ids into one PostgreSQL array literal', () => {
    expect(arrayParameter(['4c1a8e5e-0000-4000-8000-000000000001', '4c1a8e5e-0000-4000-8000-000000000002'])).toBe(
      '{"4c1a8e5e-0000-4000-8000-000000000001","4c1a8e5e-0000-4000-8000-000000000002"}',
    );
    expect(arrayParameter([])).toBe('{}');
  });

  it('leaves a value that needs escaping to node-postgres', () => {
    const values = ['plain', 'has "quotes"'];
    expect(arrayParameter(values)).toBe(values);
    expect(arrayParameter(['back\\slash'])).toEqual(['back\\slash']);
  });
});
