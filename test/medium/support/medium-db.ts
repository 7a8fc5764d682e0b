// The medium tier's database: the real one (PostgreSQL in its own schema, or a fresh SQLite file), migrated,
// with no HTTP, no Redis and no Nest. Each suite opens its own, so suites run in parallel.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseKindOf, DatabaseKind, loadConfig, openDatabase } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';

export interface MediumDb {
  dataSource: DataSource;
  kind: DatabaseKind;
  /**
   * What another process would have: on PostgreSQL its own data source (own pool) on the same schema; on SQLite the
   * same one, as the app never opens one file from two processes (one writer).
   */
  connectAgain(): Promise<DataSource>;
  close(): Promise<void>;
}

export async function openMediumDb(): Promise<MediumDb> {
  const kind = databaseKindOf(process.env.DATABASE_URL);
  const schema = `m_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'planner-medium-'));
  const config = loadConfig({
    DATABASE_URL: kind === 'postgres' ? process.env.DATABASE_URL : `sqlite:${join(dir, 'medium.sqlite')}`,
    DATABASE_SCHEMA: kind === 'postgres' ? schema : undefined,
    DATA_DIR: dir,
    SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
  });
  const dataSource = await openDatabase(config, ALL_ENTITIES, { migrate: true });
  const others: DataSource[] = [];
  return {
    dataSource,
    kind,
    async connectAgain() {
      if (kind !== 'postgres') return dataSource;
      const other = await openDatabase(config, ALL_ENTITIES, { migrate: false });
      others.push(other);
      return other;
    },
    async close() {
      for (const other of others) await other.destroy();
      if (kind === 'postgres') await dataSource.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
