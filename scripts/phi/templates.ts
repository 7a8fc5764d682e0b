// Our own template library as training examples that must pass: plain office news, tips and observances, the
// kind of post a real feed is full of and the writers' corpus (rich in hard negatives) has few of. Each template
// and network variant is rendered for one fictional practice with the examples its variables document.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PracticeProfile } from '@app/compliance';
import { renderTemplate } from '@app/templates';
import type { CorpusItem } from './corpus';

const TEMPLATES_DIR = resolve(__dirname, '..', '..', 'config', 'templates');
export const TEMPLATE_PRACTICE = 'template-library';

/** The practice the library is rendered for (its details are allowlisted like any practice's own). */
export const TEMPLATE_PROFILE: PracticeProfile = {
  name: 'Riverside Family Health & Dental Care',
  website: 'riversidefamilyhealth.example',
  addresses: ['120 River Road, Suite 4, Riverside, OR 97000'],
  phones: ['(555) 010-2040'],
  emails: ['hello@riversidefamilyhealth.example'],
  staff: ['Dr. Maya Chen', 'Dr. Luis Ortega', 'Sam Patel, RDH'],
  handles: ['@riversidefamilyhealth'],
  timezone: 'America/Los_Angeles',
};

interface TemplateFile {
  templates: Array<{
    key: string;
    body: string;
    variants?: Record<string, string>;
    requiredVars?: Array<{ name: string; example: string }>;
  }>;
}

export function templateItems(): CorpusItem[] {
  const items: CorpusItem[] = [];
  const practice = {
    name: TEMPLATE_PROFILE.name,
    phone: TEMPLATE_PROFILE.phones![0],
    email: TEMPLATE_PROFILE.emails![0],
    website: `https://www.${TEMPLATE_PROFILE.website}`,
    address: TEMPLATE_PROFILE.addresses![0],
    city: 'Riverside',
    bookingUrl: `https://www.${TEMPLATE_PROFILE.website}/book`,
    portalUrl: `https://portal.${TEMPLATE_PROFILE.website}`,
  };
  for (const file of readdirSync(TEMPLATES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const { templates } = JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as TemplateFile;
    for (const t of templates) {
      const vars = Object.fromEntries((t.requiredVars ?? []).map((v) => [v.name, v.example]));
      const sources: Array<[string, string]> = [['facebook', t.body], ...Object.entries(t.variants ?? {})];
      for (const [network, source] of sources) {
        const text = renderTemplate(source, {
          practice,
          vars,
          network: network as Parameters<typeof renderTemplate>[1]['network'],
          timezone: TEMPLATE_PROFILE.timezone!,
          scheduledAt: '2026-11-24T17:00:00Z',
        });
        items.push({
          id: `template-${t.key}-${network}`,
          text,
          label: 'pass',
          categories: [],
          practice: TEMPLATE_PRACTICE,
          kind: 'post',
          lang: 'en',
        });
      }
    }
  }
  return items;
}
