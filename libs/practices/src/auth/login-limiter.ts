// Limits password guessing without letting a guesser lock the real owner out. Counted atomically (in Redis
// with one Lua script per attempt, shared by every API instance; in embedded mode in this process), before the
// password is checked:
// - per address and account: `maxFailures` in 15 minutes, then that address is refused for that account;
// - per address: 5x that across all accounts, then the address is refused (a temporary block);
// - per account, from everywhere: past `maxFailures` the account is slowed down, not locked: one attempt
//   per interval (1 s, doubling to `maxSpacingMs`), so a botnet gets a trickle and the owner gets in after
//   a short wait from any address.
// A successful sign-in clears its account's counts and gives its address the attempt back.
import { TooManyRequestsError } from '@app/core';
import { LoginCounters } from './login-counters';

const WINDOW_SECONDS = 15 * 60;
const ADDRESS_FACTOR = 5;

const MESSAGES: Record<string, string> = {
  address: 'Too many failed sign-in attempts from this address. Wait a few minutes and try again.',
  pair: 'Too many failed sign-in attempts for this account from this address. Wait a few minutes and try again.',
  account: 'This account had many failed sign-in attempts, so attempts are slowed down. Try again in a few seconds.',
};

export class LoginLimiter {
  constructor(
    private readonly counters: LoginCounters,
    private readonly prefix: string,
    private readonly maxFailures: number,
    private readonly maxSpacingMs = 30_000,
  ) {}

  /** Counts this attempt before its password is checked, or throws 429 with Retry-After. */
  async reserve(email: string, clientIp: string): Promise<void> {
    const keys = this.keys(email, clientIp);
    const limits = {
      limit: this.maxFailures,
      addressLimit: this.maxFailures * ADDRESS_FACTOR,
      windowSeconds: WINDOW_SECONDS,
      maxSpacingMs: this.maxSpacingMs,
    };
    // If Redis is down sign-in still works (the app is unusable otherwise); scrypt keeps each guess slow.
    const [verdict, retryAfter] = await this.counters.reserve(keys, limits).catch((): [string, number] => ['ok', 0]);
    if (verdict !== 'ok')
      throw new TooManyRequestsError(MESSAGES[verdict] ?? MESSAGES.address, Math.max(Number(retryAfter), 1));
  }

  /** The right password: the account's failures are forgotten and the address gets its attempt back. */
  async succeeded(email: string, clientIp: string): Promise<void> {
    await this.counters.succeed(this.keys(email, clientIp).slice(0, 3)).catch(() => undefined);
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
