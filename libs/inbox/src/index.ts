// Public API of the inbox lib: comment triage (a pure core) and, later, the inbox itself.
export { triage } from './triage/triage';
export { TRIAGE_LABELS } from './triage/types';
export type {
  DiscountedFinding,
  Strength,
  TriageFinding,
  TriageLabel,
  TriageProfile,
  TriageResult,
} from './triage/types';
