// Counts failed sign-ins per e-mail and per client address in Redis, so every API instance shares the limit.
import type Redis from 'ioredis';
import { TooManyRequestsError } from '@app/core';

const WINDOW_SECONDS = 15 * 60;

export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxFailures: number,
  ) {}

  async assertAllowed(email: string, clientIp: string): Promise<void> {
    const [byEmail, byIp] = await this.redis.mget(this.key('email', email), this.key('ip', clientIp)).catch(() => [null, null]);
    const worst = Math.max(Number(byEmail ?? 0), Number(byIp ?? 0) / 5);
    if (worst >= this.maxFailures) {
      const ttl = await this.redis.ttl(this.key('email', email)).catch(() => WINDOW_SECONDS);
      throw new TooManyRequestsError('Too many failed sign-in attempts. Wait a few minutes and try again.', Math.max(ttl, 1));
    }
  }

  async recordFailure(email: string, clientIp: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [this.key('email', email), this.key('ip', clientIp)]) multi.incr(key).expire(key, WINDOW_SECONDS, 'NX');
    await multi.exec().catch(() => undefined);
  }

  async reset(email: string): Promise<void> {
    await this.redis.del(this.key('email', email)).catch(() => undefined);
  }

  private key(kind: 'email' | 'ip', value: string): string {
    return `${this.prefix}:login-failures:${kind}:${value.toLowerCase()}`;
  }
}
