// Only libs/posts writes the post tables (posts, targets, reviews, comments, patient authorizations, practice
// templates, stored images): elsewhere a post entity is read at most, and no SQL statement writes those tables by name.
// Migrations (the schema) and tests (their fixtures) are exempt.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { ROOT, sourceFiles } from './source-files';

const OWNER = join('libs', 'posts');
const EXEMPT = [OWNER, join('libs', 'core', 'src', 'database', 'migrations')];

const ENTITIES = new Set([
  'Post',
  'PostTarget',
  'Review',
  'PostComment',
  'PatientAuthorization',
  'PracticeTemplate',
  'StoredImage',
]);
const TABLES = [
  'posts',
  'post_targets',
  'reviews',
  'post_comments',
  'patient_authorizations',
  'practice_templates',
  'stored_images',
];
/** Repository and EntityManager methods that change rows. */
const WRITES = new Set([
  'save',
  'insert',
  'update',
  'upsert',
  'delete',
  'remove',
  'softDelete',
  'softRemove',
  'restore',
  'recover',
  'increment',
  'decrement',
  'clear',
]);
const WRITE_SQL = new RegExp(`\\b(INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|TRUNCATE)\\s+"?(${TABLES.join('|')})"?\\b`, 'i');

const isEntity = (node: ts.Node | undefined) => !!node && ts.isIdentifier(node) && ENTITIES.has(node.text);

/** `x.getRepository(Post)` (or getTreeRepository), possibly behind a variable. */
function isPostRepository(node: ts.Node, repositoryVariables: Set<string>): boolean {
  if (ts.isIdentifier(node)) return repositoryVariables.has(node.text);
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    /^get(Tree)?Repository$/.test(node.expression.name.text) &&
    isEntity(node.arguments[0])
  );
}

/** Where a file writes a post table: repository writes, manager.save(Post, …), query-builder writes, SQL. */
export function postTableWrites(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const repositoryVariables = new Set<string>();
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      isPostRepository(node.initializer, repositoryVariables)
    ) {
      repositoryVariables.add(node.name.text);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const receiver = node.expression.expression;
      if (WRITES.has(method) && isPostRepository(receiver, repositoryVariables))
        found.push(`${at(node)} ${method} on a post repository`);
      // manager.save(Post, …), qb.update(PostTarget), qb.insert().into(Post), qb.delete().from(Review)
      if ((WRITES.has(method) || method === 'into' || method === 'from') && isEntity(node.arguments[0])) {
        const writesByName = WRITES.has(method) || /\.(insert|delete)\(\)/.test(receiver.getText(source));
        if (writesByName) found.push(`${at(node)} ${method}(${node.arguments[0].getText(source)})`);
      }
    }
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      WRITE_SQL.test(node.text)
    ) {
      found.push(`${at(node)} SQL ${WRITE_SQL.exec(node.text)![0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the post tables have one owner', () => {
  it('finds the writes it looks for (it would catch them outside libs/posts)', () => {
    const sample = [
      "await tx.getRepository(PostTarget).update({ id }, { status: 'failed' });",
      'const repo = manager.getRepository(Post); await repo.save(post);',
      'await manager.save(Review, review);',
      'await qb.insert().into(PostComment).values(rows).execute();',
      "await ds.query(`UPDATE post_targets SET status = 'failed'`);",
      'await ds.query(\'DELETE FROM "posts" WHERE id = $1\', [id]);',
    ].join('\n');
    expect(postTableWrites('sample.ts', sample)).toHaveLength(6);
    expect(
      postTableWrites(
        'reads.ts',
        'const posts = await ds.getRepository(Post).findBy({ practiceId }); await ds.query(`SELECT * FROM posts`);',
      ),
    ).toEqual([]);
  });

  it('has only libs/posts write them', () => {
    const files = ['apps', 'libs', 'scripts']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((file) => !EXEMPT.some((dir) => relative(ROOT, file).startsWith(dir)));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => postTableWrites(relative(ROOT, file), readFileSync(file, 'utf8')))).toEqual([]);
  });
});
