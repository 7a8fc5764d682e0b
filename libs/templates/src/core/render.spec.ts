import Handlebars from 'handlebars';
import { compileTemplate, RUNTIME_OPTIONS } from './environment';
import { TemplateRenderError, TemplateValidationError } from './errors';
import { renderTemplate, RenderContext } from './render';
import { templateRoot } from './render-context';
import { SAMPLE_PRACTICE } from './sample-practice';

const base: RenderContext = { practice: SAMPLE_PRACTICE, network: 'facebook', timezone: 'America/Chicago' };

function renderError(source: string, context: RenderContext = base): TemplateRenderError {
  try {
    renderTemplate(source, context);
  } catch (error: unknown) {
    if (error instanceof TemplateRenderError) return error;
    throw error;
  }
  throw new Error('expected a TemplateRenderError');
}

describe('renderTemplate', () => {
  it.each([
    'Plain text: flu shots Saturday 9-12 & walk-ins welcome <3',
    'Braces { alone } and } { and a lone {',
    '  leading and trailing whitespace\n\nwith blank lines  ',
    'Backslashes \\ and \\{ stay as written',
  ])('renders free text without a mustache exactly as Handlebars would: %s', (source) => {
    const compiled = compileTemplate(source)(templateRoot(base.practice, {}), {
      ...RUNTIME_OPTIONS,
      data: { render: { network: 'facebook', zone: base.timezone } },
    });
    expect(renderTemplate(source, base)).toBe(compiled);
    expect(renderTemplate(source, base)).toBe(source);
  });

  it('still refuses a bad zone for free text', () => {
    expect(renderError('Plain text', { ...base, timezone: 'Mars/Olympus' }).message).toMatch(/IANA time zone/);
  });

  it('fills practice and custom variables', () => {
    const out = renderTemplate('{{practice.name}} welcomes {{vars.staff_name}}! Call {{practice.phone}}.', {
      ...base,
      vars: { staff_name: 'Dr. Maya Chen' },
    });
    expect(out).toBe('Riverside Family Health & Dental Care welcomes Dr. Maya Chen! Call (555) 010-2040.');
  });

  it('does not HTML-escape: a social post is plain text, "&" must stay "&"', () => {
    const out = renderTemplate('{{practice.name}} <3 {{vars.note}}', { ...base, vars: { note: `"Tom's" <b>` } });
    expect(out).toBe(`Riverside Family Health & Dental Care <3 "Tom's" <b>`);
  });

  it('is deterministic and reuses the compiled template', () => {
    const source = '{{practice.name}} in {{month}}';
    const context = { ...base, scheduledAt: '2026-02-10T15:00:00Z' };
    expect(renderTemplate(source, context)).toBe(renderTemplate(source, context));
    expect(renderTemplate(source, context)).toBe('Riverside Family Health & Dental Care in February');
  });

  it('branches on optional practice fields with if/unless', () => {
    const source =
      '{{#if practice.bookingUrl}}Book online: {{practice.bookingUrl}}{{else}}Call {{practice.phone}}{{/if}}';
    expect(renderTemplate(source, base)).toBe(`Book online: ${SAMPLE_PRACTICE.bookingUrl}`);
    expect(renderTemplate(source, { ...base, practice: { ...SAMPLE_PRACTICE, bookingUrl: null } })).toBe(
      'Call (555) 010-2040',
    );
    expect(renderTemplate(source, { ...base, practice: { ...SAMPLE_PRACTICE, bookingUrl: '  ' } })).toBe(
      'Call (555) 010-2040',
    );
  });

  describe('strict: a missing value throws instead of rendering empty', () => {
    it('names a missing practice field and its position', () => {
      const error = renderError('Hi!\nPortal: {{practice.portalUrl}}', { ...base, practice: { name: 'Smile Co' } });
      expect(error.path).toBe('practice.portalUrl');
      expect(error.position).toEqual({ line: 2, column: 11 });
      expect(error.message).toContain('set it in the practice profile');
    });

    it('names a missing or empty custom variable', () => {
      expect(renderError('Closed {{vars.holiday_name}}').path).toBe('vars.holiday_name');
      expect(renderError('Closed {{vars.holiday_name}}', { ...base, vars: { holiday_name: '' } }).message).toContain(
        'fill it in for this post',
      );
    });

    it('names a missing value passed to a helper', () => {
      const error = renderError('On {{date vars.flu_clinic_date "MMMM d"}}');
      expect(error.path).toBe('vars.flu_clinic_date');
      expect(error.position).toEqual({ line: 1, column: 4 });
      expect(renderError('{{truncate vars.blurb 20}}').path).toBe('vars.blurb');
    });

    it('refuses a template that breaks the rules even if it was stored without validation', () => {
      expect(() => renderTemplate('{{lookup this "constructor"}}', base)).toThrow(TemplateValidationError);
      expect(() => renderTemplate('{{> partial}}', base)).toThrow(TemplateValidationError);
      expect(() => renderTemplate('{{practice.fax}}', base)).toThrow(/Unknown variable "practice.fax"/);
    });
  });

  it('rejects a bad zone, network or scheduledAt up front', () => {
    expect(renderError('x', { ...base, timezone: 'Mars/Olympus' }).message).toContain('IANA');
    expect(renderError('x', { ...base, network: 'myspace' as never }).message).toContain('Unknown network');
    expect(renderError('x', { ...base, scheduledAt: 'next tuesday' }).message).toContain('scheduledAt');
  });

  it('ignores values that are not text (a function in the context is never called)', () => {
    const practice = { ...SAMPLE_PRACTICE, phone: (() => 'called!') as unknown as string };
    expect(renderError('{{practice.phone}}', { ...base, practice }).path).toBe('practice.phone');
  });

  it('uses an isolated Handlebars: helpers and partials registered globally do not reach templates', () => {
    Handlebars.registerHelper('shout', (s: string) => s.toUpperCase());
    Handlebars.registerPartial('footer', 'global footer');
    try {
      expect(() => renderTemplate('{{shout practice.name}}', base)).toThrow(/Unknown helper "shout"/);
      expect(() => renderTemplate('{{> footer}}', base)).toThrow(TemplateValidationError);
    } finally {
      Handlebars.unregisterHelper('shout');
      Handlebars.unregisterPartial('footer');
    }
  });
});

describe('prototype tricks are harmless even past the validator', () => {
  // These go straight to the compiled environment, as if validation had been skipped.
  const run = (source: string): string =>
    compileTemplate(source)(templateRoot(SAMPLE_PRACTICE, {}), { ...RUNTIME_OPTIONS, data: { render: {} } });

  it.each(['{{constructor.constructor}}', '{{__proto__}}', '{{practice.constructor}}', '{{toString}}'])(
    '%s throws "not defined"',
    (source) => {
      expect(() => run(source)).toThrow(/not defined/);
    },
  );

  it.each([
    '{{lookup this "constructor"}}',
    '{{#each practice}}{{this}}{{/each}}',
    '{{#with practice}}{{name}}{{/with}}',
    '{{log "x"}}',
  ])('%s does not compile (known helpers only)', (source) => {
    expect(() => run(source)).toThrow(/knownHelpersOnly/);
  });

  it('cannot reach Function through any path', () => {
    expect(() => run('{{#if constructor}}{{constructor.constructor "return process"}}{{/if}}')).toThrow();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
