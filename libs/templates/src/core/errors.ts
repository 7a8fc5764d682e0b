// Errors of the template engine. The core stays free of Nest and @app/core (it must load in a
// plain script), so these carry the same `kind`/`details` shape as @app/core's DomainError and the
// Nest layer maps them to InvalidInputError (a 400 naming the problem, never a 500).

/** Why a template was refused at save time; every issue names a position the editor can jump to. */
export type TemplateIssueCode =
  | 'syntax'
  | 'unknown_variable'
  | 'forbidden_path'
  | 'scoped_path'
  | 'unknown_helper'
  | 'disallowed_helper'
  | 'partial'
  | 'bad_block'
  | 'bad_arguments'
  | 'unsupported';

export interface TemplateIssue {
  code: TemplateIssueCode;
  message: string;
  /** 1-based line of the offending expression in the template source. */
  line: number;
  /** 1-based column (Handlebars reports 0-based; editors count from 1). */
  column: number;
  /** The variable path concerned, when there is one (e.g. `vars.flu_clinic_date`). */
  path?: string;
}

export class TemplateValidationError extends Error {
  readonly kind = 'invalid' as const;
  readonly details: { issues: readonly TemplateIssue[] };

  constructor(readonly issues: readonly TemplateIssue[]) {
    super(summarize(issues));
    this.name = 'TemplateValidationError';
    this.details = { issues };
  }
}

/** A template that validated but cannot be rendered for this context (a value is missing or malformed). */
export class TemplateRenderError extends Error {
  readonly kind = 'invalid' as const;
  readonly details: { line?: number; column?: number; path?: string };

  constructor(
    message: string,
    readonly position: { line: number; column: number } | undefined,
    readonly path?: string,
  ) {
    super(position ? `${message} (line ${position.line}, column ${position.column})` : message);
    this.name = 'TemplateRenderError';
    this.details = { ...position, ...(path ? { path } : {}) };
  }
}

function summarize(issues: readonly TemplateIssue[]): string {
  const first = issues[0];
  if (!first) return 'Template is invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.message} at line ${first.line}, column ${first.column}${more}`;
}
