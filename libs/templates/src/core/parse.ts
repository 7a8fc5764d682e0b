// Parses template source into the Handlebars AST, turning a syntax error into a positioned issue.
import Handlebars from 'handlebars';
import { TemplateIssue } from './errors';

export type ParseResult = { ok: true; ast: hbs.AST.Program } | { ok: false; issue: TemplateIssue };

interface LexerState {
  yytext?: string;
  yylloc?: { first_line?: number; first_column?: number };
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
  // Block mismatches ("if doesn't match each") come as Handlebars exceptions with a position.
  const located = error as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number' && typeof located.column === 'number') {
    const message = `Template syntax error: ${raw.replace(/ - \d+:\d+$/, '')}`;
    return { code: 'syntax', message, line: located.lineNumber, column: located.column + 1 };
  }
  // Grammar errors come from the generated parser as a bare Error whose message is an ASCII-art
  // excerpt; parse() is synchronous, so the shared lexer still holds the offending token here.
  const lexer = (Handlebars as unknown as { Parser?: { lexer?: LexerState } }).Parser?.lexer;
  const message = `Template syntax error: ${describeToken(raw, lexer?.yytext)}`;
  const loc = lexer?.yylloc;
  if (loc && typeof loc.first_line === 'number' && typeof loc.first_column === 'number') {
    return { code: 'syntax', message, line: loc.first_line, column: loc.first_column + 1 };
  }
  const line = /line (\d+)/.exec(raw);
  return { code: 'syntax', message, line: line ? Number(line[1]) : 1, column: 1 };
}

function describeToken(raw: string, text: string | undefined): string {
  if (/got 'EOF'/.test(raw)) return 'the template ends inside {{ }} or an open block (is a {{/if}} missing?)';
  if (text !== undefined && text.trim() !== '') return `unexpected "${text.trim()}"`;
  return raw.split('\n')[0] ?? raw;
}
