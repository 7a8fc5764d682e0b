// Opens what a process needs before Nest starts: validated config, Redis (queue mode only), migrated database.
// Any failure here is one clear line on stderr and a non-zero exit; an unreachable Redis never falls back to
// embedded mode (the other processes would be publishing from the queue this one cannot see).
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/load-config';
import { CoreResources } from './core.module';
import { EntityList, openDatabase, postgresNow } from './database/data-source';
import { StartupError } from './errors/startup-error';
import { Mailer } from './mail/mailer';
import { connectRedis } from './redis/redis';
import { MemoryKeyValueStore } from './state/memory-key-value-store';
import { RedisKeyValueStore } from './state/redis-key-value-store';
import { DatabaseClock } from './time/database-clock';

export interface OpenOptions {
  /** The API migrates; a separate worker waits until the schema is current. */
  migrate: boolean;
  env?: Record<string, string | undefined>;
}

export async function openResources(entities: EntityList, options: OpenOptions): Promise<CoreResources> {
  const config = loadConfig(options.env);
  // Redis first: a queue-mode process that cannot reach it stops before it touches the database.
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL) : undefined;
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openDatabase(config, entities, { migrate: options.migrate });
    if (!options.migrate) await waitForSchema(dataSource);
    const store = redis ? new RedisKeyValueStore(redis) : new MemoryKeyValueStore();
    // Every process reads the database's clock (due times, leases): see DatabaseClock.
    const clock = config.databaseKind === 'postgres' ? await databaseClock(dataSource) : undefined;
    return { config, dataSource, redis, store, clock, mailer: new Mailer(config.SMTP_URL, config.MAIL_FROM) };
  } catch (error) {
    redis?.disconnect();
    if (dataSource?.isInitialized) await dataSource.destroy();
    throw error;
  }
}

export async function closeResources(resources: CoreResources): Promise<void> {
  if (resources.clock instanceof DatabaseClock) resources.clock.stop();
  if (resources.dataSource.isInitialized) await resources.dataSource.destroy();
  const redis = resources.redis;
  if (redis && redis.status !== 'end') await redis.quit().catch(() => redis.disconnect());
  if (resources.store instanceof MemoryKeyValueStore) resources.store.close();
  resources.mailer.close();
}

function databaseClock(dataSource: DataSource): Promise<DatabaseClock> {
  return DatabaseClock.start(() => postgresNow(dataSource));
}

/** Until the API has migrated the database (a separate worker does not migrate). Exported for its spec. */
export async function waitForSchema(dataSource: DataSource, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  while (await dataSource.showMigrations()) {
    // Said once: a worker started before the API otherwise looked hung for up to two minutes.
    if (!said) {
      said = true;
      process.stderr.write(
        `The database schema is not up to date yet: waiting up to ${Math.round(timeoutMs / 1000)} s for the API to run the migrations (npm run start:api).\n`,
      );
    }
    if (Date.now() > deadline)
      throw new StartupError(
        'The database schema is not up to date: start the API once (it runs the migrations), then the worker.',
      );
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The catch for every main(): expected start-up failures print one line; anything else its stack. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError || error instanceof StartupError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(
      `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
}
