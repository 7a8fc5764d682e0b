// Where the login limiter counts: Redis in queue mode (one Lua script per attempt, atomic across API instances),
// this process's memory in embedded mode (the only process). Both apply the same rules (see LoginLimiter).
import type Redis from 'ioredis';

export interface LoginLimits {
  limit: number;
  addressLimit: number;
  windowSeconds: number;
  maxSpacingMs: number;
}

/** ['ok', 0], or the rule that refused ('address' | 'pair' | 'account') and the seconds until it lets go. */
export type LoginVerdict = [string, number];

/** Keys: [address, address+account, account, account's slow-down slot]. */
export interface LoginCounters {
  reserve(keys: string[], limits: LoginLimits): Promise<LoginVerdict>;
  /** Keys: the first three of reserve's. */
  succeed(keys: string[]): Promise<void>;
}

const RESERVE = `
local limit, addressLimit, window, maxSpacing = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local address = tonumber(redis.call('GET', KEYS[1]) or '0')
if address >= addressLimit then return {'address', redis.call('TTL', KEYS[1])} end
local pair = tonumber(redis.call('GET', KEYS[2]) or '0')
if pair >= limit then return {'pair', redis.call('TTL', KEYS[2])} end
local account = tonumber(redis.call('GET', KEYS[3]) or '0')
if account >= limit then
  local spacing = math.floor(math.min(1000 * math.pow(2, account - limit), maxSpacing))
  if not redis.call('SET', KEYS[4], '1', 'PX', spacing, 'NX') then
    return {'account', math.ceil(redis.call('PTTL', KEYS[4]) / 1000)}
  end
end
for i = 1, 3 do
  redis.call('INCR', KEYS[i])
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], window) end
end
return {'ok', 0}
`;

// Never below zero: a key that lapsed meanwhile must not come back as extra budget without an expiry.
const SUCCEED = `
redis.call('DEL', KEYS[2], KEYS[3])
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
return 1
`;

export class RedisLoginCounters implements LoginCounters {
  constructor(private readonly redis: Redis) {}

  async reserve(keys: string[], limits: LoginLimits): Promise<LoginVerdict> {
    const args = [limits.limit, limits.addressLimit, limits.windowSeconds, limits.maxSpacingMs];
    return (await this.redis.eval(RESERVE, keys.length, ...keys, ...args)) as LoginVerdict;
  }

  async succeed(keys: string[]): Promise<void> {
    await this.redis.eval(SUCCEED, keys.length, ...keys);
  }
}

interface Counter {
  count: number;
  expiresAt: number;
}

/** The same rules as the Lua scripts above, for one process (JavaScript runs each call to the end at once). */
export class MemoryLoginCounters implements LoginCounters {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly now: () => number = Date.now) {}

  reserve(keys: string[], limits: LoginLimits): Promise<LoginVerdict> {
    this.sweep();
    const [addressKey, pairKey, accountKey, slotKey] = keys;
    const address = this.live(addressKey);
    if (address && address.count >= limits.addressLimit) return this.refuse('address', address);
    const pair = this.live(pairKey);
    if (pair && pair.count >= limits.limit) return this.refuse('pair', pair);
    const account = this.live(accountKey)?.count ?? 0;
    if (account >= limits.limit) {
      const slot = this.live(slotKey);
      if (slot) return this.refuse('account', slot);
      const spacing = Math.floor(Math.min(1000 * 2 ** (account - limits.limit), limits.maxSpacingMs));
      this.counters.set(slotKey, { count: 1, expiresAt: this.now() + spacing });
    }
    for (const key of [addressKey, pairKey, accountKey]) {
      const counter = this.live(key);
      if (counter) counter.count++;
      else this.counters.set(key, { count: 1, expiresAt: this.now() + limits.windowSeconds * 1000 });
    }
    return Promise.resolve(['ok', 0]);
  }

  succeed(keys: string[]): Promise<void> {
    const [addressKey, pairKey, accountKey] = keys;
    this.counters.delete(pairKey);
    this.counters.delete(accountKey);
    const address = this.live(addressKey);
    if (address && address.count > 0) address.count--;
    return Promise.resolve();
  }

  private refuse(rule: string, counter: Counter): Promise<LoginVerdict> {
    return Promise.resolve([rule, Math.ceil((counter.expiresAt - this.now()) / 1000)]);
  }

  private live(key: string): Counter | undefined {
    const counter = this.counters.get(key);
    if (counter && counter.expiresAt <= this.now()) {
      this.counters.delete(key);
      return undefined;
    }
    return counter;
  }

  /** Drops lapsed counters now and then, so a guesser cycling addresses cannot grow the map for ever. */
  private sweep(): void {
    if (this.counters.size < 10_000) return;
    const now = this.now();
    for (const [key, counter] of this.counters) if (counter.expiresAt <= now) this.counters.delete(key);
  }
}
