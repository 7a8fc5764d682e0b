// Per-user, per-endpoint fixed windows, reported in x-rate-limit-* headers on every answer.
export interface RateWindow {
  limit: number;
  windowSeconds: number;
}

export interface RateState {
  limit: number;
  remaining: number;
  /** Epoch seconds when the window resets. */
  reset: number;
  exceeded: boolean;
}

/** Defaults from X's published per-user limits (docs.x.com/x-api/fundamentals/rate-limits; configurable). */
export const X_DEFAULT_WINDOWS: Record<string, RateWindow> = {
  'POST /2/tweets': { limit: 100, windowSeconds: 900 },
  'GET /2/users/:id/tweets': { limit: 900, windowSeconds: 900 },
  'GET /2/users/me': { limit: 75, windowSeconds: 900 },
  'GET /2/users/:id/mentions': { limit: 300, windowSeconds: 900 },
  'PUT /2/tweets/:id/hidden': { limit: 50, windowSeconds: 900 },
  'GET /2/tweets/:id': { limit: 900, windowSeconds: 900 },
  'POST /2/media/upload': { limit: 500, windowSeconds: 900 },
  'POST /2/media/metadata': { limit: 500, windowSeconds: 900 },
};

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly now: () => number,
    private readonly limits: Record<string, RateWindow>,
  ) {}

  /** Counts one call (unless the window is exhausted) and returns the state to report. */
  hit(userId: string, endpoint: string): RateState | undefined {
    const window = this.limits[endpoint];
    if (!window) return undefined;
    const key = `${userId} ${endpoint}`;
    const now = this.now();
    let state = this.windows.get(key);
    if (!state || now >= state.start + window.windowSeconds * 1000) {
      state = { start: now, count: 0 };
      this.windows.set(key, state);
    }
    const reset = Math.ceil((state.start + window.windowSeconds * 1000) / 1000);
    if (state.count >= window.limit) return { limit: window.limit, remaining: 0, reset, exceeded: true };
    state.count += 1;
    return { limit: window.limit, remaining: window.limit - state.count, reset, exceeded: false };
  }

  clear(): void {
    this.windows.clear();
  }
}

export function rateHeaders(state: Pick<RateState, 'limit' | 'remaining' | 'reset'>): Record<string, string> {
  return {
    'x-rate-limit-limit': String(state.limit),
    'x-rate-limit-remaining': String(state.remaining),
    'x-rate-limit-reset': String(state.reset),
  };
}
