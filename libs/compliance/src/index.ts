// Public API of the compliance lib: the PHI checker core (pure TypeScript, no Nest or database).
export { check, createChecker, rulesVersion, storyModelOnDisk, verdictOf, RULES_VERSION } from './core/check';
export type { Checker } from './core/check';
export { readRulePack, findRulesDirectory, rulePackVersion } from './core/rule-pack/load';
export { RulePackError } from './core/rule-pack/schema';
export type {
  RulePack,
  RulePackFile,
  RuleManifest,
  RuleDefinition,
  PhraseList,
  WordMap,
} from './core/rule-pack/schema';
export { normalisePhone } from './core/allowlist';
export { taggerCallCount } from './core/lexicon';
export { CATEGORIES, AUTHORIZATION_USES, CHECK_KINDS } from './core/types';
export type {
  Authorization,
  AuthorizationRelied,
  AuthorizationUse,
  Category,
  CheckKind,
  CheckOptions,
  CheckResult,
  Finding,
  Network,
  PracticeProfile,
  Severity,
  Verdict,
} from './core/types';
export { hasPersonEvidence, hasStoryEvidence, isDowngradable, readsAPatient, scoreStory } from './core/model/model';
