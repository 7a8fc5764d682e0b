// Input every endpoint refuses before validation, with a 400 that says why: JSON nested deeper than any DTO
// (3,000 levels overflowed the validator's stack: a 500), NUL characters (PostgreSQL text cannot hold them),
// and lone UTF-16 surrogates (not text; PostgreSQL refuses them, SQLite stores garbage).
import type { NextFunction, Request, Response } from 'express';
import { InvalidInputError } from '@app/core';

/** Deeper than any request this API accepts (a post with variants and media is about 5). */
export const MAX_DEPTH = 32;

export function inputSanity(req: Request, _res: Response, next: NextFunction): void {
  const problem = problemIn(req.body, 'body') ?? problemIn(req.query, 'query');
  next(problem ? new InvalidInputError(problem) : undefined);
}

/** What is wrong with a parsed value, walked without recursion (so its own depth cannot overflow the stack). */
export function problemIn(root: unknown, where: string): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return `The request ${where} contains ${problem}`;
    } else if (value && typeof value === 'object') {
      if (depth >= MAX_DEPTH) return `The request ${where} is nested more than ${MAX_DEPTH} levels deep`;
      for (const [key, child] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) return `The request ${where} contains ${problem}`;
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000), which text cannot hold';
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate (\\uD800-\\uDFFF), which is not text';
  return undefined;
}
