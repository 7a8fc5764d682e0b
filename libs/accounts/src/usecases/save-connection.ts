// Saving a verified connection: one row per (practice, network, external id), tokens sealed to the row.
import { type Network } from '@app/publishing';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Actor } from '@app/audit';
import { inTransaction } from '@app/core';
import type { AccountsDeps } from '../accounts-deps';
import { disconnectedKey, needsReconnectKey, tokenExpiringKey, waitingForReconnectKey } from '../account-problems';
import { auditView } from '../account-view';
import { SocialAccount } from '../social-account.entity';

/** Tokens as the network granted them (plaintext: only ever in memory). */
export interface GrantedTokens {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: Date | null;
  refreshTokenExpiresAt?: Date | null;
}

export interface VerifiedConnection {
  network: Network;
  externalId: string;
  /** The network's name for it; a reconnect keeps the name the practice chose unless `nameChosen`. */
  name: string;
  /** The person typed this name (manual entry): it replaces the stored one. */
  nameChosen?: boolean;
  handle?: string | null;
  /** The picture the network served when it verified the account. */
  pictureUrl?: string | null;
  tokens: GrantedTokens;
}

/**
 * Connects or reconnects. Reconnecting updates the same row (history, targets and settings kept), clears the problem
 * and resolves its alerts; an absent or empty refresh token never replaces a stored one (postiz PR #1884).
 */
export async function saveConnection(
  deps: AccountsDeps,
  practiceId: string,
  actor: Actor,
  connection: VerifiedConnection,
  via: 'oauth' | 'token',
): Promise<SocialAccount> {
  try {
    return await inTransaction(deps.dataSource, (tx) => upsert(deps, tx, practiceId, actor, connection, via));
  } catch (error) {
    // Two connects of the same page at once: the loser of the unique index retries as a reconnect.
    if (!isUniqueViolation(error)) throw error;
    return inTransaction(deps.dataSource, (tx) => upsert(deps, tx, practiceId, actor, connection, via));
  }
}

async function upsert(
  deps: AccountsDeps,
  tx: EntityManager,
  practiceId: string,
  actor: Actor,
  c: VerifiedConnection,
  via: 'oauth' | 'token',
): Promise<SocialAccount> {
  const existing = await deps.accounts.byExternalId(practiceId, c.network, c.externalId, tx);
  const before = existing ? auditView(existing) : undefined;
  const account =
    existing ??
    deps.accounts.create(practiceId, {
      id: randomUUID(),
      network: c.network,
      externalId: c.externalId,
      handle: null,
      pictureUrl: null,
      refreshTokenEnc: null,
      refreshTokenExpiresAt: null,
      lastPublishedAt: null,
      cadence: null,
      evergreenFill: false,
    });
  const previousStatus = existing?.status;
  if (!existing || c.nameChosen) account.name = c.name.trim().slice(0, 200) || account.name || c.externalId;
  account.handle = c.handle ?? account.handle ?? null;
  account.pictureUrl = c.pictureUrl ?? account.pictureUrl ?? null;
  account.status = 'connected';
  account.accessTokenEnc = deps.vault.seal(c.tokens.accessToken, account.id);
  account.tokenExpiresAt = c.tokens.expiresAt ?? null;
  account.tokenIssuedAt = deps.clock.now();
  const refreshToken = c.tokens.refreshToken?.trim();
  if (refreshToken) {
    account.refreshTokenEnc = deps.vault.seal(refreshToken, account.id);
    account.refreshTokenExpiresAt = c.tokens.refreshTokenExpiresAt ?? null;
  }
  account.lastError = null;
  account.lastErrorAt = null;
  await deps.accounts.save(account, tx);
  await deps.audit.record(tx, practiceId, {
    actor,
    action: existing ? 'account.reconnected' : 'account.connected',
    entityType: 'social_account',
    entityId: account.id,
    before,
    after: auditView(account),
    details: {
      network: account.network,
      externalId: account.externalId,
      name: account.name,
      via,
      previousStatus: previousStatus ?? null,
      refreshToken: refreshToken ? 'stored' : existing?.refreshTokenEnc ? 'kept' : 'none',
    },
  });
  await deps.alerts.resolve(practiceId, needsReconnectKey(account.id), tx);
  await deps.alerts.resolve(practiceId, tokenExpiringKey(account.id), tx);
  await deps.alerts.resolve(practiceId, disconnectedKey(account.id), tx);
  await deps.alerts.resolve(practiceId, waitingForReconnectKey(account.id), tx);
  return account;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = String(e?.driverError?.code ?? e?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
