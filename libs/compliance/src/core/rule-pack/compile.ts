// Compiles a validated rule pack into what the detectors use: rule definitions, one phrase index, label regexes.
import { PhraseIndex } from './phrases';
import { RuleDefinition, RulePack, validateRulePack } from './schema';
import { rulePackVersion } from './load';

/** Every rule id the detectors emit; a pack without one of them is refused at load. */
export const RULE_IDS = [
  'care.named-patient',
  'care.named-patient-treatment',
  'care.patient-relationship',
  'care.tagged-patient',
  'care.specific-person',
  'care.anonymous-story',
  'care.direct-message',
  'care.billing-detail',
  'name.mentioned',
  'review.confirms-care',
  'review.records-disclosure',
  'review.care-detail',
  'testimonial.named',
  'testimonial.anonymous',
  'photo.identifiable',
  'photo.unidentified',
  'age.over-89',
  'reid.unique-person',
  'reid.rare-condition-place',
  'reid.rare-condition',
  'reid.room-number',
  'reid.superlative-patient',
  'id.phone',
  'id.phone-patient',
  'id.fax',
  'id.fax-patient',
  'id.email',
  'id.email-patient',
  'id.ssn',
  'id.record-number',
  'id.health-plan-number',
  'id.account-number',
  'id.license-number',
  'id.vehicle',
  'id.device',
  'id.url-person',
  'id.url-person-patient',
  'id.ip',
  'id.ip-patient',
  'id.handle',
  'geo.street-address',
  'geo.street-address-patient',
  'geo.place-patient',
  'geo.zip',
  'geo.zip-patient',
  'date.person',
  'care.described-person',
  'care.community-figure',
  'care.name-in-tag',
  'care.staff-as-patient',
  'care.named-patient-event',
  'care.story-model',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** Lists matched as phrases in the text. */
export const PHRASE_LISTS = [
  'care_terms',
  'visit_terms',
  'billing_terms',
  'body_parts',
  'care_verbs',
  'time_markers',
  'deixis',
  'generic_markers',
  'hypothetical_markers',
  'anonymous_patient',
  'future_invitation',
  'patient_honorifics',
  'professional_titles',
  'credentials',
  'staff_roles',
  'staff_markers',
  'salutations',
  'patient_markers',
  'kinship_titles',
  'family_suffixes',
  'org_words',
  'mascot_words',
  'fictional_names',
  'not_names',
  'ambiguous_names',
  'name_particles',
  'review_cues',
  'records_cues',
  'safe_reply_cues',
  'testimonial_cues',
  'photo_cues',
  'photo_hints',
  'consent_cues',
  'identify_invites',
  'uniqueness_cues',
  'unique_person_nouns',
  'rare_condition_cues',
  'small_place_cues',
  'room_labels',
  'superlative_patient',
  'person_date_cues',
  'place_prepositions',
  'event_cues',
  'sponsor_cues',
  'public_figures',
  'quote_cues',
  'celebrity_cues',
  'kin_words',
  'group_nouns',
  'person_nouns',
  'community_titles',
  'anchor_words',
  'slot_words',
  'endearments',
  'you_know_who',
  'picture_cues',
  'care_events',
] as const;
export type PhraseListName = (typeof PHRASE_LISTS)[number];

/** Lists used as literal labels in front of numbers (compiled to regular expressions). */
export const LABEL_LISTS = [
  'fax_labels',
  'record_number_labels',
  'health_plan_labels',
  'account_labels',
  'license_labels',
  'vehicle_labels',
  'device_labels',
] as const;
export type LabelListName = (typeof LABEL_LISTS)[number];

const VALUE_LISTS = ['person_url_hosts', 'toll_free_prefixes', 'restricted_zip3', 'role_mailboxes'] as const;
type ValueListName = (typeof VALUE_LISTS)[number];

export interface CompiledRules {
  version: string;
  rules: ReadonlyMap<string, RuleDefinition>;
  phrases: PhraseIndex;
  labels: Readonly<Record<LabelListName, RegExp>>;
  /** Cheap test per label list (its words, no look-arounds) run before the full expression. */
  labelHints: Readonly<Record<LabelListName, RegExp>>;
  /** A fax label shortly before the end of the string ("faxed the referral to "). */
  faxNearby: RegExp;
  values: Readonly<Record<ValueListName, ReadonlySet<string>>>;
  /** Address word → canonical form ("st" → "street"). */
  addressWords: ReadonlyMap<string, string>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "MRN", "member ID", "card ending in" followed by an identifier-looking value: letters and digits
 * with at least three digits, so "your chart" or "claim denied" never match.
 */
function labelAlternatives(labels: readonly string[]): string {
  return [...labels]
    .sort((a, b) => b.length - a.length)
    .map((l) =>
      escapeRegExp(l)
        .replace(/\\?\s+/g, '[\\s-]*')
        .replace(/'/g, "['’]?"),
    )
    .join('|');
}

function labelRegex(labels: readonly string[]): RegExp {
  const alternatives = labelAlternatives(labels);
  const value = '(?=[A-Za-z0-9-]*\\d[A-Za-z0-9-]*\\d[A-Za-z0-9-]*\\d)[A-Za-z0-9][A-Za-z0-9-]{2,}[A-Za-z0-9]';
  return new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}])[\\s:#.]*(?:(?:no|number|is|was|of)\\.?[\\s:#]*)?(${value})`,
    'giu',
  );
}

function withUnaccented(phrases: readonly string[]): string[] {
  const out = new Set(phrases);
  for (const p of phrases)
    out.add(
      p
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .normalize('NFC'),
    );
  return [...out];
}

export function compileRules(pack: RulePack): CompiledRules {
  validateRulePack(pack, RULE_IDS, [...PHRASE_LISTS, ...LABEL_LISTS, ...VALUE_LISTS]);
  const rules = new Map<string, RuleDefinition>();
  const phrases = new PhraseIndex();
  const listPhrases = new Map<string, string[]>();
  let addressMap: Record<string, string[]> = {};
  for (const file of pack.packs) {
    for (const rule of file.rules) rules.set(rule.id, rule);
    for (const [name, list] of Object.entries(file.lists)) {
      // People type Spanish without its accents: a language pack's phrases match both ways.
      const own = file.language ? withUnaccented(list.phrases) : list.phrases;
      listPhrases.set(name, [...(listPhrases.get(name) ?? []), ...own]);
      if ((PHRASE_LISTS as readonly string[]).includes(name))
        for (const p of own) phrases.add(name, p, list.plurals === true);
    }
    if (file.maps?.address_words) addressMap = { ...addressMap, ...file.maps.address_words.entries };
  }
  const get = (name: string): string[] => listPhrases.get(name) ?? [];
  const labels = Object.fromEntries(LABEL_LISTS.map((name) => [name, labelRegex(get(name))])) as Record<
    LabelListName,
    RegExp
  >;
  const hintWords = (name: string): string[] => [
    ...new Set(
      get(name)
        .map((l) => escapeRegExp(l.toLowerCase().split(/[\s'#/]+/)[0]))
        .filter((w) => w !== ''),
    ),
  ];
  const labelHints = Object.fromEntries(
    LABEL_LISTS.map((name) => [name, new RegExp(hintWords(name).join('|'), 'i')]),
  ) as Record<LabelListName, RegExp>;
  const values = Object.fromEntries(
    VALUE_LISTS.map((name) => [name, new Set(get(name).map((v) => v.toLowerCase()))]),
  ) as Record<ValueListName, Set<string>>;
  const addressWords = new Map<string, string>();
  for (const [canonical, variants] of Object.entries(addressMap)) {
    addressWords.set(canonical, canonical);
    for (const v of variants) if (!addressWords.has(v)) addressWords.set(v, canonical);
  }
  const faxNearby = new RegExp(
    `(?<![\\p{L}])(?:${labelAlternatives(get('fax_labels'))})(?![\\p{L}])[^.!?\\n]{0,40}$`,
    'iu',
  );
  return {
    version: rulePackVersion(pack),
    rules,
    phrases,
    labels,
    labelHints,
    faxNearby,
    values,
    addressWords,
  };
}
