// Reads the environment once, fills defaults, keeps a generated SECRET_KEY under DATA_DIR, validates.
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { AppConfig } from './app-config';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface ResolvedConfig extends AppConfig {
  SECRET_KEY: string;
  /** Given, or derived from SECRET_KEY (never the key itself: a leaked link secret must not open sessions). */
  MEDIA_LINK_SECRET: string;
  DATABASE_URL: string;
  /** Derived: which database driver DATABASE_URL selects. */
  databaseKind: DatabaseKind;
  /** Derived: queue mode when REDIS_URL is set, embedded mode otherwise (see runModeOf). */
  runMode: RunMode;
}
export type DatabaseKind = 'postgres' | 'sqlite';

/**
 * embedded: one process serves the API and publishes, timed by a scan of the database (no Redis, SQLite or
 * PostgreSQL). queue: Bull on Redis carries the timing, for a separate API and any number of workers (PostgreSQL).
 */
export type RunMode = 'embedded' | 'queue';

export function runModeOf(redisUrl: string | undefined): RunMode {
  return redisUrl ? 'queue' : 'embedded';
}

type Env = Record<string, string | undefined>;

export function databaseKindOf(databaseUrl: string | undefined): DatabaseKind {
  return databaseUrl && /^postgres(ql)?:/.test(databaseUrl) ? 'postgres' : 'sqlite';
}

/** Validates the environment; throws ConfigError with one line naming the first bad variable. */
export function loadConfig(env: Env = process.env): ResolvedConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, string> = {};
  for (const key of [
    ...known,
    'DATABASE_URL',
    'DATABASE_SCHEMA',
    'REDIS_URL',
    'SECRET_KEY',
    'MEDIA_LINK_SECRET',
    'COOKIE_SECURE',
    'SMTP_URL',
    'ALERT_WEBHOOK_URL',
    'ALERT_WEBHOOK_SECRET',
    'FACEBOOK_APP_ID',
    'FACEBOOK_APP_SECRET',
    'FACEBOOK_WEBHOOK_VERIFY_TOKEN',
    'LINKEDIN_CLIENT_ID',
    'LINKEDIN_CLIENT_SECRET',
    'X_CLIENT_ID',
    'X_CLIENT_SECRET',
    'GOOGLE_CLIENT_ID',
    'GOOGLE_CLIENT_SECRET',
    'NETWORK_CA_FILE',
    'FACEBOOK_GRAPH_VIDEO_URL',
  ]) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) throw new ConfigError(describe(errors[0], raw));

  if (config.NETWORK_CA_FILE && !existsSync(config.NETWORK_CA_FILE))
    throw new ConfigError(`Invalid configuration: NETWORK_CA_FILE ${config.NETWORK_CA_FILE} does not exist`);
  if (config.ALERT_WEBHOOK_URL && !config.ALERT_WEBHOOK_SECRET)
    throw new ConfigError(
      'Invalid configuration: ALERT_WEBHOOK_SECRET is required when ALERT_WEBHOOK_URL is set (receivers verify the signature with it)',
    );
  if (ratioOf(config.INSTAGRAM_MIN_ASPECT_RATIO) >= ratioOf(config.INSTAGRAM_MAX_ASPECT_RATIO))
    throw new ConfigError(
      `Invalid configuration: INSTAGRAM_MIN_ASPECT_RATIO (${config.INSTAGRAM_MIN_ASPECT_RATIO}) must be narrower than INSTAGRAM_MAX_ASPECT_RATIO (${config.INSTAGRAM_MAX_ASPECT_RATIO})`,
    );
  for (const network of ['INSTAGRAM', 'LINKEDIN', 'X'] as const) {
    const [min, max] = [`${network}_VIDEO_MIN_ASPECT_RATIO`, `${network}_VIDEO_MAX_ASPECT_RATIO`] as const;
    if (ratioOf(config[min]) >= ratioOf(config[max]))
      throw new ConfigError(
        `Invalid configuration: ${min} (${config[min]}) must be narrower than ${max} (${config[max]})`,
      );
  }
  for (const network of ['INSTAGRAM', 'FACEBOOK', 'LINKEDIN', 'X'] as const) {
    const [min, max] = [`${network}_VIDEO_MIN_SECONDS`, `${network}_VIDEO_MAX_SECONDS`] as const;
    if (config[min] >= config[max])
      throw new ConfigError(`Invalid configuration: ${min} (${config[min]}) must be less than ${max} (${config[max]})`);
  }
  if (config.GOOGLE_PHOTO_MIN_KB >= config.GOOGLE_PHOTO_MAX_KB)
    throw new ConfigError('Invalid configuration: GOOGLE_PHOTO_MIN_KB must be less than GOOGLE_PHOTO_MAX_KB');
  const dataDir = resolve(config.DATA_DIR);
  const databaseUrl = config.DATABASE_URL ?? `sqlite:${join(dataDir, 'planner.sqlite')}`;
  const runMode = runModeOf(config.REDIS_URL);
  // Several processes would share one SQLite file (its locks serialise them and a network file system breaks them).
  if (runMode === 'queue' && databaseKindOf(databaseUrl) === 'sqlite')
    throw new ConfigError(
      'Invalid configuration: REDIS_URL is set (queue mode: separate API and workers), which needs PostgreSQL; set DATABASE_URL=postgres://user:pass@host:5432/db, or unset REDIS_URL to run embedded on SQLite in one process',
    );
  // Links in e-mails, OAuth redirects and the feed follow the port the app listens on unless told otherwise.
  const publicUrl = raw.PUBLIC_URL ? config.PUBLIC_URL : `http://localhost:${config.PORT}`;
  const secretKey = config.SECRET_KEY ?? readOrCreateSecretKey(dataDir);
  return Object.assign(config, {
    PUBLIC_URL: publicUrl,
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SECRET_KEY: secretKey,
    MEDIA_LINK_SECRET: config.MEDIA_LINK_SECRET ?? derivedSecret(secretKey, 'public-media-links'),
    COOKIE_SECURE: config.COOKIE_SECURE ?? publicUrl.startsWith('https:'),
    databaseKind: databaseKindOf(databaseUrl),
    runMode,
  });
}

function describe(error: ValidationError, raw: Record<string, string>): string {
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  const given = error.property in raw ? ` (got "${redact(error.property, raw[error.property])}")` : '';
  const text = message.startsWith(error.property) ? message : `${error.property} ${message}`;
  return `Invalid configuration: ${text}${given}`;
}

/** A key for one purpose, derived from SECRET_KEY (HKDF-SHA256), so the processes that share it agree. */
function derivedSecret(secretKey: string, purpose: string): string {
  return Buffer.from(hkdfSync('sha256', secretKey, 'planner', purpose, 32)).toString('base64url');
}

function redact(key: string, value: string): string {
  if (key === 'SECRET_KEY' || key === 'MEDIA_LINK_SECRET') return '***';
  return value.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@');
}

/** The secret is made once and kept, so sessions and encrypted tokens survive restarts. */
function readOrCreateSecretKey(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (key.length < 32)
      throw new ConfigError(`Invalid configuration: ${file} holds a SECRET_KEY shorter than 32 characters`);
    return key;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(48).toString('base64url');
  writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** "4:5" or "1.91:1" or "0.8" as width / height (the format is checked by AppConfig). */
export function ratioOf(value: string): number {
  const [width, height = '1'] = value.split(':');
  return Number(width) / Number(height);
}

export function sqlitePathOf(databaseUrl: string): string {
  const path = databaseUrl.replace(/^sqlite:(\/\/)?/, '');
  return path === ':memory:' || isAbsolute(path) ? path : resolve(path);
}
