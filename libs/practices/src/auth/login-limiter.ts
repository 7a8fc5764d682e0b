// Limits password guessing without letting a guesser lock the real owner out. Counted atomically in Redis
// (one Lua script per attempt, shared by every API instance), before the password is checked:
// - per address and account: `maxFailures` in 15 minutes, then that address is refused for that account;
// - per address: 5x that across all accounts, then the address is refused (a temporary block);
// - per account, from everywhere: past `maxFailures` the account is slowed down, not locked: one attempt
//   per interval (1 s, doubling to `maxSpacingMs`), so a botnet gets a trickle and the owner gets in after
//   a short wait from any address.
// A successful sign-in clears its account's counts and gives its address the attempt back.
import type Redis from 'ioredis';
import { TooManyRequestsError } from '@app/core';

const WINDOW_SECONDS = 15 * 60;
const ADDRESS_FACTOR = 5;

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

const MESSAGES: Record<string, string> = {
  address: 'Too many failed sign-in attempts from this address. Wait a few minutes and try again.',
  pair: 'Too many failed sign-in attempts for this account from this address. Wait a few minutes and try again.',
  account: 'This account had many failed sign-in attempts, so attempts are slowed down. Try again in a few seconds.',
};

export class LoginLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly maxFailures: number,
    private readonly maxSpacingMs = 30_000,
  ) {}

  /** Counts this attempt before its password is checked, or throws 429 with Retry-After. */
  async reserve(email: string, clientIp: string): Promise<void> {
    const keys = this.keys(email, clientIp);
    const args = [this.maxFailures, this.maxFailures * ADDRESS_FACTOR, WINDOW_SECONDS, this.maxSpacingMs];
    // If Redis is down sign-in still works (the app is unusable otherwise); scrypt keeps each guess slow.
    const result = (await this.redis.eval(RESERVE, keys.length, ...keys, ...args).catch(() => ['ok', 0])) as [
      string,
      number,
    ];
    const [verdict, retryAfter] = result;
    if (verdict !== 'ok')
      throw new TooManyRequestsError(MESSAGES[verdict] ?? MESSAGES.address, Math.max(Number(retryAfter), 1));
  }

  /** The right password: the account's failures are forgotten and the address gets its attempt back. */
  async succeeded(email: string, clientIp: string): Promise<void> {
    const keys = this.keys(email, clientIp).slice(0, 3);
    await this.redis.eval(SUCCEED, keys.length, ...keys).catch(() => undefined);
  }

  private keys(email: string, clientIp: string): string[] {
    const base = `${this.prefix}:login`;
    const account = email.toLowerCase();
    const ip = clientIp.toLowerCase();
    return [
      `${base}:ip:${ip}`,
      `${base}:pair:${ip}:${account}`,
      `${base}:account:${account}`,
      `${base}:account-slot:${account}`,
    ];
  }
}
