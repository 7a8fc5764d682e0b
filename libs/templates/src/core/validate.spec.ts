import { validateTemplate } from './validate';
import { availableVariables } from './variables';

const available = availableVariables(['flu_clinic_date', 'staff_name']);
const issuesOf = (source: string) => validateTemplate(source, available).issues;

describe('validateTemplate', () => {
  it('accepts practice and declared custom variables, the reviewed helpers and if/unless', () => {
    const source = [
      'Flu shots at {{practice.name}} on {{date vars.flu_clinic_date "cccc, MMMM d"}} 💉',
      '{{#if practice.bookingUrl}}Book: {{practice.bookingUrl}}{{else}}Call {{practice.phone}}{{/if}}',
      '{{#unless practice.portalUrl}}{{else}}Portal: {{practice.portalUrl}}{{/unless}}',
      '{{month}} {{year}} {{scheduled "MMMM d"}} {{truncate (date vars.flu_clinic_date "MMMM d") 20}} {{truncate "Hello" 10}}',
      '{{!-- a comment is fine --}}{{{practice.address}}}',
      '{{#if practice.website}}{{practice.website}}{{else if practice.email}}{{practice.email}}{{else}}{{practice.city}}{{/if}}',
    ].join('\n');
    const result = validateTemplate(source, available);
    expect(result.issues).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.variables).toEqual([
      'practice.name',
      'vars.flu_clinic_date',
      'practice.bookingUrl',
      'practice.phone',
      'practice.portalUrl',
      'practice.address',
      'practice.website',
      'practice.email',
      'practice.city',
    ]);
  });

  it('reports every unknown variable with its name and 1-based line/column', () => {
    const issues = issuesOf('Hello {{practice.nmae}}!\n  See you {{vars.flu_date}} and {{practice.name}}');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unknown_variable', path: 'practice.nmae', line: 1, column: 9 }),
      expect.objectContaining({ code: 'unknown_variable', path: 'vars.flu_date', line: 2, column: 13 }),
    ]);
    expect(issues[0]!.message).toContain('did you mean "practice.name"');
    expect(issues[1]!.message).toContain('vars.flu_date');
    expect(issues[1]!.message).toContain('requiredVars');
  });

  it('rejects custom variables a template did not declare, and bare names outside the namespaces', () => {
    expect(issuesOf('{{vars.holiday_name}}')).toEqual([
      expect.objectContaining({ code: 'unknown_variable', path: 'vars.holiday_name' }),
    ]);
    const [bare] = issuesOf('{{name}}');
    expect(bare).toMatchObject({ code: 'unknown_variable', path: 'name' });
    expect(bare!.message).toContain('practice.name');
  });

  it('finds unknown variables inside helper arguments, sub-expressions and conditions', () => {
    const issues = issuesOf('{{#if vars.nope}}x{{/if}} {{date vars.when "MMMM"}} {{truncate (date vars.then "d") 10}}');
    expect(issues.map((i) => i.path)).toEqual(['vars.nope', 'vars.when', 'vars.then']);
  });

  describe('prototype access', () => {
    it.each([
      ['{{constructor.constructor}}', 'forbidden_path'],
      ['{{__proto__}}', 'forbidden_path'],
      ['{{practice.constructor}}', 'forbidden_path'],
      ['{{practice.__proto__.polluted}}', 'forbidden_path'],
      ['{{[constructor]}}', 'forbidden_path'],
      ['{{this.constructor}}', 'forbidden_path'],
      ['{{practice.hasOwnProperty}}', 'forbidden_path'],
      ['{{truncate practice.toString 10}}', 'forbidden_path'],
      ['{{lookup this "constructor"}}', 'disallowed_helper'],
      ['{{lookup practice "name"}}', 'disallowed_helper'],
      ['{{truncate (lookup this "constructor") 10}}', 'disallowed_helper'],
      ['{{#with practice}}{{name}}{{/with}}', 'disallowed_helper'],
      ['{{@root.practice.name}}', 'scoped_path'],
      ['{{../practice.name}}', 'scoped_path'],
      ['{{this}}', 'scoped_path'],
    ])('%s is rejected as %s', (source, code) => {
      const issues = issuesOf(source);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues[0]!.code).toBe(code);
      expect(issues[0]!.line).toBe(1);
    });
  });

  describe('helpers, blocks and partials outside the reviewed set', () => {
    it.each([
      ['{{> footer}}', 'partial'],
      ['{{#> layout}}x{{/layout}}', 'partial'],
      ['{{*inline}}', 'unsupported'],
      ['{{#each practice}}{{this}}{{/each}}', 'disallowed_helper'],
      ['{{#if practice.name}}x{{else each practice}}y{{/if}}', 'disallowed_helper'],
      ['{{log practice.name}}', 'disallowed_helper'],
      ['{{helperMissing "x"}}', 'disallowed_helper'],
      ['{{shout practice.name}}', 'unknown_helper'],
      ['{{{{raw}}}}{{practice.name}}{{{{/raw}}}}', 'bad_block'],
      ['{{#practice.name}}section{{/practice.name}}', 'bad_block'],
      ['{{^practice.name}}inverted{{/practice.name}}', 'bad_block'],
      ['{{#date vars.flu_clinic_date "d"}}x{{/date}}', 'bad_block'],
      ['{{if practice.name}}', 'bad_block'],
      ['{{#if practice.name as |n|}}{{n}}{{/if}}', 'unsupported'],
      ['{{"literal"}}', 'unsupported'],
      ['{{[practice.name]}}', 'unsupported'],
    ])('%s is rejected as %s', (source, code) => {
      expect(issuesOf(source).map((i) => i.code)).toContain(code);
    });

    it('checks helper arguments', () => {
      expect(issuesOf('{{date}}')[0]).toMatchObject({ code: 'bad_arguments' });
      expect(issuesOf('{{date vars.flu_clinic_date}}')[0]!.message).toContain('usage: {{date');
      expect(issuesOf('{{date vars.flu_clinic_date practice.name}}')[0]!.message).toContain('format as quoted text');
      expect(issuesOf('{{date vars.flu_clinic_date "d" zone="UTC"}}')[0]!.message).toContain('no named arguments');
      expect(issuesOf('{{truncate practice.name 2}}')[0]!.message).toContain('whole number from 5');
      expect(issuesOf('{{truncate practice.name "80"}}')[0]!.code).toBe('bad_arguments');
      expect(issuesOf('{{truncate 42 10}}')[0]!.message).toContain('variable or quoted text');
      expect(issuesOf('{{month "MMMM"}}')[0]!.message).toContain('takes 0 argument(s)');
      expect(issuesOf('{{practice.name "x"}}')[0]).toMatchObject({ code: 'unknown_helper' });
    });
  });

  it('reports syntax errors with a position', () => {
    expect(issuesOf('Hello\n  {{practice.name}')).toEqual([
      { code: 'syntax', message: 'Template syntax error: unexpected "}"', line: 2, column: 18 },
    ]);
    const [mismatch] = issuesOf('x\n{{#if practice.name}}y{{/unless}}');
    expect(mismatch).toMatchObject({ code: 'syntax', line: 2 });
    expect(mismatch!.message).toBe("Template syntax error: if doesn't match unless");
    const [unclosed] = issuesOf('{{#if practice.name}}open');
    expect(unclosed).toMatchObject({ code: 'syntax', line: 1 });
    expect(unclosed!.message).toContain('is a {{/if}} missing?');
  });

  it('refuses an oversized template before parsing it', () => {
    expect(issuesOf('x'.repeat(70000))[0]!.message).toContain('at most 65536 characters');
  });

  it('lists issues in source order and keeps going after the first', () => {
    const issues = issuesOf('{{a}} {{> p}} {{b}}\n{{lookup this "x"}}');
    expect(issues.map((i) => [i.code, i.line, i.column])).toEqual([
      ['unknown_variable', 1, 3],
      ['partial', 1, 7],
      ['unknown_variable', 1, 17],
      ['disallowed_helper', 2, 1],
    ]);
  });
});
