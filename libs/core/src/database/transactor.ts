// One way to run a unit of work in a transaction on either database.
import { DataSource, EntityManager } from 'typeorm';

/**
 * SQLite has one connection and one writer: TypeORM cannot nest or interleave transactions on it,
 * so transactions on SQLite are queued in-process. PostgreSQL runs them concurrently.
 */
const sqliteQueues = new WeakMap<DataSource, Promise<unknown>>();

/**
 * Serialises a unit of work with every other one holding the same lock `key` (a 64-bit number as text): on
 * PostgreSQL an advisory lock held until `tx` ends; SQLite has one writer, and inTransaction queues this process's.
 */
export async function holdTransactionLock(tx: EntityManager, key: string): Promise<void> {
  if (tx.connection.options.type === 'postgres') await tx.query('SELECT pg_advisory_xact_lock($1)', [key]);
}

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
