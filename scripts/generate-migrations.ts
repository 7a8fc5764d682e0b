// Generates one migration per database (PostgreSQL and SQLite) from the difference between the
// entities and the schema the committed migrations build. Usage: npm run migration:generate -- AddPosts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DatabaseKind } from '@app/core';
import { ALL_ENTITIES } from '@app/schema';

const MIGRATIONS_DIR = join(__dirname, '..', 'libs', 'core', 'src', 'database', 'migrations');

async function pendingSql(kind: DatabaseKind): Promise<{ up: string[]; down: string[] }> {
  const tmp = mkdtempSync(join(tmpdir(), 'migration-gen-'));
  const schema = `migration_gen_${Date.now()}`;
  const base = process.env.MIGRATION_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const url = kind === 'postgres' ? base : `sqlite:${join(tmp, 'gen.sqlite')}`;
  let admin: DataSource | undefined;
  if (kind === 'postgres') {
    admin = await new DataSource({ type: 'postgres', url }).initialize();
    await admin.query(`CREATE SCHEMA "${schema}"`);
  }
  const options = dataSourceOptions(
    { DATABASE_URL: url, databaseKind: kind, DATABASE_SCHEMA: undefined },
    ALL_ENTITIES,
  );
  const extra = kind === 'postgres' ? { extra: { options: `-c search_path=${schema}` } } : {};
  const dataSource = await new DataSource({ ...options, ...extra } as typeof options).initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    // The generator's scratch schema must not leak into the committed SQL.
    const unscoped = (query: string) => query.split(`"${schema}".`).join('');
    return {
      up: sql.upQueries.map((q) => unscoped(q.query)),
      down: sql.downQueries.reverse().map((q) => unscoped(q.query)),
    };
  } finally {
    await dataSource.destroy();
    if (admin) {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.destroy();
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

function migrationSource(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

function register(kind: DatabaseKind, file: string, className: string): void {
  const index = join(MIGRATIONS_DIR, kind, 'index.ts');
  const source = readFileSync(index, 'utf8');
  const listName = kind === 'postgres' ? 'postgresMigrations' : 'sqliteMigrations';
  const withImport = source.replace(/(\/\/[^\n]*\n)/, `$1import { ${className} } from './${file}';\n`);
  writeFileSync(
    index,
    withImport.replace(new RegExp(`${listName} = \\[([^\\]]*)\\]`), (_m, items: string) => {
      const list = items.trim() ? `${items.trim().replace(/,$/, '')}, ${className}` : className;
      return `${listName} = [${list}]`;
    }),
  );
}

// Column types are fixed when entities are imported, so each database is generated in its own process.
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
    console.error('Usage: npm run migration:generate -- <PascalCaseName>');
    process.exit(2);
  }
  const only = process.env.GENERATE_FOR as DatabaseKind | undefined;
  if (!only) {
    const timestamp = String(Date.now());
    for (const kind of ['postgres', 'sqlite'] as const) {
      const env = {
        ...process.env,
        GENERATE_FOR: kind,
        GENERATE_AT: timestamp,
        DATABASE_URL: kind === 'postgres' ? 'postgres://generator@localhost/x' : 'sqlite::memory:',
      };
      const child = spawnSync(process.execPath, [...process.execArgv, __filename, name], { env, stdio: 'inherit' });
      if (child.status !== 0) process.exit(child.status ?? 1);
    }
    return;
  }
  const timestamp = Number(process.env.GENERATE_AT);
  for (const kind of [only]) {
    const { up, down } = await pendingSql(kind);
    if (up.length === 0) {
      console.log(`${kind}: schema already matches the entities`);
      continue;
    }
    const className = `${name}${kind === 'postgres' ? 'Postgres' : 'Sqlite'}${timestamp}`;
    const file = `${timestamp}-${name}`;
    writeFileSync(join(MIGRATIONS_DIR, kind, `${file}.ts`), migrationSource(className, up, down));
    register(kind, file, className);
    console.log(`${kind}: wrote ${file}.ts (${up.length} statements)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
