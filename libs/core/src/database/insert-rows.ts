// Multi-row INSERTs for new entities (a CSV import's posts and targets, say) on PostgreSQL and SQLite.
import { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

/** Rows per INSERT: well under the bound-parameter limits of PostgreSQL and SQLite (a post has about 25 columns). */
const INSERT_CHUNK = 500;

/** Multi-row inserts that leave each entity as save() would: database defaults read back, unset nullable columns null. */
export async function insertInChunks<T extends ObjectLiteral & { id: string }>(
  tx: EntityManager,
  entity: EntityTarget<T>,
  rows: T[],
): Promise<void> {
  const repo = tx.getRepository(entity);
  const returning = tx.connection.driver.isReturningSqlSupported('insert');
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    if (returning) {
      await repo.insert(chunk as QueryDeepPartialEntity<T>[]);
    } else {
      // Without RETURNING, TypeORM reads the defaults back with a SELECT and pairs its rows with the entities by
      // position, but SQLite answers in index order, so entities would get each other's ids (typeorm#10574).
      await repo
        .createQueryBuilder()
        .insert()
        .values(chunk as QueryDeepPartialEntity<T>[])
        .updateEntity(false)
        .execute();
      await readDefaultsBack(repo, chunk);
    }
  }
  const nullable = repo.metadata.columns.filter(
    (column) => column.isNullable && !column.isDeleteDate && !column.isVirtual,
  );
  for (const row of rows)
    for (const column of nullable) if (column.getEntityValue(row) === undefined) column.setEntityValue(row, null);
}

/** The values the database filled in (created/updated times, column defaults), matched to the rows by id. */
async function readDefaultsBack<T extends ObjectLiteral & { id: string }>(
  repo: Repository<T>,
  rows: T[],
): Promise<void> {
  const columns = repo.metadata.getInsertionReturningColumns();
  if (columns.length === 0) return;
  const stored = await repo
    .createQueryBuilder('e')
    .select(['e.id', ...columns.map((c) => `e.${c.propertyPath}`)])
    .whereInIds(rows.map((r) => r.id))
    .getMany();
  const byId = new Map(stored.map((row) => [row.id, row]));
  for (const row of rows)
    for (const column of columns) column.setEntityValue(row, column.getEntityValue(byId.get(row.id)!));
}
