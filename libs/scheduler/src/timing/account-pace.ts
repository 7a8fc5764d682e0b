// ACCOUNT_PUBLISHES_PER_MINUTE in embedded mode (queue mode uses Bull's grouped limiter): at most `max` targets of
// one account handed on per window. A target over the limit stays scheduled in the database and the due scan
// offers it again each second, so a busy account waits its turn and never holds up the others.
export class AccountPace {
  private readonly recent = new Map<string, number[]>();

  /** `max` 0: no limit. */
  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a start for the account at `now`, or false when its window is full. */
  take(accountId: string, now: number): boolean {
    if (this.max <= 0) return true;
    const since = now - this.windowMs;
    const times = (this.recent.get(accountId) ?? []).filter((t) => t > since);
    if (times.length >= this.max) {
      this.recent.set(accountId, times);
      return false;
    }
    times.push(now);
    this.recent.set(accountId, times);
    return true;
  }
}
