// Builds and opens the TypeORM DataSource for PostgreSQL or the embedded SQLite, then runs migrations.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { ResolvedConfig, sqlitePathOf } from '../config/load-config';
import { postgresMigrations } from './migrations/postgres';
import { sqliteMigrations } from './migrations/sqlite';
import { StartupError } from '../errors/startup-error';

type DatabaseConfig = Pick<ResolvedConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'databaseKind'>;
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
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
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

/** Connects, creates the schema if asked for one, runs pending migrations. Fails with one clear line. */
export async function openDatabase(config: DatabaseConfig, entities: EntityList, { migrate } = { migrate: true }): Promise<DataSource> {
  const options = dataSourceOptions(config, entities);
  if (config.databaseKind === 'postgres' && config.DATABASE_SCHEMA) {
    await createSchemaIfMissing(config, config.DATABASE_SCHEMA);
  }
  const dataSource = new DataSource(options);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`Cannot open the database ${describeTarget(config.DATABASE_URL)}: ${reason(error)}. Check DATABASE_URL.`);
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
  const bootstrap = new DataSource({ type: 'postgres', url: config.DATABASE_URL, extra: { connectionTimeoutMillis: 5000 } });
  try {
    await bootstrap.initialize();
    await bootstrap.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } catch (error) {
    throw new StartupError(`Cannot open the database ${describeTarget(config.DATABASE_URL)}: ${reason(error)}. Check DATABASE_URL.`);
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
