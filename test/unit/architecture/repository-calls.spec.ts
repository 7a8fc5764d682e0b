// No repository calls outside a lib's store files: the queries live in `*-store.ts` (or `*.store.ts`) classes whose
// methods take the practice id first, so tenant scope shows in every signature and a service reads like the domain.
// A call is `x.getRepository(...)`, `x.getTreeRepository(...)` or `x.createQueryBuilder(...)`. Exempt: specs, and
// libs/core/src/database (the data source, the migrations and the entity-agnostic bulk-insert helper stores use).
// ALLOWED names the files still left, with how many calls each may keep: it may only shrink. Moving a file's
// queries into a store means lowering its number, and removing its line once it has none (this test says so).
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './source-files';

const EXEMPT_DIRS = [join('libs', 'core', 'src', 'database')];
const STORE_FILE = /[-.]store\.ts$/;
const REPOSITORY_CALLS = new Set(['getRepository', 'getTreeRepository', 'createQueryBuilder']);

/** Files whose queries have not moved into a store yet (other work is under way there), and their calls. */
const ALLOWED: Record<string, number> = {
  // libs/accounts and the web pages
  'apps/api/src/web/page-data.ts': 1,
  'libs/accounts/src/account-problems.ts': 1,
  'libs/accounts/src/accounts.service.ts': 8,
  'libs/accounts/src/key-rotation.ts': 3,
  'libs/accounts/src/usecases/token-renewal.ts': 6,
  // the post's images
  'libs/posts/src/media/media-sweep.ts': 8,
  'libs/posts/src/media/public-media.ts': 2,
  // the publisher's target statements and the scheduler
  'libs/posts/src/targets/claim.ts': 2,
  'libs/posts/src/targets/lease.ts': 1,
  'libs/posts/src/targets/post-status.ts': 5,
  'libs/posts/src/targets/preflight.ts': 5,
  'libs/posts/src/targets/record-published.ts': 2,
  'libs/posts/src/targets/target-schedule.ts': 14,
  'libs/posts/src/targets/waiting-targets.ts': 2,
  'libs/scheduler/src/cadence/cadence-guard.ts': 2,
  'libs/scheduler/src/watch/publisher-watch.ts': 1,
};

/** The lines of a file's repository calls. */
export function repositoryCalls(fileName: string, text: string): number[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      REPOSITORY_CALLS.has(node.expression.name.text)
    )
      lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Every file outside the stores with repository calls, and how many (paths with forward slashes). */
function callsOutsideStores(): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const file of ['apps', 'libs'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const path = relative(ROOT, file);
    if (STORE_FILE.test(path) || EXEMPT_DIRS.some((dir) => path.startsWith(dir))) continue;
    const lines = repositoryCalls(path, readFileSync(file, 'utf8'));
    if (lines.length) found.set(path.split(sep).join('/'), lines);
  }
  return found;
}

describe('repository calls stay in store files', () => {
  it('finds the calls it looks for', () => {
    const sample = [
      'const user = await this.dataSource.getRepository(User).findOneBy({ email });',
      'await tx.getRepository(Membership).update({ id }, { lastUsedAt: now });',
      "const rows = await manager.createQueryBuilder(Post, 'p').getMany();",
      'const tree = ds.getTreeRepository(Category);',
      'const users = await this.users.byEmail(email); // a store call',
    ].join('\n');
    expect(repositoryCalls('sample.ts', sample)).toEqual([1, 2, 3, 4]);
  });

  it('has none outside the stores but in the files still allowed, and no more there than allowed', () => {
    const found = callsOutsideStores();
    const unexpected = [...found]
      .filter(([path, lines]) => lines.length > (ALLOWED[path] ?? 0))
      .map(([path, lines]) => `${path}: ${lines.length} (lines ${lines.join(', ')}), allowed ${ALLOWED[path] ?? 0}`);
    expect(unexpected).toEqual([]);
  });

  it('lists no file that has none left (the list only shrinks)', () => {
    const found = callsOutsideStores();
    expect(Object.keys(ALLOWED).filter((path) => !found.has(path))).toEqual([]);
  });
});
