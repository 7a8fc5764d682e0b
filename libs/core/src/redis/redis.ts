import Redis, { RedisOptions } from 'ioredis';
import { StartupError } from '../errors/startup-error';

export const REDIS = Symbol('REDIS');

/** A client that fails fast instead of queueing commands forever while Redis is away. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...options,
  });
}

/** Connects once at start-up; a Redis that cannot be reached stops start-up with one line. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = createRedis(url, { retryStrategy: () => null, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // reported through the thrown StartupError below
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const target = url.replace(/\/\/[^@]*@/, '//');
    throw new StartupError(`Cannot connect to Redis at ${target}: ${(error as Error).message}. Check REDIS_URL.`);
  }
  redis.disconnect();
  const client = createRedis(url);
  await client.connect();
  return client;
}

/** PING with a deadline, for health checks. */
export async function pingRedis(redis: Redis, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      redis
        .ping()
        .then((reply) => reply === 'PONG')
        .catch(() => false),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
