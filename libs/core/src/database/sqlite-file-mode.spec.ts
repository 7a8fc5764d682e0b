// The embedded database is readable by the app's user only, whatever the umask.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './data-source';

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('SQLite file and folder modes', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'planner-mode-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the folder 0700 and the file 0600 (WAL and shared-memory files too)', async () => {
    const dir = join(root, 'data');
    const file = join(dir, 'planner.sqlite');
    const db = await openDatabase(
      { DATABASE_URL: `sqlite:${file}`, DATABASE_SCHEMA: undefined, databaseKind: 'sqlite', DATA_DIR: dir },
      [],
      { migrate: false },
    );
    await db.query('CREATE TABLE t (x integer)');
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    await db.destroy();
  });

  it('tightens an existing DATA_DIR and database file left group- and world-readable', async () => {
    const dir = join(root, 'data');
    const file = join(dir, 'planner.sqlite');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(file, 0o644);
    const db = await openDatabase(
      { DATABASE_URL: `sqlite:${file}`, DATABASE_SCHEMA: undefined, databaseKind: 'sqlite', DATA_DIR: dir },
      [],
      { migrate: false },
    );
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    await db.destroy();
  });

  it('leaves a folder that is not DATA_DIR as it is', async () => {
    chmodSync(root, 0o755);
    const db = await openDatabase(
      {
        DATABASE_URL: `sqlite:${join(root, 'elsewhere.sqlite')}`,
        DATABASE_SCHEMA: undefined,
        databaseKind: 'sqlite',
        DATA_DIR: join(root, 'data'),
      },
      [],
      { migrate: false },
    );
    expect(modeOf(root)).toBe(0o755);
    expect(modeOf(join(root, 'elsewhere.sqlite'))).toBe(0o600);
    await db.destroy();
  });
});
