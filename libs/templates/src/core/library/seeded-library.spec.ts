// Checks every template in config/templates/: it parses, uses only known variables, renders on
// every network with a sample practice, and fits each network's limit.
import { join } from 'node:path';
import { TemplateRenderError } from '../errors';
import { NETWORK_LIMITS, NETWORKS, networkTextProblems, postLength } from '../networks';
import { RenderContext } from '../render';
import { SAMPLE_PRACTICE } from '../sample-practice';
import { validateTemplate } from '../validate';
import { availableVariables } from '../variables';
import { composeLibraryPost, templateSourceFor } from './compose';
import { loadTemplateLibrary } from './load-library';
import { renderTemplate } from '../render';
import { LibraryTemplate } from './types';

const LIBRARY_DIR = join(__dirname, '..', '..', '..', '..', '..', 'config', 'templates');
const library = loadTemplateLibrary(LIBRARY_DIR);

function contextFor(template: LibraryTemplate, network: RenderContext['network']): RenderContext {
  const vars = Object.fromEntries((template.requiredVars ?? []).map((v) => [v.name, v.example]));
  return { practice: SAMPLE_PRACTICE, vars, network, timezone: 'America/Chicago', scheduledAt: '2026-10-05T15:00:00Z' };
}

describe('seeded template library', () => {
  it('has at least 45 templates with unique keys', () => {
    expect(library.length).toBeGreaterThanOrEqual(45);
    expect(new Set(library.map((t) => t.key)).size).toBe(library.length);
  });

  it('has at least 8 patient portal posts', () => {
    expect(library.filter((t) => t.category === 'patient_portal').length).toBeGreaterThanOrEqual(8);
  });

  it('has at least 12 dated observances, dental and medical, covering at least 10 months', () => {
    const observances = library.filter((t) => t.category === 'observance');
    expect(observances.length).toBeGreaterThanOrEqual(12);
    expect(observances.every((t) => t.kind === 'dated')).toBe(true);
    expect(observances.some((t) => t.specialties.includes('dental'))).toBe(true);
    expect(observances.some((t) => t.specialties.includes('medical'))).toBe(true);
    const months = new Set(
      observances.map((t) => (t.kind === 'dated' ? (t.month ?? Number(t.window?.from.slice(0, 2))) : 0)),
    );
    expect(months.size).toBeGreaterThanOrEqual(10);
  });

  it('covers every category', () => {
    const categories = new Set(library.map((t) => t.category));
    expect([...categories].sort()).toEqual([
      'education',
      'observance',
      'office_news',
      'patient_portal',
      'seasonal_tip',
    ]);
  });

  it('puts well-known observances in their real month', () => {
    const byKey = new Map(library.map((t) => [t.key, t]));
    const monthOf = (key: string) => {
      const t = byKey.get(key);
      return t?.kind === 'dated' ? t.month : undefined;
    };
    expect(monthOf('american-heart-month')).toBe(2);
    expect(monthOf('childrens-dental-health-month')).toBe(2);
    expect(monthOf('breast-cancer-awareness-month')).toBe(10);
    expect(monthOf('national-dental-hygiene-month')).toBe(10);
    expect(monthOf('american-diabetes-month')).toBe(11);
    const flu = byKey.get('flu-shot-season');
    expect(flu?.kind === 'dated' && flu.window).toEqual({ from: '09-01', to: '11-30' });
  });

  describe.each(library.map((t) => [t.key, t] as const))('%s', (_key, template) => {
    it('is dated with a month or window only if it is "dated"', () => {
      if (template.kind === 'dated')
        expect((template.month === undefined) !== (template.window === undefined)).toBe(true);
      else expect(template).not.toHaveProperty('month');
    });

    it('uses only practice variables and its own requiredVars', () => {
      const available = availableVariables((template.requiredVars ?? []).map((v) => v.name));
      for (const network of NETWORKS) {
        expect(validateTemplate(templateSourceFor(template, network), available).issues).toEqual([]);
      }
    });

    it.each(NETWORKS)('renders for %s within the limit', (network) => {
      const context = contextFor(template, network);
      const text = renderTemplate(templateSourceFor(template, network), context);
      expect(text).not.toMatch(/\{\{|\}\}|undefined|null/);
      expect(postLength(text, network)).toBeLessThanOrEqual(NETWORK_LIMITS[network]);
      expect(postLength(composeLibraryPost(template, context), network)).toBeLessThanOrEqual(NETWORK_LIMITS[network]);
    });

    it('has nothing Instagram or Google would refuse (hashtags, mentions, a phone number on Google)', () => {
      for (const network of ['instagram', 'google_business'] as const) {
        for (const bookingUrl of [SAMPLE_PRACTICE.bookingUrl, null]) {
          const context = { ...contextFor(template, network), practice: { ...SAMPLE_PRACTICE, bookingUrl } };
          let text: string;
          try {
            text = composeLibraryPost(template, context);
          } catch (error) {
            if (error instanceof TemplateRenderError) continue; // a booking post without booking: covered below
            throw error;
          }
          expect(networkTextProblems(text, network)).toEqual([]);
        }
      }
    });

    it('keeps the X text itself, before hashtags, within 280 weighted characters', () => {
      const text = renderTemplate(templateSourceFor(template, 'x'), contextFor(template, 'x'));
      expect(postLength(text, 'x')).toBeLessThanOrEqual(280);
    });

    it('still renders for a practice without online booking, unless booking is the point', () => {
      const context = { ...contextFor(template, 'facebook'), practice: { ...SAMPLE_PRACTICE, bookingUrl: null } };
      try {
        expect(renderTemplate(template.body, context)).not.toContain('book.riversidefamilyhealth');
      } catch (error: unknown) {
        expect(error).toBeInstanceOf(TemplateRenderError);
        expect((error as TemplateRenderError).path).toBe('practice.bookingUrl');
        expect(template.key).toBe('online-booking');
      }
    });

    it('contains nothing that ties a person to the practice (PHI-free copy)', () => {
      const texts = [template.body, ...Object.values(template.variants ?? {})].join('\n');
      expect(texts).not.toMatch(/@\w/); // no handles or tagged people
      expect(texts).not.toMatch(
        /\b(our patient(?! portal)|in the chair|testimonial|before and after|success story)\b/i,
      );
      expect(texts).not.toMatch(/\b(congratulations to|thanks for visiting|great seeing)\b/i);
    });
  });
});
