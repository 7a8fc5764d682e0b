import { parseLibraryDocument, TemplateLibraryError } from './parse-library';

const valid = {
  key: 'holiday-closure',
  title: 'Holiday closure',
  category: 'office_news',
  specialties: ['any'],
  kind: 'evergreen',
  body: 'Closed {{date vars.closure_date "MMMM d"}}. Call {{practice.phone}}.',
  requiredVars: [{ name: 'closure_date', type: 'date', description: 'Day closed', example: '2026-12-25' }],
  hashtags: ['HolidayHours'],
};

function problemsOf(template: Record<string, unknown>): string[] {
  try {
    parseLibraryDocument({ templates: [template] }, 'test.json');
    return [];
  } catch (error: unknown) {
    if (error instanceof TemplateLibraryError) return [...error.problems];
    throw error;
  }
}

describe('parseLibraryDocument', () => {
  it('accepts a well-formed template', () => {
    const [template] = parseLibraryDocument({ templates: [valid] }, 'test.json');
    expect(template).toMatchObject({
      key: 'holiday-closure',
      kind: 'evergreen',
      requiredVars: [{ name: 'closure_date', type: 'date' }],
    });
  });

  it('rejects a document without a templates list', () => {
    expect(() => parseLibraryDocument([valid], 'x.json')).toThrow(/expected \{"templates"/);
  });

  it.each([
    [{ key: 'Not A Slug' }, 'kebab-case'],
    [{ category: 'promo' }, 'category must be one of'],
    [{ specialties: ['dental', 'any'] }, '"any" stands alone'],
    [{ specialties: [] }, 'non-empty list'],
    [{ kind: 'dated' }, 'exactly one of month or window'],
    [{ kind: 'dated', month: 13 }, 'month must be 1-12'],
    [{ kind: 'dated', window: { from: '02-30', to: '03-10' } }, 'real days'],
    [{ kind: 'evergreen', month: 2 }, 'no month or window'],
    [{ hashtags: ['#Tagged'] }, 'without the leading #'],
    [{ body: 'Hi {{vars.holiday_name}} {{date vars.closure_date "d"}}' }, 'Unknown variable "vars.holiday_name"'],
    [{ body: 'Hi {{practice.phone}}' }, 'declares "closure_date" but no text uses'],
    [
      { variants: { x: '{{lookup this "constructor"}} {{date vars.closure_date "d"}}' } },
      'x line 1, column 1: The "lookup" helper is not allowed',
    ],
    [{ variants: { mastodon: 'hi' } }, 'unknown network "mastodon"'],
    [{ requiredVars: [{ name: 'closureDate', description: 'd', example: 'e' }] }, 'lower snake_case'],
    [
      { requiredVars: [{ name: 'closure_date', type: 'date', description: 'd', example: 'Dec 25' }] },
      'a date example is YYYY-MM-DD',
    ],
  ])('reports %j', (change, expected) => {
    const problems = problemsOf({ ...valid, ...change });
    expect(problems.join('\n')).toContain(expected);
    expect(problems.every((p) => p.startsWith('test.json#0'))).toBe(true);
  });
});
