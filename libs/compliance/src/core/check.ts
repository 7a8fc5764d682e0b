// The PHI check: runs every detector over a post and decides pass / warn / block.
import { buildAllowlist, PracticeAllowlist } from './allowlist';
import { Analysis, analyse, sentenceOf } from './analysis';
import { applyStoryModel } from './model/apply';
import { storyFeatures } from './model/features';
import { compileStoryModel } from './model/fast-score';
import { readStoryModel, StoryModel, storyModelVersion, storyThresholdsOf } from './model/model';
import { applyAuthorizations } from './authorizations';
import { detectCareRelationships } from './detectors/care-relationship';
import { detectDates } from './detectors/dates';
import { detectGeographic } from './detectors/geographic';
import { detectIdentifiers, findLinks } from './detectors/identifiers';
import { detectPeople } from './detectors/names';
import { detectReidentification } from './detectors/reidentification';
import { detectReviewReplies } from './detectors/reviews';
import { detectTestimonials, findAttributions } from './detectors/testimonials';
import { compromiseLexicon, Lexicon } from './lexicon';
import { compileRules, CompiledRules } from './rule-pack/compile';
import { findRulesDirectory, readRulePack, rulePackVersion } from './rule-pack/load';
import { RulePack } from './rule-pack/schema';
import { applyClearances } from './structure/clearances';
import { reclassifyByVocabulary } from './structure/not-people';
import { isPartnerHandle } from './structure/handles';
import { detectStructure } from './structure/detect';
import { NameTest } from './structure/names-in-tags';
import { vocabulary } from './structure/vocabulary';
import { CheckOptions, CheckResult, Finding, PracticeProfile, Verdict } from './types';
import { WordBook } from './word-book';

export interface Checker {
  readonly rulesVersion: string;
  check(text: string, profile: PracticeProfile, options?: CheckOptions): CheckResult;
  /** The story model's features of a post as the rules alone see it (for training the model). */
  storyFeatures(text: string, profile: PracticeProfile, options?: CheckOptions): string[];
}

const SEVERITY_RANK = { block: 2, warn: 1 } as const;

export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const f of findings) {
    if (f.severity === 'block') return 'block';
    verdict = 'warn';
  }
  return verdict;
}

/** One highlight per span and category: the most severe finding wins, first in text order. */
function tidy(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  const sorted = findings
    .slice()
    .sort((x, y) => x.start - y.start || y.end - x.end || SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity]);
  const out: Finding[] = [];
  // Same span means adjacent after sorting: compare within the run of equal spans only.
  let runStart = 0;
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (!last || last.start !== f.start || last.end !== f.end) runStart = out.length;
    let duplicate = false;
    for (let k = runStart; k < out.length && !duplicate; k++) duplicate = out[k].category === f.category;
    if (!duplicate) out.push(f);
  }
  return out;
}

function nameTestFor(allow: PracticeAllowlist, lexicon: Lexicon, rules: CompiledRules): NameTest {
  const vocab = vocabulary();
  return {
    vocab,
    ordinary: (word) => {
      const cls = lexicon.classOf(word);
      return cls !== undefined && cls !== 'first' && cls !== 'last' && cls !== 'person';
    },
    own: (word) => allow.nameWords.has(word) || allow.staff.firstNames.has(word) || allow.staff.lastNames.has(word),
    firstName: (word) => lexicon.classOf(word) === 'first',
    careWord: (word) => rules.phrases.hasWord('care_terms', word),
  };
}

/** A checker bound to one rule pack; the profile's allowlist is built once per profile object. */
export function createChecker(pack: RulePack = readRulePack(), model?: StoryModel): Checker {
  const rules: CompiledRules = compileRules(pack);
  const lexicon = compromiseLexicon();
  const vocab = vocabulary();
  // Only the compiled model and the thresholds are kept: the model's Map of feature names (~5 MB) is not.
  const compiled = model ? compileStoryModel(model) : undefined;
  const thresholds = model ? storyThresholdsOf(model) : undefined;
  const book = new WordBook(rules, lexicon);
  const allowlists = new WeakMap<PracticeProfile, { allow: PracticeAllowlist; names: NameTest }>();
  const allowlistFor = (profile: PracticeProfile): { allow: PracticeAllowlist; names: NameTest } => {
    let entry = allowlists.get(profile);
    if (!entry) {
      const allow = buildAllowlist(profile, rules);
      entry = { allow, names: nameTestFor(allow, lexicon, rules) };
      allowlists.set(profile, entry);
    }
    return entry;
  };
  const runRules = (text: string, profile: PracticeProfile, options: CheckOptions): Analysis => {
    const { allow, names } = allowlistFor(profile);
    const links = findLinks(text, rules, allow);
    const attributions = findAttributions(text);
    const a = analyse(text, links.masks, links.handles, rules, lexicon, allow, options, book);
    // A partner's handle (@cityparksrec, "with our friends at @x") is no more a patient than our own.
    for (const h of a.handles) if (!h.own && isPartnerHandle(a, h, sentenceOf(a, h.start))) h.own = true;
    detectPeople(
      a,
      attributions.filter((at) => at.testimonial).map((at) => at.credit),
    );
    reclassifyByVocabulary(a, vocab);
    detectIdentifiers(a, links.links);
    detectGeographic(a);
    // Re-identifying details first: they make an unnamed person's care identifiable.
    detectReidentification(a);
    detectCareRelationships(a);
    detectReviewReplies(a);
    detectDates(a);
    detectTestimonials(a, attributions);
    detectStructure(a, vocab, names);
    applyClearances(a);
    return a;
  };
  const version = model ? `${rules.version}+m${model.version}` : rules.version;
  return {
    rulesVersion: version,
    storyFeatures(text: string, profile: PracticeProfile, options: CheckOptions = {}): string[] {
      return [...storyFeatures(runRules(text, profile, options), vocab).keys()];
    },
    check(text: string, profile: PracticeProfile, options: CheckOptions = {}): CheckResult {
      const a = runRules(text, profile, options);
      if (thresholds && compiled) applyStoryModel(a, thresholds, compiled, vocab);
      const authorizations = options.authorizations;
      const outcome =
        authorizations && authorizations.length > 0 && a.findings.length > 0
          ? applyAuthorizations(tidy(a.findings), authorizations, options.now ?? new Date())
          : { findings: tidy(a.findings), authorized: [] };
      return {
        verdict: verdictOf(outcome.findings),
        findings: outcome.findings,
        authorized: outcome.authorized,
        rulesVersion: version,
      };
    },
  };
}

let defaultPack: RulePack | undefined;
let defaultChecker: Checker | undefined;

function packOnDisk(): RulePack {
  defaultPack ??= readRulePack();
  return defaultPack;
}

/** Version of the rule packs in config/phi-rules, e.g. "phi-rules@2025.11.0+1a2b3c4d". */
export function rulesVersion(): string {
  const model = storyModelVersion(findRulesDirectory());
  return model ? `${rulePackVersion(packOnDisk())}+m${model}` : rulePackVersion(packOnDisk());
}

/** The story model next to the rule packs (config/phi-rules/story-model.json), when there is one. */
export function storyModelOnDisk(): StoryModel | undefined {
  return readStoryModel(findRulesDirectory());
}

/** Checks a post with the rule packs and the story model in config/phi-rules. */
export function check(text: string, profile: PracticeProfile, options?: CheckOptions): CheckResult {
  defaultChecker ??= createChecker(packOnDisk(), storyModelOnDisk());
  return defaultChecker.check(text, profile, options);
}

/** The rules version of config/phi-rules at start-up; store it next to each stored result. */
export const RULES_VERSION: string = rulesVersion();
