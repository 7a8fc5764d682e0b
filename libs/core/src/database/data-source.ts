// Builds and opens the TypeORM DataSource for PostgreSQL or the embedded SQLite, then runs migrations.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { ResolvedConfig, sqlitePathOf } from '../config/load-config';
import { postgresMigrations } from './migrations/postgres';
import { sqliteMigrations } from './migrations/sqlite';
import { StartupError } from '../errors/startup-error';
import { POSTGRES_CLOCK_QUERY } from '../time/database-clock';

type DatabaseConfig = Pick<ResolvedConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'databaseKind'> &
  Partial<Pick<ResolvedConfig, 'DATA_DIR'>>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type EntityList = MixedList<Function | string | EntitySchema>;

export function dataSourceOptions(config: DatabaseConfig, entities: EntityList): DataSourceOptions {
  const common = { entities, synchronize: false, migrationsRun: false, logging: false } as const;
  if (config.databaseKind === 'postgres') {
    const schema = config.DATABASE_SCHEMA;
    return {
      ...common,
      type: 'postgres',
      url: config.DATABASE_URL,
      schema,
      migrations: postgresMigrations,
      // Unqualified names in migrations and queries resolve to the configured schema.
      extra: { max: 20, connectionTimeoutMillis: 5000, ...(schema ? { options: `-c search_path=${schema}` } : {}) },
    };
  }
  const path = sqlitePathOf(config.DATABASE_URL);
  if (path !== ':memory:') keepPrivate(path, config.DATA_DIR);
  return {
    ...common,
    type: 'better-sqlite3',
    database: path,
    migrations: sqliteMigrations,
    enableWAL: path !== ':memory:',
    timeout: 10_000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('foreign_keys = ON');
      db.pragma('synchronous = NORMAL');
    },
  };
}

/**
 * The SQLite file holds drafts, the audit log and encrypted network tokens: readable by this user only (0600; SQLite
 * gives its -wal and -shm files the same mode). Its folder is made 0700; an existing folder is tightened only when it is
 * DATA_DIR (the app's own), never some shared folder a DATABASE_URL points into.
 */
function keepPrivate(path: string, dataDir: string | undefined): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (dataDir && resolve(dataDir) === resolve(folder)) chmodSync(folder, 0o700);
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/** Connects, creates the schema if asked for one, runs pending migrations. Fails with one clear line. */
export async function openDatabase(
  config: DatabaseConfig,
  entities: EntityList,
  { migrate } = { migrate: true },
): Promise<DataSource> {
  const options = dataSourceOptions(config, entities);
  if (config.databaseKind === 'postgres' && config.DATABASE_SCHEMA) {
    await createSchemaIfMissing(config, config.DATABASE_SCHEMA);
  }
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(
      `Cannot open the database ${describeTarget(config.DATABASE_URL)}: ${reason(error)}. Check DATABASE_URL.`,
    );
  }
  if (!migrate) return dataSource;
  try {
    await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }));
  } catch (error) {
    await dataSource.destroy();
    throw new StartupError(`Database migration failed: ${reason(error)}`);
  }
  return dataSource;
}

/** Whether the database answers (the health check's SELECT 1); throws when it does not. */
export async function pingDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.query('SELECT 1');
}

/** PostgreSQL's wall clock now (see DatabaseClock). */
export async function postgresNow(dataSource: DataSource): Promise<Date> {
  const [row] = (await dataSource.query(POSTGRES_CLOCK_QUERY)) as Array<{ now: Date | string }>;
  return new Date(row.now);
}

/** Several API processes may start at once against PostgreSQL: only one migrates at a time. */
async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(74201)');
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock(74201)').catch(() => undefined);
    await runner.release();
  }
}

async function createSchemaIfMissing(config: DatabaseConfig, schema: string): Promise<void> {
  const bootstrap = new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL,
    extra: { connectionTimeoutMillis: 5000 },
  });
  try {
    await bootstrap.initialize();
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    throw new StartupError(
      `Cannot open the database ${describeTarget(config.DATABASE_URL)}: ${reason(error)}. Check DATABASE_URL.`,
    );
  } finally {
    if (bootstrap.isInitialized) await bootstrap.destroy();
  }
}

export function describeTarget(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) return `SQLite file ${sqlitePathOf(databaseUrl)}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

function reason(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return reason(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    const message = error.message.split('\n')[0];
    return code && !message.includes(code) ? `${message} (${code})` : message || code || error.name;
  }
  return String(error);
}
