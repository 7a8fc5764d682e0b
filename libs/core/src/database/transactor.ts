// One way to run a unit of work in a transaction on either database.
import { DataSource, EntityManager } from 'typeorm';

/**
 * SQLite has one connection and one writer: TypeORM cannot nest or interleave transactions on it,
 * so transactions on SQLite are queued in-process. PostgreSQL runs them concurrently.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource.transaction(work);
  const previous = sqliteQueues.get(dataSource) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => dataSource.transaction(work));
  sqliteQueues.set(dataSource, run);
  return run;
}
