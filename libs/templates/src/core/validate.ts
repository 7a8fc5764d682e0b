// Save-time validation: a template is accepted only if it parses, uses only the reviewed helpers,
// and every variable it reads is one it may use. Unknown names fail here, with their position,
// instead of rendering as an empty string on the day the post goes out.
import { cachedAnalysis } from './analysis-cache';
import { TemplateIssue, TemplateValidationError } from './errors';
import { isWellFormedVariablePath } from './variables';

export interface TemplateValidation {
  valid: boolean;
  /** Every problem found, in source order. */
  issues: readonly TemplateIssue[];
  /** Distinct variable paths the template reads, in first-use order. */
  variables: readonly string[];
}

/**
 * @param availableVariables full paths the template may use, e.g. from `availableVariables(['flu_clinic_date'])`
 */
export function validateTemplate(source: string, availableVariables: Iterable<string>): TemplateValidation {
  const known = new Set(availableVariables);
  return checkTemplate(source, (path) => known.has(path), [...known]);
}

export function assertValidTemplate(source: string, availableVariables: Iterable<string>): void {
  const result = validateTemplate(source, availableVariables);
  if (!result.valid) throw new TemplateValidationError(result.issues);
}

/** Render-time check: the same structure rules, and any well-formed practice.* or vars.* path. */
export function checkRenderable(source: string): TemplateValidation {
  return checkTemplate(source, isWellFormedVariablePath, []);
}

function checkTemplate(
  source: string,
  isKnown: (path: string) => boolean,
  suggestions: readonly string[],
): TemplateValidation {
  const analysis = cachedAnalysis(source);
  const issues: TemplateIssue[] = [...analysis.issues];
  for (const ref of analysis.references) {
    if (isKnown(ref.path)) continue;
    const hint = suggest(ref.path, suggestions);
    issues.push({
      code: 'unknown_variable',
      message: `Unknown variable "${ref.path}"${hint ? `; did you mean "${hint}"?` : ''}${ref.path.startsWith('vars.') ? ' Custom variables must be declared in the template’s requiredVars.' : ''}`,
      line: ref.line,
      column: ref.column,
      path: ref.path,
    });
  }
  issues.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    valid: issues.length === 0,
    issues,
    variables: [...new Set(analysis.references.map((r) => r.path))],
  };
}

/** The closest known path: same last segment (`name` → `practice.name`) or a small edit distance. */
function suggest(path: string, candidates: readonly string[]): string | undefined {
  const last = path.split('.').pop();
  const sameLeaf = candidates.find((c) => c.split('.').pop() === last);
  if (sameLeaf) return sameLeaf;
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(path.length / 4)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(path, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
