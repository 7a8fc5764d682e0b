// What the API shows about an account (never a token, and a health line in plain words) and what the audit keeps.
import { type Network, NETWORK_NAMES } from '@app/publishing';
import type { AccountStatus, Cadence, SocialAccount } from './social-account.entity';
import { canRefresh, reconnectDeadline, tokenEndsAt, USUAL_TOKEN_LIFETIME_MS } from './token-policy';

export interface AccountView {
  id: string;
  network: Network;
  externalId: string;
  name: string;
  handle: string | null;
  /** The Page's or account's picture, as the network serves it (previews show it next to the name). */
  pictureUrl: string | null;
  status: AccountStatus;
  tokenExpiresAt: Date | null;
  /**
   * What is known of the token's end: `network` (it said when), `usual_lifetime` (it did not; reconnectBy counts
   * the network's usual lifetime from when the token was issued), `no_end_date` (a Facebook Page token).
   */
  tokenExpiry: 'network' | 'usual_lifetime' | 'no_end_date';
  /** The app renews the token by itself. */
  refreshesAutomatically: boolean;
  /** When it stops working unless someone reconnects it (null: nothing in sight). */
  reconnectBy: Date | null;
  lastPublishedAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  cadence: Cadence | null;
  evergreenFill: boolean;
  /** Posts scheduled (or being published) to this account; the calendar flags them when it cannot post. */
  scheduledPosts: number;
  /** Failed posts on this account that a retry can help (after a reconnect: "Retry failed posts"). */
  failedPosts: number;
  health: string;
  createdAt: Date;
  updatedAt: Date;
}

export function accountView(
  account: SocialAccount,
  context: { now: Date; oauthConfigured: boolean; scheduledPosts: number; failedPosts?: number },
): AccountView {
  const refreshable = canRefresh(account, context.oauthConfigured, context.now);
  const deadline = account.status === 'connected' ? reconnectDeadline(account, refreshable) : null;
  return {
    id: account.id,
    network: account.network,
    externalId: account.externalId,
    name: account.name,
    handle: account.handle,
    pictureUrl: account.pictureUrl ?? null,
    status: account.status,
    tokenExpiresAt: account.tokenExpiresAt,
    tokenExpiry: account.tokenExpiresAt ? 'network' : tokenEndsAt(account) ? 'usual_lifetime' : 'no_end_date',
    refreshesAutomatically: refreshable,
    reconnectBy: deadline,
    lastPublishedAt: account.lastPublishedAt,
    lastError: account.lastError,
    lastErrorAt: account.lastErrorAt,
    cadence: account.cadence,
    evergreenFill: account.evergreenFill,
    scheduledPosts: context.scheduledPosts,
    failedPosts: context.failedPosts ?? 0,
    health: healthOf(account, refreshable, deadline, context.now, context.scheduledPosts),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  };
}

/** "Token expires in 12 days; it will be refreshed automatically" / "Reconnect needed: Facebook says …". */
export function healthOf(
  account: SocialAccount,
  refreshable: boolean,
  deadline: Date | null,
  now: Date,
  scheduledPosts = 0,
): string {
  const network = NETWORK_NAMES[account.network];
  const waiting =
    scheduledPosts > 0
      ? ` ${scheduledPosts === 1 ? '1 scheduled post is' : `${scheduledPosts} scheduled posts are`} waiting for it.`
      : '';
  switch (account.status) {
    case 'disconnected':
      return `Disconnected: connect it again to publish to this ${network} account.${waiting}`;
    case 'needs_reconnect':
      return `Reconnect needed: ${network} says ${account.lastError ? `"${account.lastError}"` : 'the connection no longer works'}.${waiting}`;
    case 'connected':
      break;
  }
  const expiresAt = account.tokenExpiresAt;
  if (!expiresAt) {
    if (refreshable)
      return deadline
        ? `Connected. The sign-in ends in ${timeUntil(deadline, now)} (${day(deadline)}): reconnect before then.`
        : 'Connected; the token is refreshed automatically.';
    // Never "does not expire" for a token whose end nobody told us: say what the network's tokens usually do.
    const lifetime = USUAL_TOKEN_LIFETIME_MS[account.network];
    if (!lifetime || !deadline)
      return `Connected. ${network} set no end date for this token; it stops working if the person who connected it loses access to the page or changes their password.`;
    const usual = `${network} did not say when this token ends; its tokens last ${timeUntil(new Date(lifetime), new Date(0))} and it cannot be refreshed automatically`;
    return deadline.getTime() <= now.getTime()
      ? `${usual}, so it has most likely stopped working: reconnect the account.`
      : `Connected. ${usual}, so it stops working around ${moment(deadline, now)} (in about ${timeUntil(deadline, now)}): reconnect before then.`;
  }
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) {
    return refreshable
      ? 'The token has expired; it is being refreshed automatically.'
      : `The token expired on ${day(expiresAt)}: reconnect the account to resume posting.`;
  }
  if (!refreshable)
    return `Token expires in ${timeUntil(expiresAt, now)} and cannot be refreshed automatically: reconnect the account before ${day(expiresAt)}.`;
  const renewal = deadline ? ` until ${day(deadline)}, then it must be reconnected` : '';
  return `Token expires in ${timeUntil(expiresAt, now)}; it will be refreshed automatically${renewal}.`;
}

/** "12 days", "3 hours", "40 minutes". */
export function timeUntil(at: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((at.getTime() - now.getTime()) / 60_000));
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes < 90) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 48) return plural(hours, 'hour');
  return plural(Math.round(hours / 24), 'day');
}

/** A day, or a day and time when it is less than two days away. */
function moment(date: Date, now: Date): string {
  return date.getTime() - now.getTime() < 2 * 86_400_000
    ? `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : day(date);
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The audit's view of an account: what changed, never token material. */
export function auditView(account: SocialAccount): Record<string, unknown> {
  return {
    network: account.network,
    externalId: account.externalId,
    name: account.name,
    handle: account.handle,
    status: account.status,
    tokenExpiresAt: account.tokenExpiresAt?.toISOString() ?? null,
    hasRefreshToken: account.refreshTokenEnc !== null,
    cadence: account.cadence,
    evergreenFill: account.evergreenFill,
  };
}
