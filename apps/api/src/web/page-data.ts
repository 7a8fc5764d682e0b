// Read-only data the post pages show that no API lists yet (connected accounts), scoped by practice.
import { NETWORK_NAMES, NETWORKS, type Network } from '@app/publishing';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountStore } from '@app/accounts';
import { iconSvg } from './icons';

export interface AccountChoice {
  id: string;
  network: Network;
  name: string;
  handle: string | null;
  pictureUrl: string | null;
  status: string;
  lastPublishedAt: string | null;
  lastError: string | null;
  tokenExpiresAt: string | null;
  cadence: { minPostsPerWeek: number; maxGapDays: number } | null;
}

/** Network logos as SVG strings, for client scripts that draw events and previews. */
export const NETWORK_ICONS = Object.fromEntries(
  NETWORKS.map((n) => [n, iconSvg(n, NETWORK_NAMES[n], 'icon-sm')]),
) as Record<Network, string>;

@Injectable()
export class PageData {
  private readonly store: AccountStore;

  constructor(dataSource: DataSource) {
    this.store = new AccountStore(dataSource);
  }

  async accounts(practiceId: string): Promise<AccountChoice[]> {
    const rows = await this.store.list(practiceId);
    return rows.map((a) => ({
      id: a.id,
      network: a.network,
      name: a.name,
      handle: a.handle,
      pictureUrl: a.pictureUrl,
      status: a.status,
      lastPublishedAt: a.lastPublishedAt?.toISOString() ?? null,
      lastError: a.lastError,
      tokenExpiresAt: a.tokenExpiresAt?.toISOString() ?? null,
      cadence: a.cadence ? { minPostsPerWeek: a.cadence.minPostsPerWeek, maxGapDays: a.cadence.maxGapDays } : null,
    }));
  }
}
