// No repository calls and no SQL text outside a lib's store files: the queries live in store classes whose methods
// take the practice id first, so tenant scope shows in every signature and a service reads like the domain.
// A store file is `*-store.ts` (or `*.store.ts`), or any file under a `store/` directory: the statement modules a
// store class calls (libs/posts/src/targets/store/ holds the target store's claim, lease, preflight, record...).
// A call is `x.getRepository(...)`, `x.getTreeRepository(...)`, `x.createQueryBuilder(...)` or `x.query(...)` (SQL
// text). Exempt: specs, and libs/core/src/database (the data source, the migrations, the transaction and lock helpers
// and the entity-agnostic bulk-insert helper stores use).
// SQL_ALLOWED names the files outside the stores still running SQL text, each with its reason: it may only shrink.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './source-files';

const EXEMPT_DIRS = ['libs/core/src/database/'];
const STORE_FILE = /([-.]store\.ts|(^|\/)store\/.+\.ts)$/;
const REPOSITORY_CALLS = new Set(['getRepository', 'getTreeRepository', 'createQueryBuilder']);
const SQL_CALLS = new Set(['query']);

/** Files outside the stores that still run SQL text, and why. */
const SQL_ALLOWED: Record<string, string> = {
  // PostQueriesStore's month of rows on PostgreSQL: streamed row by row through node-postgres' own Query (no TypeORM
  // call streams arrays of text), benchmarked as it is.
  'libs/calendar/src/calendar-rows-postgres.ts': 'streams the calendar rows for PostQueriesStore',
};

/** Whether a path (forward slashes, from the repository root) is a store file. */
export function isStoreFile(path: string): boolean {
  return STORE_FILE.test(path);
}

/** The lines of a file's calls whose method is one of `methods`. */
function callsTo(methods: Set<string>, fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      methods.has(node.expression.name.text)
    )
      lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** The lines of a file's repository calls. */
export function repositoryCalls(fileName: string, text: string): number[] {
  return callsTo(REPOSITORY_CALLS, fileName, text);
}

/** The lines of a file's SQL text calls (`x.query(...)`). */
export function sqlCalls(fileName: string, text: string): number[] {
  return callsTo(SQL_CALLS, fileName, text);
}

/** Every file outside the stores with calls that `find` finds, and their lines (paths with forward slashes). */
function callsOutsideStores(find: (fileName: string, text: string) => number[]): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const file of ['apps', 'libs'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const path = relative(ROOT, file).split(sep).join('/');
    if (isStoreFile(path) || EXEMPT_DIRS.some((dir) => path.startsWith(dir))) continue;
    const lines = find(path, readFileSync(file, 'utf8'));
    if (lines.length) found.set(path, lines);
  }
  return found;
}

const listed = (found: Map<string, number[]>) =>
  [...found].map(([path, lines]) => `${path}: lines ${lines.join(', ')}`);

describe('repository calls and SQL stay in store files', () => {
  it('finds the calls it looks for', () => {
    const sample = [
      'const user = await this.dataSource.getRepository(User).findOneBy({ email });',
      'await tx.getRepository(Membership).update({ id }, { lastUsedAt: now });',
      "const rows = await manager.createQueryBuilder(Post, 'p').getMany();",
      'const tree = ds.getTreeRepository(Category);',
      "const [row] = await tx.query('SELECT 1');",
      'const users = await this.users.byEmail(email); // a store call',
    ].join('\n');
    expect(repositoryCalls('sample.ts', sample)).toEqual([1, 2, 3, 4]);
    expect(sqlCalls('sample.ts', sample)).toEqual([5]);
  });

  it('knows a store file by its name or its store/ directory', () => {
    for (const path of [
      'libs/accounts/src/account-store.ts',
      'libs/practices/src/users/users.store.ts',
      'libs/posts/src/targets/store/claim.ts',
      'store/claim.ts',
    ])
      expect([path, isStoreFile(path)]).toEqual([path, true]);
    for (const path of [
      'libs/accounts/src/accounts.service.ts',
      'libs/posts/src/targets/store.ts',
      'libs/posts/src/restore/claim.ts',
      'libs/posts/src/store-ish/claim.ts',
      'libs/core/src/state/storekeeper.ts',
    ])
      expect([path, isStoreFile(path)]).toEqual([path, false]);
  });

  it('has no repository call outside the stores', () => {
    expect(listed(callsOutsideStores(repositoryCalls))).toEqual([]);
  });

  it('has no SQL text outside the stores but in the files still allowed', () => {
    const found = callsOutsideStores(sqlCalls);
    expect(listed(found).filter((line) => !(line.split(':')[0] in SQL_ALLOWED))).toEqual([]);
    // The list only shrinks: a file that runs no SQL any more leaves it.
    expect(Object.keys(SQL_ALLOWED).filter((path) => !found.has(path))).toEqual([]);
  });
});
