// renderTemplate: turns a validated template into the text of one post for one network.
// Deterministic: the output depends only on the source and the context (no clock, fixed locale).
import { cachedAnalysis, BoundedCache } from './analysis-cache';
import { isValidZone, parseDateValue } from './dates';
import { compileTemplate, RUNTIME_OPTIONS, TemplateFunction } from './environment';
import { TemplateRenderError, TemplateValidationError } from './errors';
import { HelperFailure, RenderSettings } from './helpers';
import { isNetwork, Network } from './networks';
import { templateRoot } from './render-context';
import { checkRenderable } from './validate';
import { CustomVariables, PracticeVariables } from './variables';

export interface RenderContext {
  practice: PracticeVariables;
  /** Values of the template's custom variables, by name (`flu_clinic_date`, not `vars.flu_clinic_date`). */
  vars?: CustomVariables;
  network: Network;
  /** ISO 8601 instant the post goes out (e.g. 2026-10-05T15:00:00Z); required by {{scheduled}}, {{month}}, {{year}}. */
  scheduledAt?: string;
  /** The practice's IANA time zone, e.g. America/Chicago. */
  timezone: string;
}

const compiled = new BoundedCache<TemplateFunction>(500);
/** Parsed publish times (Luxon's zone math is costly; many posts share a slot such as 9:00 on Monday). */
const scheduledTimes = new BoundedCache<ReturnType<typeof parseDateValue>>(1000);

/**
 * @throws TemplateValidationError if the source breaks the template rules (checked again here
 *   because a stored template may predate a rule), TemplateRenderError if a value is missing or malformed.
 */
export function renderTemplate(source: string, context: RenderContext): string {
  const settings = renderSettings(context);
  // Free text with no mustache renders to itself; skipping the parse and compile matters when a worker
  // renders thousands of distinct posts at once (the compile cache cannot help them).
  if (!source.includes('{{')) return source;
  const check = checkRenderable(source);
  if (!check.valid) throw new TemplateValidationError(check.issues);
  const template = compiled.getOrCreate(source, compileTemplate);
  try {
    return template(templateRoot(context.practice, context.vars ?? {}), {
      ...RUNTIME_OPTIONS,
      data: { render: settings },
    });
  } catch (error: unknown) {
    throw renderError(error, source);
  }
}

function renderSettings(context: RenderContext): RenderSettings {
  if (!isNetwork(context.network))
    throw new TemplateRenderError(`Unknown network "${String(context.network)}"`, undefined);
  if (!isValidZone(context.timezone)) {
    throw new TemplateRenderError(`"${context.timezone}" is not an IANA time zone (e.g. America/New_York)`, undefined);
  }
  if (context.scheduledAt === undefined) return { network: context.network, zone: context.timezone };
  const { scheduledAt: instant, timezone } = context;
  const scheduledAt = scheduledTimes.getOrCreate(`${timezone}|${instant}`, () => parseDateValue(instant, timezone));
  if (typeof scheduledAt === 'string') throw new TemplateRenderError(`scheduledAt: ${scheduledAt}`, undefined);
  return { network: context.network, zone: context.timezone, scheduledAt };
}

/** Names the variable behind a failure, using the positions recorded when the template was analysed. */
function renderError(error: unknown, source: string): Error {
  const analysis = cachedAnalysis(source);
  if (error instanceof HelperFailure) {
    const call =
      error.position &&
      analysis.helperCalls.find((c) => c.line === error.position?.line && c.column === error.position.column);
    const path = call?.argumentPath;
    return new TemplateRenderError(path ? `${error.message} (${path})` : error.message, error.position, path);
  }
  const located = error as { lineNumber?: unknown; column?: unknown; message?: unknown };
  if (typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    const position = { line: located.lineNumber, column: located.column + 1 };
    const ref = analysis.references.find((r) => r.line === position.line && r.column === position.column);
    if (ref) return new TemplateRenderError(`"${ref.path}" has no value; ${whereToFill(ref.path)}`, position, ref.path);
    return new TemplateRenderError(`Template failed to render: ${String(located.message)}`, position);
  }
  return error instanceof Error ? error : new Error(String(error));
}

function whereToFill(path: string): string {
  return path.startsWith('practice.') ? 'set it in the practice profile' : 'fill it in for this post';
}
