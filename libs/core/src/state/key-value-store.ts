// Short-lived shared state: OAuth hand-offs, one-at-a-time locks, "held" markers, presence. In queue mode it lives
// in Redis, shared by every process; in embedded mode in this process's memory, which is then the only process.
// Nothing here is the truth: losing it (a restart, a Redis flush) costs at most a repeated check or a new sign-in
// step; the database decides everything that matters.
export abstract class KeyValueStore {
  /** Where the values live: `redis` (shared by processes) or `memory` (this process only). */
  abstract readonly kind: 'redis' | 'memory';
  abstract get(key: string): Promise<string | null>;
  /** Sets the value, replacing any, for `ttlMs`. */
  abstract set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Sets the value only if the key has none: true when this call set it (a lock or a once-per-period claim). */
  abstract setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Reads and deletes in one step, so a one-time value is used once. */
  abstract take(key: string): Promise<string | null>;
  abstract delete(...keys: string[]): Promise<void>;
  /** Deletes the key only while it still holds `value` (releases a lock only its owner holds). */
  abstract deleteIfEquals(key: string, value: string): Promise<boolean>;
}
