import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, ratioOf } from './load-config';

const tempDir = () => mkdtempSync(join(tmpdir(), 'config-test-'));

describe('loadConfig', () => {
  it('works with no configuration at all: embedded mode, SQLite under ./data-like DATA_DIR, no Redis, generated key', () => {
    const dir = tempDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      PORT: 3000,
      databaseKind: 'sqlite',
      runMode: 'embedded',
      DATABASE_URL: `sqlite:${join(dir, 'planner.sqlite')}`,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.SECRET_KEY.length).toBeGreaterThanOrEqual(32);
  });

  it('runs queue mode when REDIS_URL is set, on PostgreSQL only', () => {
    const postgres = 'postgres://postgres@127.0.0.1:5432/test';
    expect(
      loadConfig({ DATA_DIR: tempDir(), REDIS_URL: 'redis://10.0.0.5:6379', DATABASE_URL: postgres }),
    ).toMatchObject({ runMode: 'queue', REDIS_URL: 'redis://10.0.0.5:6379' });
    expect(loadConfig({ DATA_DIR: tempDir(), DATABASE_URL: postgres }).runMode).toBe('embedded');
    expect(() => loadConfig({ DATA_DIR: tempDir(), REDIS_URL: 'redis://10.0.0.5:6379' })).toThrow(
      /^Invalid configuration: REDIS_URL is set \(queue mode: separate API and workers\), which needs PostgreSQL; set DATABASE_URL=postgres:.*or unset REDIS_URL to run embedded on SQLite in one process$/,
    );
  });

  it('signs image links with MEDIA_LINK_SECRET, or a key derived from SECRET_KEY (never SECRET_KEY itself)', () => {
    const key = 'k'.repeat(40);
    const derived = loadConfig({ DATA_DIR: tempDir(), SECRET_KEY: key }).MEDIA_LINK_SECRET;
    expect(derived).not.toBe(key);
    expect(derived.length).toBeGreaterThanOrEqual(32);
    // Every process with the same SECRET_KEY derives the same one (API and workers agree).
    expect(loadConfig({ DATA_DIR: tempDir(), SECRET_KEY: key }).MEDIA_LINK_SECRET).toBe(derived);
    expect(loadConfig({ DATA_DIR: tempDir(), MEDIA_LINK_SECRET: 'm'.repeat(32) }).MEDIA_LINK_SECRET).toBe(
      'm'.repeat(32),
    );
    expect(() => loadConfig({ DATA_DIR: tempDir(), MEDIA_LINK_SECRET: 'short' })).toThrow(
      'Invalid configuration: MEDIA_LINK_SECRET must be at least 32 characters (e.g. openssl rand -base64 48) (got "***")',
    );
    expect(() => loadConfig({ DATA_DIR: tempDir(), MEDIA_LINK_TTL_SECONDS: '5' })).toThrow(/MEDIA_LINK_TTL_SECONDS/);
  });

  it('takes the image rules and the media retention from configuration, refusing nonsense with the variable named', () => {
    expect(loadConfig({ DATA_DIR: tempDir() })).toMatchObject({
      INSTAGRAM_MIN_ASPECT_RATIO: '4:5',
      INSTAGRAM_MAX_ASPECT_RATIO: '1.91:1',
      GOOGLE_PHOTO_MIN_SIDE_PX: 250,
      GOOGLE_PHOTO_MIN_KB: 10,
      GOOGLE_PHOTO_MAX_KB: 5120,
      MEDIA_RETENTION_DAYS: 30,
    });
    expect(ratioOf('4:5')).toBeCloseTo(0.8);
    expect(ratioOf('1.91:1')).toBeCloseTo(1.91);
    expect(ratioOf('0.75')).toBeCloseTo(0.75);
    expect(
      loadConfig({ DATA_DIR: tempDir(), INSTAGRAM_MIN_ASPECT_RATIO: '3:4', MEDIA_RETENTION_DAYS: '7' }),
    ).toMatchObject({ INSTAGRAM_MIN_ASPECT_RATIO: '3:4', MEDIA_RETENTION_DAYS: 7 });
    expect(() => loadConfig({ DATA_DIR: tempDir(), INSTAGRAM_MIN_ASPECT_RATIO: 'tall' })).toThrow(
      /INSTAGRAM_MIN_ASPECT_RATIO must be a ratio such as 4:5/,
    );
    expect(() => loadConfig({ DATA_DIR: tempDir(), INSTAGRAM_MIN_ASPECT_RATIO: '2:1' })).toThrow(
      /INSTAGRAM_MIN_ASPECT_RATIO \(2:1\) must be narrower than INSTAGRAM_MAX_ASPECT_RATIO/,
    );
    expect(() => loadConfig({ DATA_DIR: tempDir(), MEDIA_RETENTION_DAYS: '0' })).toThrow(/MEDIA_RETENTION_DAYS/);
    expect(() => loadConfig({ DATA_DIR: tempDir(), GOOGLE_PHOTO_MIN_KB: '6000' })).toThrow(ConfigError);
  });

  it('derives the public URL from PORT unless PUBLIC_URL is given', () => {
    const dir = tempDir();
    expect(loadConfig({ DATA_DIR: dir }).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ DATA_DIR: dir, PORT: '8080' }).PUBLIC_URL).toBe('http://localhost:8080');
    expect(loadConfig({ DATA_DIR: dir, PORT: '8080', PUBLIC_URL: 'https://planner.example-dental.com' })).toMatchObject(
      { PUBLIC_URL: 'https://planner.example-dental.com', COOKIE_SECURE: true },
    );
  });

  it('keeps the generated SECRET_KEY in a 0600 file and reuses it', () => {
    const dir = tempDir();
    const first = loadConfig({ DATA_DIR: dir }).SECRET_KEY;
    const file = join(dir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(loadConfig({ DATA_DIR: dir }).SECRET_KEY).toBe(first);
  });

  it.each([
    ['PORT', 'eighty', /^Invalid configuration: PORT .*\(got "eighty"\)$/],
    ['DATABASE_URL', 'mysql://root@localhost/db', /^Invalid configuration: DATABASE_URL must look like postgres:\/\//],
    ['REDIS_URL', 'localhost:6379', /^Invalid configuration: REDIS_URL must look like redis:\/\//],
    ['SECRET_KEY', 'short', /^Invalid configuration: SECRET_KEY must be at least 32 characters .*\(got "\*\*\*"\)$/],
    ['LINKEDIN_VERSION', '2025-11', /^Invalid configuration: LINKEDIN_VERSION must be YYYYMM/],
    ['FACEBOOK_GRAPH_URL', 'graph.facebook.com', /^Invalid configuration: FACEBOOK_GRAPH_URL must be an origin/],
  ])('stops on a bad %s with one line naming it', (key, value, message) => {
    expect(() => loadConfig({ DATA_DIR: tempDir(), [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: tempDir(), [key]: value })).toThrow(message);
  });

  it('never prints a database password in its message', () => {
    expect(() =>
      loadConfig({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://app:hunter2@db:5432/x', PORT: '-1' }),
    ).not.toThrow(/hunter2/);
  });

  it('selects PostgreSQL from a postgres:// URL', () => {
    expect(
      loadConfig({ DATA_DIR: tempDir(), DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).databaseKind,
    ).toBe('postgres');
  });
});
