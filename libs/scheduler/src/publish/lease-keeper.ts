// Renews the leases of this process's running attempts: one statement every third of a lease for all of them,
// so a lease ends only when its worker died, hung or lost the database, never because its network calls were
// slow (an image post on X or LinkedIn is several calls of up to NETWORK_TIMEOUT_MS, plus a read-back). An
// attempt asks confirm() before its network call: a claim another worker took over (after a lease ended while
// this process could not renew it) makes no call and records nothing.
import { Logger } from '@nestjs/common';
import type { HeldClaim } from '@app/posts';
import { Clock, Periodic } from '@app/core';
import { Batcher } from './batcher';

export interface LeaseStore {
  renewLeases(claims: HeldClaim[], leaseUntil: Date): Promise<Set<string>>;
}

interface Held {
  token: string;
  /** When the lease was last known to be ours (the claim, or a renewal that found it). */
  confirmedAt: number;
  lost: boolean;
}

const CHUNK = 500;

export class LeaseKeeper {
  private readonly logger = new Logger(LeaseKeeper.name);
  private readonly held = new Map<string, Held>();
  private readonly periodic: Periodic;
  // Attempts confirming at once share one renewal statement.
  private readonly confirmations = new Batcher<string, boolean>((ids) => this.renew(ids), {
    maxBatch: CHUNK,
    concurrency: 2,
  });

  constructor(
    private readonly store: LeaseStore,
    private readonly clock: Clock,
    readonly leaseMs: number,
  ) {
    this.periodic = new Periodic(() => this.renewAll(), {
      everyMs: this.renewEveryMs,
      onError: (error) => this.logger.warn({ err: error }, 'Could not renew the leases; trying again'),
    });
  }

  /** A third of the lease: two renewals can fail before a lease of a live attempt could end. */
  get renewEveryMs(): number {
    return Math.max(500, Math.floor(this.leaseMs / 3));
  }

  /** Keeps this claim's lease alive until release(). */
  keep(claim: HeldClaim): void {
    this.held.set(claim.targetId, { token: claim.token, confirmedAt: this.clock.now().getTime(), lost: false });
    this.periodic.start();
  }

  release(targetId: string): void {
    this.held.delete(targetId);
    if (this.held.size === 0) this.periodic.stop();
  }

  /**
   * Whether the claim still holds its target, with a lease long enough for the next call: answered from the
   * last renewal when that is recent, else by renewing now. False also when the database cannot say.
   */
  async confirm(targetId: string): Promise<boolean> {
    const held = this.held.get(targetId);
    if (!held || held.lost) return false;
    if (this.clock.now().getTime() - held.confirmedAt < this.renewEveryMs) return true;
    return this.confirmations.submit(targetId).catch(() => false);
  }

  private async renewAll(): Promise<void> {
    const ids = [...this.held.entries()].filter(([, h]) => !h.lost).map(([id]) => id);
    for (let i = 0; i < ids.length; i += CHUNK) await this.renew(ids.slice(i, i + CHUNK));
  }

  private async renew(ids: string[]): Promise<boolean[]> {
    const claims = ids.flatMap((targetId) => {
      const held = this.held.get(targetId);
      return held && !held.lost ? [{ targetId, token: held.token }] : [];
    });
    const asked = this.clock.now().getTime();
    const still = await this.store.renewLeases(claims, new Date(asked + this.leaseMs));
    for (const { targetId } of claims) {
      const held = this.held.get(targetId);
      if (!held) continue;
      if (still.has(targetId)) held.confirmedAt = asked;
      else {
        // Also the case for an attempt that has just written its outcome (and dropped its claim) and is about to
        // release(): only the publisher, acting on it, says so (fenced()).
        held.lost = true;
        this.logger.debug({ targetId, claim: held.token }, 'Lease not renewed: the claim no longer holds the target');
      }
    }
    return ids.map((id) => still.has(id));
  }
}
