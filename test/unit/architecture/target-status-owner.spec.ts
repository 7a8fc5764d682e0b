// A target's status changes only through the target state machine (libs/posts/src/target-state-machine.ts): no other
// code writes a target status as a literal, neither the state it sets nor the state an update starts from, in the ORM,
// in memory or in SQL. It takes them from the machine (targetLeadsTo, targetStatusIs, targetStatusCondition,
// moveTarget), so the machine's table is what every update does. Reads (find, SELECT) may name statuses; post
// statuses have their own machine and are not looked at here. Migrations (the schema's history) are exempt.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { TARGET_STATUSES } from '@app/posts';
import { ROOT, sourceFiles } from './source-files';

const MACHINE = join('libs', 'posts', 'src', 'target-state-machine.ts');
const EXEMPT = [MACHINE, join('libs', 'core', 'src', 'database', 'migrations')];

const STATUS = `(?:${TARGET_STATUSES.join('|')})`;
/** A status compared with or set to a literal: `status = 'failed'`, `t."status" IN ('pending', …)`. */
const STATUS_LITERAL = new RegExp(
  `\\bstatus"?\\s*(?:(?:=|<>|!=)\\s*'${STATUS}'|(?:NOT\\s+)?IN\\s*\\(\\s*'${STATUS}')`,
  'i',
);
const TARGETS_SQL = /\b(?:UPDATE|INSERT\s+INTO)\s+"?post_targets"?\b/i;
/** A SET fragment kept apart from its statement (`const set = "SET status = '…'"`), unless it names another table. */
const SET_STATUS = new RegExp(`\\bSET\\s+"?status"?\\s*=\\s*'${STATUS}'`, 'i');
const OTHER_TABLE = /\b(?:UPDATE|INSERT\s+INTO)\s+"?(?!post_targets\b)\w+/i;
/** ORM calls that write what their object arguments say. */
const WRITES = new Set(['update', 'insert', 'save', 'upsert', 'set', 'values', 'create', 'merge']);
const CONDITIONS = new Set(['where', 'andWhere', 'orWhere']);

const isTargetEntity = (node: ts.Node | undefined) => !!node && ts.isIdentifier(node) && node.text === 'PostTarget';
const isStatusLiteral = (node: ts.Node) =>
  (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
  (TARGET_STATUSES as readonly string[]).includes(node.text);

/** The calls and property accesses a chain is made of, from the outermost in (`a.b().c()` -> c(), c, b(), b, a). */
function chainOf(node: ts.Expression): ts.Expression[] {
  const chain: ts.Expression[] = [];
  for (let at: ts.Expression | undefined = node; at;) {
    chain.push(at);
    at = ts.isCallExpression(at) || ts.isPropertyAccessExpression(at) ? at.expression : undefined;
  }
  return chain;
}

/** Where a file writes a target status as a literal. */
export function targetStatusLiterals(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  const repositories = new Set<string>();
  const found: string[] = [];
  const at = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

  const isTargetRepositoryCall = (node: ts.Expression) =>
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    /^(getRepository|update|into)$/.test(node.expression.name.text) &&
    isTargetEntity(node.arguments[0]);
  /** The chain starts at a PostTarget repository (or a variable holding one), or names PostTarget on the way. */
  const onTargets = (chain: ts.Expression[]) =>
    chain.some((link) => isTargetRepositoryCall(link) || (ts.isIdentifier(link) && repositories.has(link.text)));
  /** The `status: '<target status>'` properties of the object literals in an argument (not inside functions). */
  const statusProperties = (node: ts.Node): ts.Node[] => {
    if (ts.isFunctionLike(node)) return [];
    const own =
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'status' &&
      isStatusLiteral(node.initializer)
        ? [node]
        : [];
    return [...own, ...node.getChildren(source).flatMap(statusProperties)];
  };

  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      if (chainOf(node.initializer).some(isTargetRepositoryCall)) repositories.add(node.name.text);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const method = ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : ts.isIdentifier(callee)
          ? callee.text
          : '';
      const chain = chainOf(node);
      const isAssign = callee.getText(source) === 'Object.assign';
      // An ORM write on targets (its criteria and values), a new target's fields, or Object.assign in memory.
      if ((WRITES.has(method) && onTargets(chain)) || method === 'newTarget' || isAssign) {
        for (const argument of isAssign ? node.arguments.slice(1) : node.arguments)
          for (const property of statusProperties(argument))
            found.push(`${at(property)} ${property.getText(source)} in ${method}()`);
      }
      // A query builder's condition on an update of targets.
      if (
        CONDITIONS.has(method) &&
        onTargets(chain) &&
        chain.some((link) => ts.isPropertyAccessExpression(link) && link.name.text === 'update')
      ) {
        for (const argument of node.arguments)
          if (ts.isStringLiteralLike(argument) && STATUS_LITERAL.test(argument.text))
            found.push(`${at(argument)} ${method}(${argument.getText(source)})`);
      }
    }
    // In memory: target.status = 'failed'.
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      node.left.name.text === 'status' &&
      /target/i.test(node.left.expression.getText(source)) &&
      isStatusLiteral(node.right)
    ) {
      found.push(`${at(node)} ${node.getText(source)}`);
    }
    // SQL: a statement on post_targets (the whole template, its parts together), or a SET fragment kept apart.
    if (ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) {
      const sql = ts.isTemplateExpression(node) ? node.getText(source) : node.text;
      if ((TARGETS_SQL.test(sql) && STATUS_LITERAL.test(sql)) || (SET_STATUS.test(sql) && !OTHER_TABLE.test(sql)))
        found.push(`${at(node)} SQL ${(STATUS_LITERAL.exec(sql) ?? SET_STATUS.exec(sql))![0]}`);
      return; // a template's parts were read with it
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('a target status changes only through the target state machine', () => {
  it('finds the literal writes it looks for (each as the code wrote them before the machine)', () => {
    const writes = [
      "await tx.getRepository(PostTarget).update({ practiceId, postId }, { status: 'scheduled', dueAt });",
      "await tx.getRepository(PostTarget).update({ id, claimedBy, status: 'publishing' }, { leaseUntil });",
      'const repository = dataSource.getRepository(PostTarget);\n' +
        "await repository.update({ id }, { status: 'failed' });",
      'const repository = dataSource.getRepository(PostTarget);\n' +
        "repository.createQueryBuilder().update().set({ status: 'publishing' }).where({ id: In(ids) });",
      'dataSource.getRepository(PostTarget).createQueryBuilder().update().set({ leaseUntil }).andWhere("status = \'scheduled\'");',
      "this.posts.newTarget(post, account, { status: 'scheduled', dueAt });",
      "this.dataSource.getRepository(PostTarget).create({ practiceId, status: 'pending', attempts: 0 });",
      "for (const target of targets) Object.assign(target, { status: 'pending', dueAt: null });",
      "target.status = 'failed';",
      "await tx.query(`UPDATE post_targets AS t SET status = 'published', url = v.url\n WHERE t.id = v.id`);",
      "await ds.query(`UPDATE post_targets ${set} WHERE id = ANY($1) AND status = 'scheduled' RETURNING *`);",
      'const set = `SET status = \'publishing\', "claimedBy" = $2`;',
      'await ds.query(\'UPDATE "post_targets" SET "leaseUntil" = $1 WHERE t."status" IN (\\\'publishing\\\')\');',
    ];
    for (const sample of writes)
      expect([sample, targetStatusLiterals('sample.ts', sample)]).toEqual([sample, [expect.any(String)]]);
  });

  it('leaves reads, post statuses and values taken from the machine alone', () => {
    const others = [
      "await repo.findBy({ practiceId, accountId, status: 'failed' });",
      "await tx.query(`SELECT id FROM post_targets WHERE status = 'scheduled'`);",
      'query.where("t.status = \'scheduled\' AND t.dueAt <= :horizon", { horizon }).getMany();',
      "await tx.getRepository(Post).update({ id }, { status: 'scheduled' });",
      "manager.getRepository(Post).createQueryBuilder().update().set({ status: 'publishing' }).where('id IN (:...ids)');",
      'await tx.query(`UPDATE posts SET status = \'publishing\', "updatedAt" = now() WHERE id = ANY($1)`);',
      "this.posts.newPost({ practiceId, status: 'scheduled' });",
      "await replies.update({ id }, { status: 'failed', leaseUntil: null });",
      "await tx.getRepository(PostTarget).update({ id, status: targetStatusIs('fail') }, { status: targetLeadsTo('fail') });",
      "const CLAIM = `UPDATE post_targets ${set} WHERE id = ANY($1) AND ${targetStatusCondition('claim')} RETURNING *`;",
      "moveTarget(target, 'schedule', { dueAt });",
      "account.status = 'connected';",
    ];
    for (const sample of others) expect([sample, targetStatusLiterals('sample.ts', sample)]).toEqual([sample, []]);
  });

  it('has no target status literal in a write outside the state machine', () => {
    const files = ['apps', 'libs', 'scripts']
      .flatMap((dir) => sourceFiles(join(ROOT, dir)))
      .filter((file) => !EXEMPT.some((path) => relative(ROOT, file).startsWith(path)));
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((file) => targetStatusLiterals(relative(ROOT, file), readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('has the stores that write targets take their states from the machine', () => {
    const stores = [
      'libs/posts/src/usecases/post-store.ts',
      'libs/posts/src/targets/target-store.ts',
      'libs/posts/src/targets/store/claim.ts',
      'libs/posts/src/targets/store/lease.ts',
      'libs/posts/src/targets/store/record-published.ts',
    ];
    const importing = (file: string) =>
      /from '(\.\.\/)+target-state-machine'/.test(readFileSync(join(ROOT, file), 'utf8'));
    expect(stores.filter((file) => !importing(file))).toEqual([]);
  });
});
