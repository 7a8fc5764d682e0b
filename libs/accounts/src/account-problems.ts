// What happens when a network refuses an account: the status it moves to, the one alert it raises, the audit entry.
import { isPublishingError, type Network, NETWORK_NAMES, PublishingError } from '@app/publishing';
import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, SYSTEM_ACTOR } from '@app/audit';
import { inTransaction, InvalidInputError, ServiceUnavailableError, TooManyRequestsError } from '@app/core';
import type { AccountsDeps } from './accounts-deps';
import { SocialAccount } from './social-account.entity';

const logger = new Logger('Accounts');

export const needsReconnectKey = (accountId: string) => `needs_reconnect:${accountId}`;
export const tokenExpiringKey = (accountId: string) => `token_expiring:${accountId}`;
/** Raised by the publisher while posts wait for this account to be reconnected; closed by the reconnect. */
export const waitingForReconnectKey = (accountId: string) => `waiting_for_reconnect:${accountId}`;
/** The publish_stopped alert raised when an account with scheduled posts is disconnected. */
export const disconnectedKey = (accountId: string) => `account_disconnected:${accountId}`;
export const versionRetiredKey = (network: Network) => `version_retired:${network}`;
export const appRefusedKey = (network: Network) => `oauth_app_refused:${network}`;

/**
 * Only a dead grant asks a person to reconnect (postiz PR #1822): auth_expired, and on Facebook and LinkedIn a
 * permission refusal that is about the connected person (Graph #10/#200: not a Page admin, a user token instead of the
 * Page token, a missing scope — postiz PR #1881). A refusal of our app's own credentials is an operator problem.
 */
export function needsReconnect(error: PublishingError): boolean {
  if (error.needsReconnect) return true;
  return error.kind === 'permission_denied' && !error.adminMessage && error.network !== 'x';
}

export type ProblemSource = 'publish' | 'refresh' | 'health_check';

/**
 * Marks a connected account needs_reconnect and raises one alert for it (deduplicated per account while open:
 * one failure, one alert — postiz PR #1678). An account already waiting for reconnection only gets the newer message.
 */
export async function markNeedsReconnect(
  deps: AccountsDeps,
  account: SocialAccount,
  error: PublishingError,
  source: ProblemSource,
  actor: Actor = SYSTEM_ACTOR,
): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps.dataSource, async (tx) => {
    const current = await deps.accounts.byId(account.practiceId, account.id, tx);
    if (!current || current.status === 'disconnected') return;
    const wasConnected = current.status === 'connected';
    await deps.accounts.markNeedsReconnect(current.practiceId, current.id, error.networkMessage, now, tx);
    if (wasConnected) {
      await deps.audit.record(tx, current.practiceId, {
        actor,
        action: 'account.needs_reconnect',
        entityType: 'social_account',
        entityId: current.id,
        before: { status: current.status },
        after: { status: 'needs_reconnect' },
        details: { network: current.network, source, kind: error.kind, networkCode: error.networkCode ?? null },
      });
    }
    const waiting = (await deps.waiting.countByAccount(current.practiceId, [current.id], tx)).get(current.id) ?? 0;
    const name = NETWORK_NAMES[current.network];
    await deps.alerts.raise(
      current.practiceId,
      {
        kind: 'needs_reconnect',
        severity: 'critical',
        title: `Reconnect ${current.name} on ${name}`,
        message: `${error.practiceMessage}${waiting ? ` ${waiting === 1 ? '1 scheduled post waits' : `${waiting} scheduled posts wait`} for this account.` : ''}`,
        link: '/accounts',
        dedupeKey: needsReconnectKey(current.id),
        details: {
          accountId: current.id,
          network: current.network,
          source,
          networkCode: error.networkCode ?? null,
          scheduledPosts: waiting,
        },
      },
      tx,
    );
  });
  logger.warn(
    {
      practiceId: account.practiceId,
      accountId: account.id,
      network: account.network,
      source,
      kind: error.kind,
      networkCode: error.networkCode,
    },
    'Account needs reconnecting',
  );
}

/** LinkedIn 426: the configured LinkedIn-Version was retired. An operator fixes it; the accounts stay connected. */
export async function raiseVersionRetired(
  deps: AccountsDeps,
  practiceId: string,
  error: PublishingError,
  manager?: EntityManager,
): Promise<void> {
  const name = NETWORK_NAMES[error.network];
  await deps.alerts.raise(
    practiceId,
    {
      kind: 'version_retired',
      severity: 'critical',
      title: `${name} posting is paused: API version retired`,
      message:
        error.adminMessage ??
        `${name} retired the API version we use (${error.networkMessage}). Set LINKEDIN_VERSION to a current version (YYYYMM) and restart.`,
      link: '/accounts',
      dedupeKey: versionRetiredKey(error.network),
      details: {
        network: error.network,
        setting: 'LINKEDIN_VERSION',
        version: error.apiVersion ?? null,
        networkCode: error.networkCode ?? null,
      },
    },
    manager,
  );
}

/** The network refused our app's credentials while refreshing: nobody at the practice can fix that by reconnecting. */
export async function raiseAppRefused(deps: AccountsDeps, practiceId: string, error: PublishingError): Promise<void> {
  const name = NETWORK_NAMES[error.network];
  await deps.alerts.raise(practiceId, {
    kind: 'token_expiring',
    severity: 'critical',
    title: `${name} refused the app's credentials`,
    message: `${error.adminMessage ?? `${name} refused the app's client id/secret.`} Tokens for ${name} cannot be refreshed until this is fixed.`,
    link: '/accounts',
    dedupeKey: appRefusedKey(error.network),
    details: { network: error.network, networkCode: error.networkCode ?? null },
  });
}

/**
 * A network said no while connecting: nothing was stored. Refusals are 400s with the network's own words; a network
 * that could not be reached is a 503 (try again), a throttle a 429.
 */
export function connectFailure(error: unknown, now: Date): Error {
  if (!isPublishingError(error)) return error instanceof Error ? error : new Error(String(error));
  const name = NETWORK_NAMES[error.network];
  const details = { network: error.network, networkCode: error.networkCode ?? null, kind: error.kind };
  switch (error.kind) {
    case 'transient':
    case 'unknown_outcome':
      return new ServiceUnavailableError(
        `${name} could not be reached to check the account (${error.networkMessage}); nothing was stored. Try again in a moment.`,
        details,
      );
    case 'rate_limited': {
      const seconds = Math.max(
        1,
        Math.ceil(((error.retryAt?.getTime() ?? now.getTime() + 60_000) - now.getTime()) / 1000),
      );
      return new TooManyRequestsError(
        `${name} is limiting requests right now; nothing was stored. Try again in ${seconds} seconds.`,
        seconds,
      );
    }
    case 'version_retired':
      return new InvalidInputError(
        `${name} refused the API version we use, so nothing was stored: ${error.adminMessage ?? error.networkMessage}`,
        details,
      );
    case 'auth_expired':
    case 'permission_denied':
    case 'duplicate':
    case 'rejected_content':
      return new InvalidInputError(
        `${name} did not accept this connection, so nothing was stored. ${name} said: ${error.adminMessage ?? error.networkMessage}`,
        details,
      );
  }
}
