// The shape of a seeded library template (config/templates/*.json).
import { Network } from '../networks';

export const TEMPLATE_CATEGORIES = [
  'observance',
  'seasonal_tip',
  'office_news',
  'patient_portal',
  'education',
] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

export const SPECIALTIES = ['dental', 'medical', 'any'] as const;
export type Specialty = (typeof SPECIALTIES)[number];

/** An "MM-DD" day of the year; a window may wrap the new year (from "12-15" to "01-05"). */
export interface DateWindow {
  from: string;
  to: string;
}

export interface RequiredVar {
  /** Name under `vars.`, lower snake_case. */
  name: string;
  description: string;
  /** A realistic value, shown in the editor and used by the library spec to render the template. */
  example: string;
  /** `date` values are YYYY-MM-DD and are meant for {{date vars.x "…"}}. */
  type: 'text' | 'date';
}

interface TemplateBase {
  key: string;
  title: string;
  category: TemplateCategory;
  specialties: Specialty[];
  /** Base text; used for every network without its own variant. */
  body: string;
  variants?: Partial<Record<Network, string>>;
  requiredVars?: RequiredVar[];
  /** Without the leading #; appended by composeLibraryPost as far as the network's limit allows. */
  hashtags: string[];
}

export interface EvergreenTemplate extends TemplateBase {
  kind: 'evergreen';
}

/** A dated template carries exactly one of `month` (1-12) or `window`. */
export interface DatedTemplate extends TemplateBase {
  kind: 'dated';
  month?: number;
  window?: DateWindow;
}

export type LibraryTemplate = EvergreenTemplate | DatedTemplate;
