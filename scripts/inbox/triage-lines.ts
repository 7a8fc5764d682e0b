// One input line of inbox:triage ({"id","text"}) to one output line ({"id","labels","findings"} or an error).
import { triage, TriageFinding, TriageLabel, TriageProfile } from '@app/inbox';

type Id = string | number;

export interface TriageLine {
  id?: Id;
  line?: number;
  labels?: TriageLabel[];
  findings?: TriageFinding[];
  error?: string;
}

/** Never throws: a bad line becomes `{ id, error }` (or `{ line, error }` with no usable id). Empty lines are skipped. */
export function triageLine(raw: string, lineNumber: number, profile: TriageProfile): TriageLine | undefined {
  if (raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch {
    return { line: lineNumber, error: 'not valid JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { line: lineNumber, error: 'expected a JSON object with "id" and "text"' };
  const item = parsed as Record<string, unknown>;
  const id = typeof item.id === 'string' || typeof item.id === 'number' ? item.id : undefined;
  const where: TriageLine = id === undefined ? { line: lineNumber } : { id };
  if (typeof item.text !== 'string') return { ...where, error: 'missing "text" (a string)' };
  try {
    const result = triage(item.text, profile);
    return { ...where, labels: result.labels, findings: result.findings };
  } catch (error) {
    return { ...where, error: `triage failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
