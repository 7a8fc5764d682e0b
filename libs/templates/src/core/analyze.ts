// Walks a template's AST once and records every variable it reads and every construct it must not
// use. The result depends only on the source, so it is cached; validate.ts then checks the variable
// paths against what a given template may use.
import { TemplateIssue, TemplateIssueCode } from './errors';
import {
  allowedHelperList,
  DISALLOWED_HELPERS,
  FORMAT_MAX_LENGTH,
  HELPER_RULES,
  ParamKind,
  TRUNCATE_MAX,
  TRUNCATE_MIN,
} from './helper-rules';
import { parseTemplate } from './parse';

export type ReferenceRole = 'output' | 'argument' | 'condition';

export interface VariableReference {
  path: string;
  role: ReferenceRole;
  line: number;
  column: number;
}

export interface HelperCall {
  name: string;
  line: number;
  column: number;
  /** The variable passed as first argument, so a helper failure can name it. */
  argumentPath?: string;
}

export interface TemplateAnalysis {
  issues: readonly TemplateIssue[];
  references: readonly VariableReference[];
  helperCalls: readonly HelperCall[];
}

/** Object.prototype's members: reading any of them is a prototype trick, never a template variable. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  '__proto__',
  'prototype',
]);
const PLAIN_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Node = hbs.AST.Node;

/** Far above any network's limit (Facebook's is 63,206); bounds parse time and the caches' memory. */
export const MAX_TEMPLATE_LENGTH = 65536;

export function analyzeTemplate(source: string): TemplateAnalysis {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    const message = `A template can be at most ${MAX_TEMPLATE_LENGTH} characters long`;
    return { issues: [{ code: 'unsupported', message, line: 1, column: 1 }], references: [], helperCalls: [] };
  }
  const parsed = parseTemplate(source);
  if (!parsed.ok) return { issues: [parsed.issue], references: [], helperCalls: [] };
  const walker = new Walker();
  walker.program(parsed.ast);
  return { issues: walker.issues, references: walker.references, helperCalls: walker.helperCalls };
}

class Walker {
  readonly issues: TemplateIssue[] = [];
  readonly references: VariableReference[] = [];
  readonly helperCalls: HelperCall[] = [];

  program(program: hbs.AST.Program | null | undefined): void {
    for (const statement of program?.body ?? []) this.statement(statement);
  }

  private statement(node: Node): void {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement':
        return this.mustache(node as hbs.AST.MustacheStatement);
      case 'BlockStatement':
        return this.block(node as hbs.AST.BlockStatement);
      case 'PartialStatement':
      case 'PartialBlockStatement':
        return this.issue(
          'partial',
          node,
          'Partials ({{> name}}) are not available in post templates; write the text in the template',
        );
      case 'Decorator':
      case 'DecoratorBlock':
        return this.issue('unsupported', node, 'Decorators ({{* name}}) are not available in post templates');
      default:
        return this.issue('unsupported', node, `Unsupported template construct ${node.type}`);
    }
  }

  private mustache(node: hbs.AST.MustacheStatement): void {
    if (node.path.type !== 'PathExpression') {
      return this.issue(
        'unsupported',
        node,
        'A literal inside {{ }} is not a variable; write the text outside the braces',
      );
    }
    const path = node.path as hbs.AST.PathExpression;
    const hasArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const name = helperName(path);
    if (!hasArguments && (name === undefined || !isHelperName(name))) return this.path(path, 'output');
    if (name === undefined) {
      return this.issue('unknown_helper', node, `"${path.original}" is not a helper, so it cannot take arguments`);
    }
    const rule = HELPER_RULES.get(name);
    if (rule?.block)
      return this.issue('bad_block', node, `"${name}" is a block helper: write {{#${name} …}}…{{/${name}}}`);
    this.call(name, node);
  }

  private block(node: hbs.AST.BlockStatement): void {
    const name = helperName(node.path);
    const rule = name === undefined ? undefined : HELPER_RULES.get(name);
    if (name !== undefined && DISALLOWED_HELPERS.has(name)) return this.disallowed(name, node);
    if (!rule?.block) {
      const what = rule ? `"${name}" is not a block helper` : `{{#${node.path.original}}} is not an allowed block`;
      return this.issue('bad_block', node, `${what}; only {{#if}} and {{#unless}} blocks are allowed`);
    }
    if ((node.program?.blockParams?.length ?? 0) > 0) {
      this.issue('unsupported', node, 'Block parameters (as |x|) are not available in post templates');
    }
    this.call(name as string, node);
    this.program(node.program);
    this.program(node.inverse);
  }

  /** Checks a helper call (mustache, block or sub-expression) against its rule; the name is known allowed or reported here. */
  private call(name: string, node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression): void {
    if (DISALLOWED_HELPERS.has(name)) return this.disallowed(name, node);
    const rule = HELPER_RULES.get(name);
    if (!rule)
      return this.issue('unknown_helper', node, `Unknown helper "${name}"; the helpers are: ${allowedHelperList()}`);
    for (const pair of node.hash?.pairs ?? []) {
      this.issue('bad_arguments', pair, `{{${name}}} takes no named arguments (${pair.key}=…); usage: ${rule.usage}`);
    }
    if (node.params.length !== rule.params.length) {
      this.issue(
        'bad_arguments',
        node,
        `{{${name}}} takes ${rule.params.length} argument(s), got ${node.params.length}; usage: ${rule.usage}`,
      );
    }
    const first = node.params[0];
    const start = position(node);
    this.helperCalls.push({
      name,
      ...start,
      ...(first?.type === 'PathExpression' ? { argumentPath: pathName(first as hbs.AST.PathExpression) } : {}),
    });
    node.params.forEach((param, i) =>
      this.argument(name, rule.params[i], param, rule.block ? 'condition' : 'argument'),
    );
  }

  private argument(helper: string, kind: ParamKind | undefined, node: Node, role: ReferenceRole): void {
    switch (kind) {
      case undefined:
        return; // surplus argument, already reported as an arity problem
      case 'format': {
        const literal = node as hbs.AST.StringLiteral;
        if (node.type !== 'StringLiteral' || literal.value === '' || literal.value.length > FORMAT_MAX_LENGTH) {
          this.issue(
            'bad_arguments',
            node,
            `{{${helper}}} needs its format as quoted text (at most ${FORMAT_MAX_LENGTH} characters), e.g. "MMMM d"`,
          );
        }
        return;
      }
      case 'length': {
        const value = (node as hbs.AST.NumberLiteral).value;
        if (node.type !== 'NumberLiteral' || !Number.isInteger(value) || value < TRUNCATE_MIN || value > TRUNCATE_MAX) {
          this.issue(
            'bad_arguments',
            node,
            `{{${helper}}} needs a whole number from ${TRUNCATE_MIN} to ${TRUNCATE_MAX} as its length`,
          );
        }
        return;
      }
      case 'value':
        return this.value(helper, node, role);
    }
  }

  private value(helper: string, node: Node, role: ReferenceRole): void {
    switch (node.type) {
      case 'PathExpression':
        return this.path(node as hbs.AST.PathExpression, role);
      case 'StringLiteral':
        return;
      case 'SubExpression': {
        const sexpr = node as hbs.AST.SubExpression;
        const name = helperName(sexpr.path);
        if (name === undefined) return this.issue('unknown_helper', node, `"${sexpr.path.original}" is not a helper`);
        if (HELPER_RULES.get(name)?.block)
          return this.issue('bad_block', node, `"${name}" is a block helper and cannot be used inside ( )`);
        return this.call(name, sexpr);
      }
      default:
        return this.issue('bad_arguments', node, `{{${helper}}} needs a variable or quoted text here`);
    }
  }

  private path(node: hbs.AST.PathExpression, role: ReferenceRole): void {
    const forbidden = node.parts.find((part) => FORBIDDEN_SEGMENTS.has(part));
    if (forbidden !== undefined) {
      return this.issue(
        'forbidden_path',
        node,
        `"${node.original}" reaches into JavaScript internals (${forbidden}); it is not a template variable`,
        node.original,
      );
    }
    if (node.data) {
      return this.issue(
        'scoped_path',
        node,
        `@-variables like "${node.original}" are not available; use practice.… or vars.…`,
        node.original,
      );
    }
    if (node.depth > 0 || node.parts.length === 0 || /^(this\b|\.\/)/.test(node.original)) {
      return this.issue(
        'scoped_path',
        node,
        `"${node.original}" refers to the template context; write the full name, e.g. practice.name`,
        node.original,
      );
    }
    if (!node.parts.every((part) => PLAIN_SEGMENT.test(part))) {
      return this.issue(
        'unsupported',
        node,
        `"${node.original}" is not a plain variable name; write it like practice.name or vars.open_house_date`,
        node.original,
      );
    }
    this.references.push({ path: pathName(node), role, ...position(node) });
  }

  private disallowed(name: string, node: Node): void {
    this.issue(
      'disallowed_helper',
      node,
      `The "${name}" helper is not allowed in post templates: ${DISALLOWED_HELPERS.get(name) ?? ''}`,
    );
  }

  private issue(code: TemplateIssueCode, node: Node, message: string, path?: string): void {
    this.issues.push({ code, message, ...position(node), ...(path !== undefined ? { path } : {}) });
  }
}

/** The helper a path names, if it is a bare identifier (`date`, not `practice.date` or `@date`). */
function helperName(path: hbs.AST.PathExpression): string | undefined {
  return !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0]
    ? path.parts[0]
    : undefined;
}

function isHelperName(name: string): boolean {
  return HELPER_RULES.has(name) || DISALLOWED_HELPERS.has(name);
}

function pathName(path: hbs.AST.PathExpression): string {
  return path.parts.join('.');
}

function position(node: Node): { line: number; column: number } {
  const start = node.loc?.start;
  return { line: start?.line ?? 1, column: (start?.column ?? 0) + 1 };
}
