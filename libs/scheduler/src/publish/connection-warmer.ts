// Opens the connections a burst will need shortly before it is due (held targets tell how many go to each
// network at which instant), so that at 9:00 requests go out on ready sockets: a TLS handshake costs several
// ms of CPU on each side, and a burst due at one instant would otherwise pay them all at that instant.
import type { Clock } from '@app/core';
import type { Network } from '@app/publishing';

/** Warmed this long before the instant: the sockets wait idle meanwhile, and idle ones close after 5 s. */
export const WARM_LEAD_MS = 2000;
/** Closer than this to its instant, warming would race the requests themselves: skipped. */
const TOO_LATE_MS = 100;
/** Targets held after a burst's warm-up ran are warmed for together, this long after the first of them. */
const REWARM_DELAY_MS = 200;

export type WarmConnections = (network: Network, sockets: number) => Promise<unknown>;

interface Burst {
  counts: Map<Network, number>;
  timer?: NodeJS.Timeout;
  /** Warmed once already: targets held later warm again together, a little later. */
  warmed: boolean;
}

export class ConnectionWarmer {
  /** Held targets by the second they are due in, and per network. */
  private readonly bursts = new Map<number, Burst>();

  constructor(
    private readonly warm: WarmConnections,
    private readonly clock: Clock,
    /** Attempts in flight at once: more sockets than this would never be used at the same time. */
    private readonly inFlight: number,
    private readonly leadMs = WARM_LEAD_MS,
  ) {}

  /** A target held for `runAt` will publish to `network` then. */
  plan(network: Network, runAt: number): void {
    const now = this.clock.now().getTime();
    if (runAt - now < TOO_LATE_MS) return;
    const instant = Math.floor(runAt / 1000) * 1000;
    let burst = this.bursts.get(instant);
    if (!burst) {
      this.bursts.set(instant, (burst = { counts: new Map(), warmed: false }));
      // Forgotten once its instant has passed.
      setTimeout(() => this.forget(instant), instant + 1000 - now).unref();
    }
    burst.counts.set(network, (burst.counts.get(network) ?? 0) + 1);
    if (burst.timer) return;
    const at = Math.max(instant - this.leadMs, now + (burst.warmed ? REWARM_DELAY_MS : 0));
    if (runAt - at < TOO_LATE_MS) return;
    burst.timer = setTimeout(() => this.fire(burst), at - now);
    burst.timer.unref();
  }

  stop(): void {
    for (const instant of [...this.bursts.keys()]) this.forget(instant);
  }

  private forget(instant: number): void {
    clearTimeout(this.bursts.get(instant)?.timer);
    this.bursts.delete(instant);
  }

  /** Each network gets its share of the in-flight budget, and no more sockets than it has targets. */
  private fire(burst: Burst): void {
    burst.timer = undefined;
    burst.warmed = true;
    const total = [...burst.counts.values()].reduce((sum, n) => sum + n, 0);
    for (const [network, count] of burst.counts) {
      const sockets = Math.min(count, Math.ceil((this.inFlight * count) / total));
      void this.warm(network, sockets).catch(() => undefined);
    }
  }
}
