// Opens what a process needs before Nest starts: validated config, migrated database, Redis.
// Any failure here is one clear line on stderr and a non-zero exit.
import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from './config/load-config';
import { CoreResources } from './core.module';
import { EntityList, openDatabase } from './database/data-source';
import { StartupError } from './errors/startup-error';
import { connectRedis } from './redis/redis';

export interface OpenOptions {
  /** The API migrates; a separate worker waits until the schema is current. */
  migrate: boolean;
  env?: Record<string, string | undefined>;
}

export async function openResources(entities: EntityList, options: OpenOptions): Promise<CoreResources> {
  const config = loadConfig(options.env);
  const dataSource = await openDatabase(config, entities, { migrate: options.migrate });
  try {
    const redis = await connectRedis(config.REDIS_URL);
    if (!options.migrate)
      await waitForSchema(dataSource).catch((error: unknown) => {
        redis.disconnect();
        throw error;
      });
    return { config, dataSource, redis };
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
}

export async function closeResources(resources: CoreResources): Promise<void> {
  if (resources.dataSource.isInitialized) await resources.dataSource.destroy();
  if (resources.redis.status !== 'end') await resources.redis.quit().catch(() => resources.redis.disconnect());
}

async function waitForSchema(dataSource: DataSource, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await dataSource.showMigrations()) {
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
