// Implementations of the reviewed helpers. They re-check their arguments even though the validator
// already did: render is also reachable with a template saved before a rule changed.
import type { HelperDelegate, HelperOptions } from 'handlebars';
import { DateTime } from 'luxon';
import { formatDate, parseDateValue } from './dates';
import { FORMAT_MAX_LENGTH, TRUNCATE_MAX, TRUNCATE_MIN } from './helper-rules';
import { Network } from './networks';
import { truncateForNetwork } from './truncate';

/** Per-render settings, passed as Handlebars private data (templates cannot read `@` data: the validator refuses it). */
export interface RenderSettings {
  network: Network;
  zone: string;
  scheduledAt?: DateTime;
}

/** A helper could not produce text; render.ts turns it into a TemplateRenderError naming the variable. */
export class HelperFailure extends Error {
  constructor(
    message: string,
    readonly helper: string,
    readonly position?: { line: number; column: number },
  ) {
    super(message);
    this.name = 'HelperFailure';
  }
}

type HelperBody = (args: readonly unknown[], settings: RenderSettings, fail: (message: string) => never) => string;

interface HandlebarsEnvironment {
  registerHelper(name: string, fn: HelperDelegate): void;
}

export function registerTemplateHelpers(env: HandlebarsEnvironment): void {
  define(env, 'date', 2, ([value, format], settings, fail) => {
    const parsed = parseDateValue(text(value, fail), settings.zone);
    return typeof parsed === 'string' ? fail(parsed) : formatDate(parsed, formatString(format, fail));
  });
  define(env, 'scheduled', 1, ([format], settings, fail) =>
    formatDate(scheduledDate(settings, fail), formatString(format, fail)),
  );
  define(env, 'month', 0, (_args, settings, fail) => formatDate(scheduledDate(settings, fail), 'MMMM'));
  define(env, 'year', 0, (_args, settings, fail) => formatDate(scheduledDate(settings, fail), 'yyyy'));
  define(env, 'truncate', 2, ([value, max], settings, fail) => {
    if (typeof max !== 'number' || !Number.isInteger(max) || max < TRUNCATE_MIN || max > TRUNCATE_MAX) {
      return fail(`the length must be a whole number from ${TRUNCATE_MIN} to ${TRUNCATE_MAX}`);
    }
    return truncateForNetwork(text(value, fail), max, settings.network);
  });
}

function define(env: HandlebarsEnvironment, name: string, arity: number, body: HelperBody): void {
  const helper = (...args: unknown[]): string => {
    const options = args[args.length - 1] as HelperOptions & { loc?: { start: { line: number; column: number } } };
    const start = options.loc?.start;
    const position = start ? { line: start.line, column: start.column + 1 } : undefined;
    const fail = (message: string): never => {
      throw new HelperFailure(`{{${name}}}: ${message}`, name, position);
    };
    if (args.length !== arity + 1) fail(`expects ${arity} argument(s), got ${args.length - 1}`);
    const settings = (options.data as { render?: RenderSettings } | undefined)?.render;
    return settings ? body(args.slice(0, arity), settings, fail) : fail('called outside renderTemplate');
  };
  env.registerHelper(name, helper as HelperDelegate);
}

/** Missing values arrive as undefined (Handlebars' strict mode does not cover helper arguments). */
function text(value: unknown, fail: (message: string) => never): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fail('the value is missing');
}

function formatString(format: unknown, fail: (message: string) => never): string {
  if (typeof format === 'string' && format !== '' && format.length <= FORMAT_MAX_LENGTH) return format;
  return fail(`the format must be quoted text of at most ${FORMAT_MAX_LENGTH} characters, e.g. "MMMM d"`);
}

function scheduledDate(settings: RenderSettings, fail: (message: string) => never): DateTime {
  return settings.scheduledAt ?? fail('this template uses the scheduled date, but no scheduledAt was given');
}
