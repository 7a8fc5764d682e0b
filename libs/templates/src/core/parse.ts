// Parses template source into the Handlebars AST, turning a syntax error into a positioned issue.
import Handlebars from 'handlebars';
import { TemplateIssue } from './errors';

export type ParseResult = { ok: true; ast: hbs.AST.Program } | { ok: false; issue: TemplateIssue };

interface LexerLocation {
  first_line?: number;
  first_column?: number;
}

export function parseTemplate(source: string): ParseResult {
  try {
    return { ok: true, ast: Handlebars.parse(source) };
  } catch (error: unknown) {
    return { ok: false, issue: syntaxIssue(error) };
  }
}

function syntaxIssue(error: unknown): TemplateIssue {
  const raw = error instanceof Error ? error.message : String(error);
  const message = `Template syntax error: ${raw.split('\n').slice(0, 3).join(' ').replace(/\s+/g, ' ').trim()}`;
  // Block mismatches ("if doesn't match each") come as Handlebars exceptions with a position.
  const located = error as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    return { code: 'syntax', message, line: located.lineNumber, column: located.column + 1 };
  }
  // Grammar errors come from the generated parser as a bare Error; parse() is synchronous, so the
  // shared lexer still holds the offending token's location when we get here.
  const lexer = (Handlebars as unknown as { Parser?: { lexer?: { yylloc?: LexerLocation } } }).Parser?.lexer?.yylloc;
  if (lexer && typeof lexer.first_line === 'number' && typeof lexer.first_column === 'number') {
    return { code: 'syntax', message, line: lexer.first_line, column: lexer.first_column + 1 };
  }
  const line = /line (\d+)/.exec(raw);
  return { code: 'syntax', message, line: line ? Number(line[1]) : 1, column: 1 };
}
